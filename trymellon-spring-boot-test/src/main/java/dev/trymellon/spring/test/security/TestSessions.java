package dev.trymellon.spring.test.security;

import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.trymellon.spring.authority.ClaimsSessionAuthoritiesMapper;
import dev.trymellon.spring.authority.SessionAuthoritiesMapper;
import dev.trymellon.spring.session.TryMellonSession;
import dev.trymellon.spring.web.TryMellonAuthentication;

import org.springframework.context.ApplicationContext;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.AuthorityUtils;

/**
 * Builds the sessions and authentications that the MockMvc post-processor and
 * {@link WithTryMellonSession} put in the security context.
 */
final class TestSessions {

	static final String DEFAULT_USER_ID = "test-user";

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
	 * The authentication for a session: explicit authorities when given, else those the
	 * application's {@link SessionAuthoritiesMapper} grants (the default mapper's when the
	 * application has none or no context is available).
	 */
	static TryMellonAuthentication authentication(TryMellonSession session, @Nullable List<String> authorities,
			@Nullable ApplicationContext context) {
		Collection<? extends GrantedAuthority> granted;
		if (authorities != null) {
			granted = AuthorityUtils.createAuthorityList(authorities);
		}
		else {
			granted = mapper(context).getAuthorities(session);
		}
		return new TryMellonAuthentication(session, granted);
	}

	private static SessionAuthoritiesMapper mapper(@Nullable ApplicationContext context) {
		if (context != null) {
			SessionAuthoritiesMapper mapper = context.getBeanProvider(SessionAuthoritiesMapper.class).getIfUnique();
			if (mapper != null) {
				return mapper;
			}
		}
		return new ClaimsSessionAuthoritiesMapper();
	}

	private static void putIfNotNull(Map<String, Object> claims, String name, @Nullable Object value) {
		if (value != null) {
			claims.put(name, value);
		}
	}

}
