package dev.trymellon.spring.benchmarks;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * The answers of the whole-request applications, and the check every whole-request
 * benchmark makes before it measures: a benchmark must measure the path that accepts a
 * good token, never an error path, and a secured application must refuse bad tokens.
 */
final class Answers {

	private Answers() {
	}

	/**
	 * What an application answered to {@code GET /api/me}.
	 * @param status the HTTP status
	 * @param wwwAuthenticate the {@code WWW-Authenticate} header, if any
	 * @param body the body as text
	 */
	record Answer(int status, @Nullable String wwwAuthenticate, String body) {

		/**
		 * Whether this is the answer to a good token of the given user: 200 and the body
		 * of the scenarios' {@code /api/me} (user id, the ten custom claims, the roles).
		 */
		boolean isSessionOf(String userId) {
			return this.status == 200 && this.body.contains("\"userId\":\"" + userId + "\"")
					&& this.body.contains("\"seats\":25") && this.body.contains("ROLE_ADMIN")
					&& this.body.contains("ROLE_EDITOR");
		}

		/**
		 * Whether this is an RFC 6750 refusal of a bad token: 401 with
		 * {@code WWW-Authenticate: Bearer error="invalid_token"}.
		 */
		boolean isInvalidTokenRefusal() {
			return this.status == 401 && this.wwwAuthenticate != null && this.wwwAuthenticate.startsWith("Bearer")
					&& this.wwwAuthenticate.contains("error=\"invalid_token\"");
		}

		/**
		 * Whether this is the refusal of a request without a token: 401 with a
		 * {@code Bearer} challenge.
		 */
		boolean isMissingTokenRefusal() {
			return this.status == 401 && this.wwwAuthenticate != null && this.wwwAuthenticate.startsWith("Bearer");
		}

	}

	/**
	 * Sends {@code GET /api/me} to an application.
	 */
	@FunctionalInterface
	interface Client {

		/**
		 * Sends the request.
		 * @param authorization the {@code Authorization} header, {@code null} for none
		 * @return the answer
		 * @throws Exception when the request cannot be sent
		 */
		Answer get(@Nullable String authorization) throws Exception;

	}

	/**
	 * Requests that a secured application must refuse with {@code invalid_token}.
	 * @param forged a token of the same user and {@code kid}, signed with another key
	 * @param expired a token of the same user signed with the right key, expired an hour ago
	 */
	record BadTokens(String forged, String expired) {

		static BadTokens of(BenchmarkTokens tokens) {
			String forged = "Bearer " + BenchmarkTokens.generate().mint(0, Instant.now());
			String expired = "Bearer " + tokens.mint(0, Instant.now().minus(Duration.ofHours(2)));
			return new BadTokens(forged, expired);
		}

	}

	/**
	 * Fails unless the application accepts the good token of user 0 with the expected
	 * body and, when secured, refuses a forged token, an expired one and none with 401
	 * (unsecured: answers 200 without a token).
	 * @param app the application
	 * @param goodHeader the {@code Authorization} header of a good token of user 0
	 * @param bad the bad tokens
	 * @param secured whether the application is secured
	 * @throws Exception when a request cannot be sent
	 */
	static void checkBeforeMeasuring(Client app, String goodHeader, BadTokens bad, boolean secured)
			throws Exception {
		Answer ok = app.get(goodHeader);
		TokenVerificationBenchmark.check(ok.isSessionOf(BenchmarkTokens.userId("user", 0)),
				"a good token answered " + ok.status() + ": " + ok.body());
		Answer anonymous = app.get(null);
		if (!secured) {
			TokenVerificationBenchmark.check(anonymous.status() == 200,
					"a request without a token answered " + anonymous.status());
			return;
		}
		TokenVerificationBenchmark.check(anonymous.isMissingTokenRefusal(),
				"a request without a token answered " + anonymous);
		Answer forged = app.get(bad.forged());
		TokenVerificationBenchmark.check(forged.isInvalidTokenRefusal(), "a forged token answered " + forged);
		Answer expired = app.get(bad.expired());
		TokenVerificationBenchmark.check(expired.isInvalidTokenRefusal(), "an expired token answered " + expired);
	}

}
