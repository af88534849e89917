package dev.trymellon.spring.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.sun.net.httpserver.HttpExchange;
import org.jspecify.annotations.Nullable;

/**
 * The HTTP side of {@link TryMellonTestApi}: {@code GET /v1/sessions/validate} and
 * {@code POST /oauth/introspect} on the issuer's server. Every request is counted, then
 * waits as programmed, then gets the next programmed fault or the real answer.
 */
final class ApiEndpoints {

	/** At most this much form body is read from an introspection request. */
	private static final int MAX_FORM_BYTES = 16 * 1024;

	private final TryMellonTestApi api;

	private final SessionCheck sessions;

	private final ApiFaults faults;

	private final Clock clock;

	ApiEndpoints(TryMellonTestApi api, SessionCheck sessions, ApiFaults faults, Clock clock) {
		this.api = api;
		this.sessions = sessions;
		this.faults = faults;
		this.clock = clock;
	}

	void validate(HttpExchange exchange) throws IOException {
		try (exchange) {
			this.api.countValidate();
			if (!ready(exchange, "GET")) {
				return;
			}
			String authorization = exchange.getRequestHeaders().getFirst("Authorization");
			if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)
					|| authorization.substring(7).isBlank()) {
				send(exchange, 401, error("unauthorized", "A bearer session token is required"));
				return;
			}
			SessionCheck.Outcome outcome = this.sessions.check(authorization.substring(7).trim());
			JWTClaimsSet claims = outcome.claims();
			if (claims == null) {
				send(exchange, 401, error(String.valueOf(outcome.code()), outcome.message()));
				return;
			}
			Map<String, Object> data;
			try {
				data = data(claims);
			}
			catch (ParseException ex) {
				send(exchange, 401,
						error(SessionCheck.INVALID_SESSION_TOKEN, "The session token's payload is malformed"));
				return;
			}
			send(exchange, 200, this.faults.flat() ? data : envelope(data));
		}
	}

	/** The ids TryMellon answers, the tenant and application the issuer's when a token has none. */
	private Map<String, Object> data(JWTClaimsSet claims) throws ParseException {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("valid", true);
		data.put("user_id", SessionCheck.userId(claims));
		data.put("external_user_id", stringClaim(claims, "external_user_id"));
		String tenantId = stringClaim(claims, "tenant_id");
		data.put("tenant_id", (tenantId != null) ? tenantId : this.api.getTenantId());
		String appId = stringClaim(claims, "app_id");
		data.put("app_id", (appId != null) ? appId : this.api.getAppId());
		return data;
	}

	void introspect(HttpExchange exchange) throws IOException {
		try (exchange) {
			this.api.countIntrospection();
			if (!ready(exchange, "POST")) {
				return;
			}
			if (!this.api.authenticates(exchange.getRequestHeaders().getFirst("Authorization"))) {
				exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"trymellon\"");
				send(exchange, 401, oauthError("invalid_client", "Client authentication failed"));
				return;
			}
			String token;
			try {
				token = form(exchange).get("token");
			}
			catch (IllegalArgumentException ex) {
				send(exchange, 400, oauthError("invalid_request", "The form body is malformed"));
				return;
			}
			if (token == null || token.isEmpty()) {
				send(exchange, 400, oauthError("invalid_request", "The 'token' parameter is required"));
				return;
			}
			JWTClaimsSet claims = this.sessions.check(token).claims();
			send(exchange, 200, (claims != null) ? active(claims) : Map.of("active", false));
		}
	}

	/**
	 * Counts are taken; checks the method, waits as programmed and answers a programmed
	 * fault. Whether the real answer is still to be given.
	 */
	private boolean ready(HttpExchange exchange, String method) throws IOException {
		if (!method.equals(exchange.getRequestMethod())) {
			exchange.getResponseHeaders().set("Allow", method);
			exchange.sendResponseHeaders(405, -1);
			return false;
		}
		try {
			this.faults.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			exchange.sendResponseHeaders(503, -1);
			return false;
		}
		ApiFaults.Fault fault = this.faults.next();
		if (fault == null) {
			return true;
		}
		if (fault.malformed()) {
			sendRaw(exchange, 200, "{\"ok\":true,\"data\":{\"valid\":tru");
		}
		else if (fault.status() == 429) {
			Duration retryAfter = (fault.retryAfter() != null) ? fault.retryAfter() : Duration.ofSeconds(1);
			long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
			exchange.getResponseHeaders().set("Retry-After", Long.toString(seconds));
			exchange.getResponseHeaders().set("X-RateLimit-Remaining", "0");
			exchange.getResponseHeaders()
				.set("X-RateLimit-Reset", Long.toString(this.clock.instant().getEpochSecond() + seconds));
			send(exchange, 429, error("rate_limit_exceeded", "Too many requests"));
		}
		else {
			send(exchange, fault.status(),
					error((fault.status() >= 500) ? "internal_error" : "unknown_error", "Programmed failure"));
		}
		return false;
	}

	/** RFC 7662 §2.2, with the members TryMellon documents. */
	private static Map<String, Object> active(JWTClaimsSet claims) {
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("active", true);
		answer.put("sub", claims.getSubject());
		List<String> audience = claims.getAudience();
		answer.put("aud", (audience.size() == 1) ? audience.get(0) : audience);
		answer.put("iss", claims.getIssuer());
		answer.put("iat", seconds(claims.getIssueTime()));
		answer.put("exp", seconds(claims.getExpirationTime()));
		if (!audience.isEmpty()) {
			answer.put("client_id", audience.get(0));
		}
		if (claims.getClaim("scope") instanceof String scope) {
			answer.put("scope", scope);
		}
		answer.values().removeIf((value) -> value == null);
		return answer;
	}

	private static @Nullable Long seconds(@Nullable Date date) {
		return (date != null) ? date.getTime() / 1000 : null;
	}

	private static @Nullable String stringClaim(JWTClaimsSet claims, String name) throws ParseException {
		String value = claims.getStringClaim(name);
		return (value == null || value.isEmpty()) ? null : value;
	}

	private static Map<String, Object> envelope(Map<String, Object> data) {
		Map<String, Object> envelope = new LinkedHashMap<>();
		envelope.put("ok", true);
		envelope.put("data", data);
		return envelope;
	}

	private static Map<String, Object> error(String code, String message) {
		Map<String, Object> error = new LinkedHashMap<>();
		error.put("code", code);
		error.put("message", message);
		Map<String, Object> envelope = new LinkedHashMap<>();
		envelope.put("ok", false);
		envelope.put("error", error);
		return envelope;
	}

	private static Map<String, Object> oauthError(String error, String description) {
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("error", error);
		answer.put("error_description", description);
		return answer;
	}

	private static Map<String, String> form(HttpExchange exchange) throws IOException {
		byte[] body;
		try (InputStream in = exchange.getRequestBody()) {
			body = in.readNBytes(MAX_FORM_BYTES);
		}
		Map<String, String> form = new LinkedHashMap<>();
		for (String pair : new String(body, StandardCharsets.UTF_8).split("&")) {
			int equals = pair.indexOf('=');
			if (equals > 0) {
				form.putIfAbsent(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
						URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
			}
		}
		return form;
	}

	private static void send(HttpExchange exchange, int status, Map<String, ?> body) throws IOException {
		sendRaw(exchange, status, JSONObjectUtils.toJSONString(body));
	}

	private static void sendRaw(HttpExchange exchange, int status, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

}
