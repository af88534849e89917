package dev.trymellon.spring.autoconfigure.attack;

import org.jspecify.annotations.Nullable;

import dev.trymellon.spring.session.TryMellonErrorCode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One crafted request of a token corpus: its name, the answer it must get (status and
 * error code, or a refusal by the server before the application), and how it is sent.
 *
 * @param name the row's name, shown in the test report
 * @param status the expected HTTP status
 * @param code the expected error code, or {@code null} when the server itself refuses
 * the request before any application code runs
 * @param csrf whether the refusal is the CSRF one (403 without {@code WWW-Authenticate})
 * @param attack sends the request
 */
record TokenRow(String name, int status, @Nullable TryMellonErrorCode code, boolean csrf, Attack attack) {

	/** Sends one crafted request. */
	@FunctionalInterface
	interface Attack {

		Answer run(Wire wire) throws Exception;

	}

	/** The same row under another name. */
	TokenRow named(String name) {
		return new TokenRow(name, this.status, this.code, this.csrf, this.attack);
	}

	/** Refused by the application with this code (and its status). */
	static TokenRow refused(String name, TryMellonErrorCode code, Attack attack) {
		return new TokenRow(name, expectedStatus(code), code, false, attack);
	}

	/**
	 * The status docs/errors.md gives each code, stated here on its own so that the corpus
	 * does not take it from the table it checks.
	 */
	private static int expectedStatus(TryMellonErrorCode code) {
		return switch (code) {
			case INVALID_REQUEST -> 400;
			case FORBIDDEN -> 403;
			case KEYS_UNAVAILABLE, INTROSPECTION_FAILED, RATE_LIMIT_EXCEEDED -> 503;
			default -> 401;
		};
	}

	/** Refused by CSRF protection: 403 {@code FORBIDDEN}, no challenge. */
	static TokenRow csrfRefused(String name, Attack attack) {
		return new TokenRow(name, 403, TryMellonErrorCode.FORBIDDEN, true, attack);
	}

	/** Refused by the server (Tomcat) before the application sees the request. */
	static TokenRow serverRefused(String name, int status, Attack attack) {
		return new TokenRow(name, status, null, false, attack);
	}

	/**
	 * Sends the request and checks the answer: the expected status, never 500, never the
	 * protected body, the exact code in both the {@code WWW-Authenticate} challenge and
	 * the problem+json body.
	 */
	void check(Wire wire) throws Exception {
		Answer answer = this.attack.run(wire);
		String as = this.name + " -> " + answer;
		assertThat(answer.status()).as(as).isNotEqualTo(500).isEqualTo(this.status);
		assertThat(answer.body()).as(as).doesNotContain(AttackApplication.PROTECTED);
		if (this.code == null) {
			assertThat(answer.body()).as(as).doesNotContain("\"code\"");
			assertThat(answer.header("WWW-Authenticate")).as(as).isNull();
			return;
		}
		assertThat(answer.header("Content-Type")).as(as).startsWith("application/problem+json");
		assertThat(answer.problemCode()).as(as).isEqualTo(this.code.name());
		assertThat(answer.header("WWW-Authenticate")).as(as).isEqualTo(expectedChallenge());
		if (this.csrf) {
			assertThat(answer.body()).as(as).contains("CSRF");
		}
		else if (this.code != TryMellonErrorCode.TOKEN_MISSING) {
			assertThat(answer.errorDescription()).as(as).isEqualTo(this.code.name());
		}
	}

	private @Nullable String expectedChallenge() {
		if (this.csrf) {
			return null;
		}
		TryMellonErrorCode expected = this.code;
		if (expected == TryMellonErrorCode.TOKEN_MISSING) {
			return "Bearer";
		}
		String error = switch (this.status) {
			case 400 -> "invalid_request";
			case 403 -> "insufficient_scope";
			default -> "invalid_token";
		};
		return "Bearer error=\"" + error + "\", error_description=\"" + expected.name() + "\"";
	}

	@Override
	public String toString() {
		return this.name;
	}

}
