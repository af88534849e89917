package dev.trymellon.spring.benchmarks;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import dev.trymellon.spring.benchmarks.Answers.Answer;
import dev.trymellon.spring.benchmarks.Answers.BadTokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The applications of the whole-request scenarios, servlet and reactive, answer alike
 * before anything is measured: ours and Spring's resource server accept the same good
 * tokens (repeated or never seen) with the same body, and refuse the same bad ones with
 * the same status, so that no benchmark measures an error path; and the check each
 * benchmark runs before measuring fails for an application that does not.
 */
class WholeRequestApplicationsTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static BenchmarkTokens tokens;

	private static BadTokens bad;

	private static String good;

	private static FilterPathApplications.Running servletTryMellon;

	private static FilterPathApplications.Running servletResourceServer;

	private static ReactivePathApplications.Running reactiveTryMellon;

	private static ReactivePathApplications.Running reactiveResourceServer;

	@BeforeAll
	static void start() {
		tokens = BenchmarkTokens.generate();
		bad = BadTokens.of(tokens);
		good = "Bearer " + tokens.mint(0, Instant.now());
		servletTryMellon = FilterPathApplications.withTryMellon(tokens, true);
		servletResourceServer = FilterPathApplications.withResourceServer(tokens, true);
		reactiveTryMellon = ReactivePathApplications.withTryMellon(tokens);
		reactiveResourceServer = ReactivePathApplications.withResourceServer(tokens);
	}

	@AfterAll
	static void stop() {
		for (AutoCloseable running : new AutoCloseable[] { servletTryMellon, servletResourceServer, reactiveTryMellon,
				reactiveResourceServer }) {
			if (running != null) {
				try {
					running.close();
				}
				catch (Exception ex) {
					// the next one is closed all the same
				}
			}
		}
	}

	@Test
	void servletApplicationsAcceptTheSameTokenWithTheSameBody() throws Exception {
		assertSameSession(servletTryMellon.get(good), servletResourceServer.get(good), 0);
	}

	@Test
	void reactiveApplicationsAcceptTheSameTokenWithTheSameBody() throws Exception {
		assertSameSession(reactiveTryMellon.get(good), reactiveResourceServer.get(good), 0);
	}

	@Test
	void reactiveApplicationsAcceptATokenNeverSeenAndTheSameTokenAgain() throws Exception {
		String unique = "Bearer " + tokens.mint(5_000, Instant.now());
		assertSameSession(reactiveTryMellon.get(unique), reactiveResourceServer.get(unique), 5_000);
		assertSameSession(reactiveTryMellon.get(unique), reactiveResourceServer.get(unique), 5_000);
	}

	@Test
	void servletApplicationsRefuseTheSameBadTokensWith401() throws Exception {
		assertSameRefusals(servletTryMellon::get, servletResourceServer::get);
	}

	@Test
	void reactiveApplicationsRefuseTheSameBadTokensWith401() throws Exception {
		assertSameRefusals(reactiveTryMellon::get, reactiveResourceServer::get);
	}

	@Test
	void theCheckBeforeMeasuringPassesForEveryApplication() throws Exception {
		Answers.checkBeforeMeasuring(servletTryMellon::get, good, bad, true);
		Answers.checkBeforeMeasuring(servletResourceServer::get, good, bad, true);
		Answers.checkBeforeMeasuring(reactiveTryMellon::get, good, bad, true);
		Answers.checkBeforeMeasuring(reactiveResourceServer::get, good, bad, true);
	}

	@Test
	void theCheckBeforeMeasuringFailsForAnApplicationThatRefusesGoodTokens() {
		Answers.Client refusesAll = (authorization) -> new Answer(401, "Bearer error=\"invalid_token\"", "");
		assertThatIllegalStateException()
			.isThrownBy(() -> Answers.checkBeforeMeasuring(refusesAll, good, bad, true))
			.withMessageStartingWith("a good token answered 401");
	}

	@Test
	void theCheckBeforeMeasuringFailsForAnApplicationThatAcceptsBadTokens() throws Exception {
		String body = reactiveTryMellon.get(good).body();
		Answers.Client acceptsForged = (authorization) -> (authorization == null)
				? new Answer(401, "Bearer", "") : new Answer(200, null, body);
		assertThatIllegalStateException()
			.isThrownBy(() -> Answers.checkBeforeMeasuring(acceptsForged, good, bad, true))
			.withMessageStartingWith("a forged token answered");
		Answers.Client acceptsExpired = (authorization) -> {
			if (authorization == null) {
				return new Answer(401, "Bearer", "");
			}
			return authorization.equals(bad.forged()) ? new Answer(401, "Bearer error=\"invalid_token\"", "")
					: new Answer(200, null, body);
		};
		assertThatIllegalStateException()
			.isThrownBy(() -> Answers.checkBeforeMeasuring(acceptsExpired, good, bad, true))
			.withMessageStartingWith("an expired token answered");
	}

	@Test
	void theMeasuredReactiveRequestFailsOnAnythingButA200() {
		assertThat(reactiveTryMellon.perform(good)).isPositive();
		assertThat(reactiveResourceServer.perform(good)).isPositive();
		assertThatIllegalStateException().isThrownBy(() -> reactiveTryMellon.perform(bad.forged()))
			.withMessageStartingWith("GET /api/me answered 401");
		assertThatIllegalStateException().isThrownBy(() -> reactiveResourceServer.perform(bad.expired()))
			.withMessageStartingWith("GET /api/me answered 401");
	}

	private static void assertSameSession(Answer ours, Answer theirs, long user) {
		assertThat(ours.status()).isEqualTo(200);
		assertThat(theirs.status()).isEqualTo(200);
		assertThat(ours.isSessionOf(BenchmarkTokens.userId("user", user))).as(ours.body()).isTrue();
		assertThat(theirs.isSessionOf(BenchmarkTokens.userId("user", user))).as(theirs.body()).isTrue();
		Map<String, Object> ourBody = json.readValue(ours.body(), Map.class);
		Map<String, Object> theirBody = json.readValue(theirs.body(), Map.class);
		assertThat(ourBody).containsOnlyKeys("userId", "externalUserId", "tenantId", "appId", "customClaims",
				"authorities");
		// The same authorities (the roles and FACTOR_BEARER), in whatever order each stack adds them.
		assertThat(ourBody).usingRecursiveComparison().ignoringCollectionOrder().isEqualTo(theirBody);
		assertThat((Map<?, ?>) ourBody.get("customClaims")).hasSize(10);
		assertThat(ourBody.get("authorities")).asInstanceOf(InstanceOfAssertFactories.list(String.class))
			.startsWith("ROLE_ADMIN", "ROLE_EDITOR");
	}

	private static void assertSameRefusals(Answers.Client ours, Answers.Client theirs) throws Exception {
		for (Answers.Client app : List.of(ours, theirs)) {
			Answer none = app.get(null);
			assertThat(none.isMissingTokenRefusal()).as(none.toString()).isTrue();
			Answer forged = app.get(bad.forged());
			assertThat(forged.isInvalidTokenRefusal()).as(forged.toString()).isTrue();
			Answer expired = app.get(bad.expired());
			assertThat(expired.isInvalidTokenRefusal()).as(expired.toString()).isTrue();
			Answer malformed = app.get("Bearer not.a.token");
			assertThat(malformed.isInvalidTokenRefusal()).as(malformed.toString()).isTrue();
		}
	}

}
