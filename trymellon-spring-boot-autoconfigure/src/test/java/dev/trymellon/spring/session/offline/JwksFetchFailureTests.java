package dev.trymellon.spring.session.offline;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.trymellon.spring.testfixtures.TestTokens;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A failed JWKS fetch says what went wrong, in a few words, without the URL (the log line
 * names it once): the HTTP status, a timeout, an unknown host, a refused connection, a
 * document that is not a JWKS or is too large.
 */
class JwksFetchFailureTests {

	private final MockWebServer server = new MockWebServer();

	private URI uri;

	@BeforeEach
	void start() throws IOException {
		this.server.start(InetAddress.getByName("127.0.0.1"), 0);
		this.uri = URI.create(this.server.url("/.well-known/jwks.json").toString());
	}

	@AfterEach
	void stop() {
		this.server.close();
	}

	private JwksKeySource.Status failWith(JwksKeySource keys) {
		try (keys) {
			assertThat(keys.refreshNow()).isFalse();
			JwksKeySource.Status status = keys.status();
			assertThat(status.lastFetchFailed()).isTrue();
			assertThat(status.failures()).isEqualTo(1);
			assertThat(status.lastFailure()).doesNotContain("127.0.0.1").doesNotContain("jwks.json");
			return status;
		}
	}

	private JwksKeySource.Status failWith(MockResponse response) {
		this.server.enqueue(response);
		return failWith(JwksKeySource.fromUri(this.uri).build());
	}

	@Test
	void statusWhenServerAnswers503ThenCauseIsTheStatus() {
		assertThat(failWith(new MockResponse.Builder().code(503).body("down").build()).lastFailure())
			.isEqualTo("HTTP status 503");
	}

	@Test
	void statusWhenServerAnswers404ThenCauseIsNotFound() {
		assertThat(failWith(new MockResponse.Builder().code(404).build()).lastFailure())
			.isEqualTo("not found (HTTP 404 or 410)");
	}

	@Test
	void statusWhenServerIsTooSlowThenCauseIsATimeout() {
		this.server.enqueue(new MockResponse.Builder().code(200)
			.body(TestTokens.jwks(TestTokens.KEY))
			.headersDelay(2, TimeUnit.SECONDS)
			.build());
		JwksKeySource keys = JwksKeySource.fromUri(this.uri)
			.timeouts(Duration.ofSeconds(1), Duration.ofMillis(200))
			.build();
		assertThat(failWith(keys).lastFailure()).startsWith("timed out");
	}

	@Test
	void statusWhenDocumentIsNotJsonThenCauseIsAParseError() {
		assertThat(failWith(new MockResponse.Builder().code(200).body("<html>maintenance</html>").build())
			.lastFailure()).startsWith("not a usable JWKS document:");
	}

	@Test
	void statusWhenDocumentHoldsNoUsableKeyThenCauseSaysSo() {
		assertThat(failWith(new MockResponse.Builder().code(200).body("{\"keys\":[]}").build()).lastFailure())
			.isEqualTo("not a usable JWKS document: it holds no key usable with [RS256]");
	}

	@Test
	void statusWhenDocumentTooLargeThenCauseNamesTheLimit() {
		this.server.enqueue(new MockResponse.Builder().code(200)
			.body("{\"keys\":[],\"pad\":\"" + "x".repeat(4096) + "\"}")
			.build());
		assertThat(failWith(JwksKeySource.fromUri(this.uri).maxSize(1024).build()).lastFailure())
			.startsWith("document larger than 'trymellon.jwks.max-size'");
	}

	@Test
	void statusWhenNothingListensThenCauseIsConnectionRefused() {
		assertThat(failWith(JwksKeySource.fromUri(TestTokens.unreachableJwksUri()).build()).lastFailure())
			.isEqualTo("connection refused");
	}

	@Test
	void statusWhenHostUnknownThenCauseNamesTheHost() {
		// The resolver's answer, without asking one: tests never reach a DNS server.
		JwksKeySource keys = JwksKeySource.fromUri(URI.create("https://keys.example.invalid/jwks.json"))
			.fetcher(() -> {
				throw new UnknownHostException("keys.example.invalid");
			})
			.build();
		try (keys) {
			assertThat(keys.refreshNow()).isFalse();
			assertThat(keys.status().lastFailure()).isEqualTo("unknown host keys.example.invalid");
		}
	}

	@Test
	void statusWhenAFetchSucceedsAfterAFailureThenTheCauseIsCleared() {
		this.server.enqueue(new MockResponse.Builder().code(500).build());
		this.server.enqueue(new MockResponse.Builder().code(200).body(TestTokens.jwks(TestTokens.KEY)).build());
		try (JwksKeySource keys = JwksKeySource.fromUri(this.uri).build()) {
			assertThat(keys.refreshNow()).isFalse();
			assertThat(keys.status().lastFailure()).isEqualTo("HTTP status 500");
			assertThat(keys.refreshNow()).isTrue();
			JwksKeySource.Status status = keys.status();
			assertThat(status.lastFailure()).isNull();
			assertThat(status.lastFetchFailed()).isFalse();
			assertThat(status.fetches()).isEqualTo(2);
			assertThat(status.failures()).isEqualTo(1);
			assertThat(status.keys()).isEqualTo(1);
			assertThat(status.usable()).isTrue();
		}
	}

}
