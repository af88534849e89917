package dev.trymellon.spring.test.security;

import java.math.BigInteger;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import dev.trymellon.spring.authority.ClaimsSessionAuthoritiesMapper;
import dev.trymellon.spring.authority.SessionAuthoritiesMapper;
import dev.trymellon.spring.session.TryMellonSession;
import dev.trymellon.spring.web.SessionFactors;
import dev.trymellon.spring.web.SessionTokenAuthenticationToken;
import dev.trymellon.spring.web.TryMellonAuthentication;
import dev.trymellon.spring.web.TryMellonAuthenticationProvider;

import org.springframework.context.ApplicationContext;
import org.springframework.security.core.authority.AuthorityUtils;

/**
 * Builds the sessions and authentications that the MockMvc post-processor and
 * {@link WithTryMellonSession} put in the security context.
 */
final class TestSessions {

	static final String DEFAULT_USER_ID = "test-user";

	/** A JSON number, as a token would carry it. */
	private static final Pattern NUMBER = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");

	/** A JSON integer: no fraction, no exponent. */
	private static final Pattern INTEGER = Pattern.compile("-?(0|[1-9][0-9]*)");

	/** Stands for the token the provider is asked about: no token is minted or verified. */
	private static final String TEST_TOKEN = "test-session";

	private TestSessions() {
	}

	static TryMellonSession session(String userId, @Nullable String externalUserId, @Nullable String tenantId,
			@Nullable String appId, @Nullable String sessionId, Map<String, Object> customClaims) {
		Instant now = Instant.now();
		Map<String, Object> claims = new LinkedHashMap<>();
		claims.put("sub", userId);
		claims.put("user_id", userId);
		putIfNotNull(claims, "external_user_id", externalUserId);
		putIfNotNull(claims, "tenant_id", tenantId);
		putIfNotNull(claims, "app_id", appId);
		putIfNotNull(claims, "sid", sessionId);
		claims.put("iat", now.getEpochSecond());
		claims.put("exp", now.plusSeconds(3600).getEpochSecond());
		if (!customClaims.isEmpty()) {
			claims.put(TryMellonSession.CUSTOM_CLAIMS_NAMESPACE, new LinkedHashMap<>(customClaims));
		}
		return TryMellonSession.builder(userId)
			.userId(userId)
			.externalUserId(externalUserId)
			.tenantId(tenantId)
			.appId(appId)
			.sessionId(sessionId)
			.issuedAt(now)
			.expiresAt(now.plusSeconds(3600))
			.customClaims(customClaims)
			.claims(claims)
			.build();
	}

	/**
	 * The authentication for a session: exactly the explicit authorities when given, else
	 * what production grants, through the same {@link TryMellonAuthenticationProvider}:
	 * the application's {@link SessionAuthoritiesMapper} (the default mapper when the
	 * application has none or no context is available) followed by its
	 * {@link SessionFactors} ({@code FACTOR_BEARER}).
	 */
	static TryMellonAuthentication authentication(TryMellonSession session, @Nullable List<String> authorities,
			@Nullable ApplicationContext context) {
		if (authorities != null) {
			return new TryMellonAuthentication(session, AuthorityUtils.createAuthorityList(authorities));
		}
		SessionAuthoritiesMapper mapper = bean(context, SessionAuthoritiesMapper.class);
		TryMellonAuthenticationProvider provider = new TryMellonAuthenticationProvider((token) -> session,
				(mapper != null) ? mapper : new ClaimsSessionAuthoritiesMapper());
		SessionFactors factors = bean(context, SessionFactors.class);
		if (factors != null) {
			provider.setSessionFactors(factors);
		}
		return (TryMellonAuthentication) provider.authenticate(new SessionTokenAuthenticationToken(TEST_TOKEN));
	}

	/**
	 * The value of a {@code name=value} custom claim given as text, typed as a verified
	 * token carries it: {@code true} and {@code false} a {@link Boolean}, a JSON integer
	 * a {@link Long} (a {@link BigInteger} beyond its range), any other JSON number
	 * (fraction or exponent) a {@link Double}, text in double quotes the {@link String}
	 * between them (to force a string), anything else the trimmed text as a
	 * {@link String}.
	 */
	static Object parseClaimValue(String text) {
		String value = text.trim();
		if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
			return value.substring(1, value.length() - 1);
		}
		if (value.equals("true") || value.equals("false")) {
			return Boolean.valueOf(value);
		}
		if (NUMBER.matcher(value).matches()) {
			if (INTEGER.matcher(value).matches()) {
				BigInteger integer = new BigInteger(value);
				return (integer.bitLength() < Long.SIZE) ? (Object) integer.longValue() : integer;
			}
			double number = Double.parseDouble(value);
			if (Double.isFinite(number)) {
				return number;
			}
		}
		return value;
	}

	/**
	 * A custom claim value given in Java, normalized to what a verified token carries:
	 * whole numbers as {@link Long}, {@link Float} as {@link Double}; other values as
	 * given.
	 */
	static Object normalizeClaimValue(Object value) {
		if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
			return ((Number) value).longValue();
		}
		if (value instanceof Float number) {
			return number.doubleValue();
		}
		return value;
	}

	private static <T> @Nullable T bean(@Nullable ApplicationContext context, Class<T> type) {
		return (context != null) ? context.getBeanProvider(type).getIfUnique() : null;
	}

	private static void putIfNotNull(Map<String, Object> claims, String name, @Nullable Object value) {
		if (value != null) {
			claims.put(name, value);
		}
	}

}
