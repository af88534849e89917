package dev.trymellon.spring.test.security;

import org.jspecify.annotations.Nullable;

import dev.trymellon.spring.session.TryMellonSession;
import dev.trymellon.spring.web.TryMellonAuthentication;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import org.springframework.util.Assert;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.web.context.support.WebApplicationContextUtils;

/**
 * MockMvc request post-processors that run a request as a TryMellon session, like Spring
 * Security's {@code jwt()}: no token is minted or verified, the security context simply
 * holds a {@link TryMellonAuthentication} whose principal is the session.
 * <pre class="code">
 * mvc.perform(get("/api/admin").with(tryMellonSession().userId("u1").roles("admin")))
 *     .andExpect(status().isOk());
 * </pre>
 * Authorities come from the application's
 * {@link dev.trymellon.spring.authority.SessionAuthoritiesMapper} applied to the session,
 * as in production: its {@code UserAuthoritiesLookup} for the user id, and
 * {@code roles("admin")} gives {@code ROLE_ADMIN} only when the application maps the
 * {@code roles} custom claim ({@code trymellon.authorities.role-claims=roles}; by default
 * no custom claim grants anything), followed by the session's Spring Security factors
 * ({@code FACTOR_BEARER}, as every TryMellon authentication carries), unless
 * {@link SessionRequestPostProcessor#authorities(String...) set explicitly}. Needs
 * MockMvc set up with Spring Security ({@code @AutoConfigureMockMvc} does it), and
 * {@code spring-security-test}. To exercise the real token path instead, send a token of
 * a {@link dev.trymellon.spring.test.TryMellonTestIssuer}.
 *
 * @author TryMellon
 * @since 0.1.0
 */
public final class TryMellonRequestPostProcessors {

	private TryMellonRequestPostProcessors() {
	}

	/**
	 * Runs the request as a session of the user {@code test-user}, to be refined.
	 * @return the post-processor
	 */
	public static SessionRequestPostProcessor tryMellonSession() {
		return new SessionRequestPostProcessor(null);
	}

	/**
	 * Runs the request as the given session.
	 * @param session the session
	 * @return the post-processor
	 */
	public static SessionRequestPostProcessor tryMellonSession(TryMellonSession session) {
		Assert.notNull(session, "session cannot be null");
		return new SessionRequestPostProcessor(session);
	}

	/**
	 * Puts a TryMellon session in the request's security context.
	 *
	 * @since 0.1.0
	 */
	public static final class SessionRequestPostProcessor implements RequestPostProcessor {

		private final SessionSpec spec;

		private SessionRequestPostProcessor(@Nullable TryMellonSession session) {
			this.spec = new SessionSpec(session);
		}

		/**
		 * Sets the user id; defaults to {@code test-user}.
		 * @param userId the user id
		 * @return this post-processor
		 */
		public SessionRequestPostProcessor userId(String userId) {
			this.spec.userId(userId);
			return this;
		}

		/**
		 * Sets the external user id.
		 * @param externalUserId the external user id
		 * @return this post-processor
		 */
		public SessionRequestPostProcessor externalUserId(String externalUserId) {
			this.spec.externalUserId(externalUserId);
			return this;
		}

		/**
		 * Sets the tenant id.
		 * @param tenantId the tenant id
		 * @return this post-processor
		 */
		public SessionRequestPostProcessor tenantId(String tenantId) {
			this.spec.tenantId(tenantId);
			return this;
		}

		/**
		 * Sets the application id.
		 * @param appId the application id
		 * @return this post-processor
		 */
		public SessionRequestPostProcessor appId(String appId) {
			this.spec.appId(appId);
			return this;
		}

		/**
		 * Sets the session id.
		 * @param sessionId the session id
		 * @return this post-processor
		 */
		public SessionRequestPostProcessor sessionId(String sessionId) {
			this.spec.sessionId(sessionId);
			return this;
		}

		/**
		 * Sets the {@code roles} custom claim to the roles joined with spaces, as a front
		 * end would send them; the application's mapper turns them into authorities only
		 * when it maps that claim (by default it does not). To grant roles whatever the
		 * mapping, use {@link #authorities(String...)}.
		 * @param roles the roles
		 * @return this post-processor
		 */
		public SessionRequestPostProcessor roles(String... roles) {
			this.spec.roles(roles);
			return this;
		}

		/**
		 * Adds a custom claim. The value keeps its Java type, as a token's JSON value
		 * would: {@code customClaim("beta", true)} is a boolean, {@code "true"} a string.
		 * Whole numbers ({@code int}, {@code short}, {@code byte}) become a {@link Long}
		 * and a {@code float} a {@link Double}, as a verified token carries them.
		 * @param name the claim name
		 * @param value a string, number or boolean
		 * @return this post-processor
		 */
		public SessionRequestPostProcessor customClaim(String name, Object value) {
			this.spec.customClaim(name, value);
			return this;
		}

		/**
		 * Grants exactly these authorities instead of mapping the session's claims, and
		 * no factor: add {@code FACTOR_BEARER} yourself where a multi-factor rule asks for
		 * it.
		 * @param authorities the authorities, for example {@code ROLE_ADMIN}
		 * @return this post-processor
		 */
		public SessionRequestPostProcessor authorities(String... authorities) {
			this.spec.authorities(authorities);
			return this;
		}

		@Override
		public MockHttpServletRequest postProcessRequest(MockHttpServletRequest request) {
			WebApplicationContext context = WebApplicationContextUtils
				.findWebApplicationContext(request.getServletContext());
			TryMellonAuthentication authentication = this.spec.authentication(context);
			return SecurityMockMvcRequestPostProcessors.authentication(authentication).postProcessRequest(request);
		}

	}

}
