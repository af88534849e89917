package dev.trymellon.spring.web.internal;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

import dev.trymellon.spring.session.SessionTokenException;
import dev.trymellon.spring.session.TryMellonErrorCode;

import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.InternalAuthenticationServiceException;
import org.springframework.security.core.AuthenticationException;

/**
 * The HTTP answer to a refused request, whatever the web stack writes it: its status, the
 * RFC 6750 {@code WWW-Authenticate} or the {@code Retry-After} header, and the RFC 9457
 * {@code application/problem+json} body. Bodies hold only fixed text and the error code,
 * never anything taken from the request. The servlet entry point and access-denied
 * handler, and their reactive counterparts, write exactly these answers.
 *
 * @param status the HTTP status
 * @param wwwAuthenticate the {@code WWW-Authenticate} value, or {@code null} for none
 * @param retryAfterSeconds the {@code Retry-After} value in seconds, or {@code null} for
 * none
 * @param code the error code of the body, or {@code null} for none
 * @param detail the body's {@code detail}
 * @author TryMellon
 * @since 0.2.0
 */
public record ErrorAnswer(int status, @Nullable String wwwAuthenticate, @Nullable Long retryAfterSeconds,
		@Nullable TryMellonErrorCode code, String detail) {

	/**
	 * The detail of a code that has no text of its own.
	 */
	public static final String GENERIC_DETAIL = "The session token was refused.";

	/**
	 * The detail of an internal failure ({@code 500}).
	 */
	public static final String INTERNAL_ERROR_DETAIL = "The request could not be authenticated.";

	/**
	 * The detail of a missing or invalid CSRF token.
	 */
	public static final String CSRF_DETAIL = "The CSRF token is missing or invalid.";

	/**
	 * The content type of every body.
	 */
	public static final String CONTENT_TYPE = "application/problem+json";

	/**
	 * The {@code Cache-Control} value of every answer.
	 */
	public static final String CACHE_CONTROL = "no-store";

	/**
	 * The answer to a request that could not be authenticated:
	 * <ul>
	 * <li>an {@link InternalAuthenticationServiceException} (a bug): {@code 500}, generic
	 * body without code;</li>
	 * <li>a {@link SessionTokenException} in the cause chain that could not be checked:
	 * {@code 503} with {@code Retry-After} (the one TryMellon's API asked for, if any);</li>
	 * <li>any other code: its {@link #status(TryMellonErrorCode) status} and
	 * {@link #wwwAuthenticate(TryMellonErrorCode) challenge};</li>
	 * <li>no {@link SessionTokenException}: {@code TOKEN_MISSING}.</li>
	 * </ul>
	 * @param exception the failure
	 * @param retryAfter the {@code Retry-After} of {@code 503} answers
	 * @return the answer
	 */
	public static ErrorAnswer forAuthenticationFailure(AuthenticationException exception, Duration retryAfter) {
		if (exception instanceof InternalAuthenticationServiceException) {
			return new ErrorAnswer(500, null, null, null, INTERNAL_ERROR_DETAIL);
		}
		SessionTokenException cause = AuthenticationFailures.findSessionTokenException(exception);
		TryMellonErrorCode code = (cause != null) ? cause.getErrorCode() : TryMellonErrorCode.TOKEN_MISSING;
		if (code.isServiceUnavailable()) {
			// TryMellon's own Retry-After (a rate-limited API) wins over the configured one
			Duration asked = (cause != null) ? cause.getRetryAfter() : null;
			long seconds = (asked != null) ? Math.max(1, asked.getSeconds()) : retryAfter.getSeconds();
			return new ErrorAnswer(status(code), null, seconds, code, detail(code));
		}
		return new ErrorAnswer(status(code), wwwAuthenticate(code), null, code, detail(code));
	}

	/**
	 * The answer to an authenticated request that is refused: {@code 403}, code
	 * {@code FORBIDDEN}, with {@code WWW-Authenticate: Bearer error="insufficient_scope"}
	 * when the session lacks an authority, without it for a CSRF refusal (a new token
	 * would not help).
	 * @param csrf whether the refusal is a missing or invalid CSRF token
	 * @return the answer
	 */
	public static ErrorAnswer forAccessDenied(boolean csrf) {
		TryMellonErrorCode code = TryMellonErrorCode.FORBIDDEN;
		if (csrf) {
			return new ErrorAnswer(status(code), null, null, code, CSRF_DETAIL);
		}
		return new ErrorAnswer(status(code), wwwAuthenticate(code), null, code, detail(code));
	}

	/**
	 * The status a request refused for the code is answered with: {@code 503} when the
	 * token could not be checked ({@link TryMellonErrorCode#isServiceUnavailable()}),
	 * {@code 400} for a malformed request, {@code 403} for a missing authority, else
	 * {@code 401} (a bad or missing token).
	 * @param code the error code
	 * @return the HTTP status
	 */
	public static int status(TryMellonErrorCode code) {
		if (code.isServiceUnavailable()) {
			return 503;
		}
		return switch (code) {
			case INVALID_REQUEST -> 400;
			case FORBIDDEN, ORIGIN_NOT_ALLOWED -> 403;
			default -> 401;
		};
	}

	/**
	 * The RFC 6750 challenge of a refusal with the code: {@code Bearer} alone for a
	 * missing token, else {@code Bearer error="...", error_description="<CODE>"} with
	 * {@code invalid_request}, {@code insufficient_scope} or {@code invalid_token}.
	 * @param code the error code
	 * @return the {@code WWW-Authenticate} value
	 */
	public static String wwwAuthenticate(TryMellonErrorCode code) {
		return switch (status(code)) {
			case 400 -> bearer("invalid_request", code);
			case 403 -> bearer("insufficient_scope", code);
			default -> (code == TryMellonErrorCode.TOKEN_MISSING) ? "Bearer" : bearer("invalid_token", code);
		};
	}

	private static String bearer(String error, TryMellonErrorCode code) {
		return "Bearer error=\"" + error + "\", error_description=\"" + code.name() + "\"";
	}

	/**
	 * The body's {@code detail} for the code: fixed text, never from the request.
	 * @param code the error code
	 * @return the detail
	 */
	public static String detail(TryMellonErrorCode code) {
		return switch (code) {
			case TOKEN_MISSING -> "A TryMellon session token is required.";
			case TOKEN_MALFORMED -> "The session token is malformed.";
			case ALGORITHM_NOT_ALLOWED -> "The session token is signed with an algorithm that is not allowed.";
			case JWT_KID_MISMATCH -> "No published signing key matches the session token.";
			case SIGNATURE_INVALID -> "The session token's signature is invalid.";
			case SESSION_EXPIRED -> "The session has expired.";
			case TOKEN_NOT_YET_VALID -> "The session token is not valid yet.";
			case TOKEN_LIFETIME_TOO_LONG -> "The session token's lifetime is longer than accepted.";
			case TOKEN_TYPE_MISMATCH -> "The token is not a TryMellon session token.";
			case ISSUER_MISMATCH -> "The session token was not issued by the expected issuer.";
			case AUDIENCE_MISMATCH -> "The session token was not issued for this application.";
			case AUTHORIZED_PARTY_MISMATCH -> "The session token's authorized party is not accepted.";
			case APP_ID_MISMATCH -> "The session token belongs to another TryMellon application.";
			case TENANT_ID_MISMATCH -> "The session token belongs to another tenant.";
			case CUSTOM_CLAIMS_TOO_LARGE -> "The session token's custom claims are too large.";
			case SESSION_REVOKED -> "The session has been revoked.";
			case SANDBOX_TOKEN_REJECTED -> "Sandbox session tokens are not accepted.";
			case INVALID_REQUEST -> "The request carries the session token more than once or in conflicting places.";
			case FORBIDDEN -> "The session lacks the authority this resource requires.";
			case ORIGIN_NOT_ALLOWED -> "The request was sent from an origin that is not allowed.";
			case KEYS_UNAVAILABLE -> "The session token cannot be checked right now: no signing keys are available.";
			case INTROSPECTION_FAILED -> "The session token cannot be checked right now: TryMellon's API is unavailable.";
			case RATE_LIMIT_EXCEEDED -> "The session token cannot be checked right now: TryMellon's API is rate-limiting.";
			case SESSION_INVALID -> "TryMellon does not accept the session token.";
			case USER_ID_MISMATCH -> "TryMellon attributes the session token to another user.";
			default -> GENERIC_DETAIL;
		};
	}

	/**
	 * Returns the RFC 9457 body: {@code type}, {@code title} (the status's reason
	 * phrase), {@code status}, {@code detail} and, when set, {@code code}, as UTF-8 JSON.
	 * @return the body bytes
	 */
	public byte[] body() {
		StringBuilder json = new StringBuilder(160);
		json.append("{\"type\":\"about:blank\",\"title\":");
		JsonText.quote(json, title(this.status));
		json.append(",\"status\":").append(this.status);
		json.append(",\"detail\":");
		JsonText.quote(json, this.detail);
		if (this.code != null) {
			json.append(",\"code\":");
			JsonText.quote(json, this.code.name());
		}
		json.append('}');
		return json.toString().getBytes(StandardCharsets.UTF_8);
	}

	private static String title(int status) {
		HttpStatus resolved = HttpStatus.resolve(status);
		return (resolved != null) ? resolved.getReasonPhrase() : "Error";
	}

}
