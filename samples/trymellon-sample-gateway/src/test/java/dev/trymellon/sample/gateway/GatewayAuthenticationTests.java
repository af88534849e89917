package dev.trymellon.sample.gateway;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.trymellon.spring.test.TryMellonTestIssuer;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway over real HTTP, in front of a small HTTP server on 127.0.0.1 that records
 * what reaches it: the starter authenticates the routes (401, 403, 200), and the verified
 * user id, and only it, arrives downstream in {@code X-TryMellon-User-Id}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class GatewayAuthenticationTests {

	private static final TryMellonTestIssuer issuer = TryMellonTestIssuer.start();

	private static final Downstream downstream = Downstream.start();

	@LocalServerPort
	int port;

	private WebTestClient client;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		issuer.properties().forEach((name, value) -> registry.add(name, () -> value));
		registry.add("sample.gateway.downstream-uri", () -> "http://127.0.0.1:" + downstream.port());
	}

	@AfterAll
	static void stop() {
		downstream.stop();
		issuer.close();
	}

	@BeforeEach
	void setUp() {
		this.client = WebTestClient.bindToServer()
			.baseUrl("http://127.0.0.1:" + this.port)
			.responseTimeout(Duration.ofSeconds(20))
			.build();
		downstream.requests.clear();
	}

	@Test
	void withoutATokenTheRouteIsRefused401AndNothingReachesDownstream() {
		this.client.get()
			.uri("/api/orders")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.valueEquals("WWW-Authenticate", "Bearer")
			.expectHeader()
			.contentType("application/problem+json");
		assertThat(downstream.requests).isEmpty();
	}

	@Test
	void forgedTokenIsRefused401AsInvalidToken() {
		String token = issuer.token().userId("usr_alice").build();
		this.client.get()
			.uri("/api/orders")
			.header("Authorization", "Bearer " + token.substring(0, token.length() - 4) + "AAAA")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.value("WWW-Authenticate", (value) -> assertThat(value).contains("error=\"invalid_token\""));
		assertThat(downstream.requests).isEmpty();
	}

	@Test
	void verifiedUserIdIsPassedDownstream() {
		this.client.get()
			.uri("/api/orders")
			.header("Authorization", "Bearer " + issuer.token().userId("usr_alice").build())
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.isEqualTo("downstream /api/orders");
		assertThat(downstream.requests).singleElement()
			.satisfies((request) -> assertThat(request.userIds()).containsExactly("usr_alice"));
	}

	@Test
	void clientSentUserIdHeadersAreRemovedAndReplacedByTheVerifiedOne() {
		this.client.get()
			.uri("/api/orders")
			.header("Authorization", "Bearer " + issuer.token().userId("usr_alice").build())
			.header("X-TryMellon-User-Id", "usr_admin")
			.header("x-trymellon-user-id", "usr_other")
			.header("X-TRYMELLON-USER-ID", "usr_third")
			.exchange()
			.expectStatus()
			.isOk();
		assertThat(downstream.requests).singleElement()
			.satisfies((request) -> assertThat(request.userIds()).containsExactly("usr_alice"));
	}

	@Test
	void clientSentUserIdHeaderIsRemovedOnAnOpenRouteWithoutSession() {
		this.client.get()
			.uri("/public/info")
			.header("X-TryMellon-User-Id", "usr_admin")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.isEqualTo("downstream /public/info");
		assertThat(downstream.requests).singleElement()
			.satisfies((request) -> assertThat(request.userIds()).isEmpty());
	}

	@Test
	void adminRouteNeedsTheAdminRole() {
		this.client.get()
			.uri("/admin/reports")
			.header("Authorization", "Bearer " + issuer.token().userId("usr_alice").build())
			.header("X-TryMellon-User-Id", "usr_admin")
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectHeader()
			.value("WWW-Authenticate", (value) -> assertThat(value).contains("error=\"insufficient_scope\""));
		assertThat(downstream.requests).isEmpty();
		this.client.get()
			.uri("/admin/reports")
			.header("Authorization",
					"Bearer " + issuer.token().userId("usr_ada").customClaim("roles", "admin").build())
			.exchange()
			.expectStatus()
			.isOk();
		assertThat(downstream.requests).singleElement()
			.satisfies((request) -> assertThat(request.userIds()).containsExactly("usr_ada"));
	}

	/**
	 * A tiny HTTP server on 127.0.0.1 that records the path and the
	 * {@code X-TryMellon-User-Id} values of each request and answers
	 * {@code downstream <path>}.
	 */
	record Downstream(HttpServer server, List<Received> requests) {

		static Downstream start() {
			try {
				HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
				Downstream downstream = new Downstream(server, new CopyOnWriteArrayList<>());
				server.createContext("/", (exchange) -> {
					List<String> userIds = exchange.getRequestHeaders().get("X-TryMellon-User-Id");
					String path = exchange.getRequestURI().getPath();
					downstream.requests.add(new Received(path, (userIds != null) ? List.copyOf(userIds) : List.of()));
					byte[] body = ("downstream " + path).getBytes(StandardCharsets.UTF_8);
					exchange.sendResponseHeaders(200, body.length);
					try (OutputStream out = exchange.getResponseBody()) {
						out.write(body);
					}
				});
				server.start();
				return downstream;
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
		}

		int port() {
			return this.server.getAddress().getPort();
		}

		void stop() {
			this.server.stop(0);
		}

	}

	record Received(String path, List<String> userIds) {
	}

}
