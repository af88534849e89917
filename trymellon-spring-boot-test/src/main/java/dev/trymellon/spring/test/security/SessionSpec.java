package dev.trymellon.spring.test.security;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.trymellon.spring.session.TryMellonSession;
import dev.trymellon.spring.web.TryMellonAuthentication;

import org.springframework.context.ApplicationContext;
import org.springframework.util.Assert;

/**
 * What the MockMvc post-processor and the {@code WebTestClient} mutator are told about
 * the session, and the authentication they put in the security context: the given
 * session, or one built from these values (user {@code test-user} unless set), with the
 * explicit authorities or else those production grants (see
 * {@link TestSessions#authentication}).
 */
final class SessionSpec {

	private final @Nullable TryMellonSession session;

	private String userId = TestSessions.DEFAULT_USER_ID;

	private @Nullable String externalUserId;

	private @Nullable String tenantId;

	private @Nullable String appId;

	private @Nullable String sessionId;

	private final Map<String, Object> customClaims = new LinkedHashMap<>();

	private @Nullable List<String> authorities;

	SessionSpec(@Nullable TryMellonSession session) {
		this.session = session;
	}

	void userId(String userId) {
		Assert.hasText(userId, "userId cannot be empty");
		this.userId = userId;
	}

	void externalUserId(String externalUserId) {
		this.externalUserId = externalUserId;
	}

	void tenantId(String tenantId) {
		this.tenantId = tenantId;
	}

	void appId(String appId) {
		this.appId = appId;
	}

	void sessionId(String sessionId) {
		this.sessionId = sessionId;
	}

	/** The {@code roles} custom claim: the roles joined with spaces. */
	void roles(String... roles) {
		customClaim("roles", String.join(" ", roles));
	}

	void customClaim(String name, Object value) {
		Assert.hasText(name, "name cannot be empty");
		Assert.notNull(value, "value cannot be null");
		this.customClaims.put(name, TestSessions.normalizeClaimValue(value));
	}

	void authorities(String... authorities) {
		this.authorities = new ArrayList<>(Arrays.asList(authorities));
	}

	TryMellonAuthentication authentication(@Nullable ApplicationContext context) {
		TryMellonSession resolved = (this.session != null) ? this.session
				: TestSessions.session(this.userId, this.externalUserId, this.tenantId, this.appId, this.sessionId,
						this.customClaims);
		return TestSessions.authentication(resolved, this.authorities, context);
	}

}
