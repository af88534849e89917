package dev.trymellon.spring.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import dev.trymellon.spring.session.SessionTokenException;
import dev.trymellon.spring.session.TryMellonErrorCode;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * The HTTP side of every {@link TryMellonErrorCode}: its status, and the RFC 6750
 * {@code WWW-Authenticate} header and RFC 9457 {@code application/problem+json} body of
 * every refusal. Bodies hold only fixed text and the error code, never anything taken
 * from the request.
 */
final class ErrorResponses {

	static final String GENERIC_DETAIL = "The session token was refused.";

	private ErrorResponses() {
	}

	static @Nullable SessionTokenException findSessionTokenException(@Nullable Throwable ex) {
		Throwable current = ex;
		for (int depth = 0; current != null && depth < 10; depth++) {
			if (current instanceof SessionTokenException sessionTokenException) {
				return sessionTokenException;
			}
			current = current.getCause();
		}
		return null;
	}

	/**
	 * The status a request refused for the code is answered with: {@code 503} when the
	 * token could not be checked ({@link TryMellonErrorCode#isServiceUnavailable()}),
	 * {@code 400} for a malformed request, {@code 403} for a missing authority, else
	 * {@code 401} (a bad or missing token).
	 */
	static int status(TryMellonErrorCode code) {
		if (code.isServiceUnavailable()) {
			return HttpServletResponse.SC_SERVICE_UNAVAILABLE;
		}
		return switch (code) {
			case INVALID_REQUEST -> HttpServletResponse.SC_BAD_REQUEST;
			case FORBIDDEN, ORIGIN_NOT_ALLOWED -> HttpServletResponse.SC_FORBIDDEN;
			default -> HttpServletResponse.SC_UNAUTHORIZED;
		};
	}

	static String wwwAuthenticate(TryMellonErrorCode code) {
		return switch (status(code)) {
			case 400 -> bearer("invalid_request", code);
			case 403 -> bearer("insufficient_scope", code);
			default -> (code == TryMellonErrorCode.TOKEN_MISSING) ? "Bearer" : bearer("invalid_token", code);
		};
	}

	private static String bearer(String error, TryMellonErrorCode code) {
		return "Bearer error=\"" + error + "\", error_description=\"" + code.name() + "\"";
	}

	static String detail(TryMellonErrorCode code) {
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
			default -> GENERIC_DETAIL;
		};
	}

	static void write(HttpServletResponse response, int status, @Nullable TryMellonErrorCode code,
			@Nullable String detail) throws IOException {
		response.setStatus(status);
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
		StringBuilder json = new StringBuilder(160);
		json.append("{\"type\":\"about:blank\",\"title\":");
		quote(json, title(status));
		json.append(",\"status\":").append(status);
		if (detail != null) {
			json.append(",\"detail\":");
			quote(json, detail);
		}
		if (code != null) {
			json.append(",\"code\":");
			quote(json, code.name());
		}
		json.append('}');
		byte[] body = json.toString().getBytes(StandardCharsets.UTF_8);
		response.setContentLength(body.length);
		response.getOutputStream().write(body);
		response.flushBuffer();
	}

	private static String title(int status) {
		HttpStatus resolved = HttpStatus.resolve(status);
		return (resolved != null) ? resolved.getReasonPhrase() : "Error";
	}

	private static void quote(StringBuilder json, String value) {
		json.append('"');
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			switch (c) {
				case '"' -> json.append("\\\"");
				case '\\' -> json.append("\\\\");
				default -> {
					if (c < 0x20) {
						json.append(String.format("\\u%04x", (int) c));
					}
					else {
						json.append(c);
					}
				}
			}
		}
		json.append('"');
	}

}
