package dev.trymellon.spring.test.security;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.trymellon.spring.session.TryMellonSession;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.test.context.support.WithSecurityContextFactory;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;

/**
 * Builds the security context of {@link WithTryMellonSession}.
 */
final class WithTryMellonSessionSecurityContextFactory implements WithSecurityContextFactory<WithTryMellonSession> {

	private @Nullable ApplicationContext context;

	@Autowired(required = false)
	void setApplicationContext(ApplicationContext context) {
		this.context = context;
	}

	@Override
	public SecurityContext createSecurityContext(WithTryMellonSession annotation) {
		Assert.hasText(annotation.userId(), "@WithTryMellonSession userId cannot be empty");
		Map<String, Object> customClaims = new LinkedHashMap<>();
		if (annotation.roles().length > 0) {
			customClaims.put("roles", String.join(" ", annotation.roles()));
		}
		for (String claim : annotation.customClaims()) {
			int separator = claim.indexOf('=');
			Assert.isTrue(separator > 0, () -> "@WithTryMellonSession customClaims entries are 'name=value', got '"
					+ claim + "'");
			customClaims.put(claim.substring(0, separator).trim(),
					TestSessions.parseClaimValue(claim.substring(separator + 1)));
		}
		TryMellonSession session = TestSessions.session(annotation.userId(), emptyToNull(annotation.externalUserId()),
				emptyToNull(annotation.tenantId()), emptyToNull(annotation.appId()),
				emptyToNull(annotation.sessionId()), customClaims);
		SecurityContext securityContext = SecurityContextHolder.createEmptyContext();
		securityContext.setAuthentication(TestSessions.authentication(session,
				(annotation.authorities().length > 0) ? Arrays.asList(annotation.authorities()) : null, this.context));
		return securityContext;
	}

	private static @Nullable String emptyToNull(String value) {
		return StringUtils.hasText(value) ? value : null;
	}

}
