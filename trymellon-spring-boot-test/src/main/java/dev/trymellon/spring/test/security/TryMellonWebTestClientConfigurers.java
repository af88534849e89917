package dev.trymellon.spring.test.security;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import dev.trymellon.spring.session.TryMellonSession;
import dev.trymellon.spring.web.TryMellonAuthentication;

import org.springframework.http.client.reactive.ClientHttpConnector;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.test.web.reactive.server.MockServerConfigurer;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.test.web.reactive.server.WebTestClientConfigurer;
import org.springframework.util.Assert;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.server.adapter.WebHttpHandlerBuilder;

/**
 * {@link WebTestClient} configurers that run exchanges as a TryMellon session, the
 * reactive counterpart of {@link TryMellonRequestPostProcessors} and of Spring Security's
 * {@code mockJwt()}: no token is minted or verified, the exchange's security context
 * simply holds a {@link TryMellonAuthentication} whose principal is the session.
 * <pre class="code">
 * client.mutateWith(tryMellonSession().userId("u1").roles("admin"))
 *     .get().uri("/api/admin").exchange()
 *     .expectStatus().isOk();
 * </pre>
 * Authorities come from the application's
 * {@link dev.trymellon.spring.authority.SessionAuthoritiesMapper} applied to the session,
 * as in production (see {@link TryMellonRequestPostProcessors}), followed by
 * {@code FACTOR_BEARER}, unless {@link SessionMutator#authorities(String...) set
 * explicitly}. Needs a {@link WebTestClient} bound to the application context
 * ({@code @WebFluxTest}, or {@code @SpringBootTest} with the default mock environment and
 * {@code @AutoConfigureWebTestClient}); against a running server, send a token of a
 * {@link dev.trymellon.spring.test.TryMellonTestIssuer} instead.
 *
 * @author TryMellon
 * @since 0.2.0
 */
public final class TryMellonWebTestClientConfigurers {

	private TryMellonWebTestClientConfigurers() {
	}

	/**
	 * Runs the exchanges as a session of the user {@code test-user}, to be refined.
	 * @return the configurer
	 */
	public static SessionMutator tryMellonSession() {
		return new SessionMutator(null);
	}

	/**
	 * Runs the exchanges as the given session.
	 * @param session the session
	 * @return the configurer
	 */
	public static SessionMutator tryMellonSession(TryMellonSession session) {
		Assert.notNull(session, "session cannot be null");
		return new SessionMutator(session);
	}

	/**
	 * Puts a TryMellon session in the exchanges' security context.
	 *
	 * @since 0.2.0
	 */
	public static final class SessionMutator implements WebTestClientConfigurer, MockServerConfigurer {

		private final SessionSpec spec;

		private SessionMutator(@Nullable TryMellonSession session) {
			this.spec = new SessionSpec(session);
		}

		/**
		 * Sets the user id; defaults to {@code test-user}.
		 * @param userId the user id
		 * @return this configurer
		 */
		public SessionMutator userId(String userId) {
			this.spec.userId(userId);
			return this;
		}

		/**
		 * Sets the external user id.
		 * @param externalUserId the external user id
		 * @return this configurer
		 */
		public SessionMutator externalUserId(String externalUserId) {
			this.spec.externalUserId(externalUserId);
			return this;
		}

		/**
		 * Sets the tenant id.
		 * @param tenantId the tenant id
		 * @return this configurer
		 */
		public SessionMutator tenantId(String tenantId) {
			this.spec.tenantId(tenantId);
			return this;
		}

		/**
		 * Sets the application id.
		 * @param appId the application id
		 * @return this configurer
		 */
		public SessionMutator appId(String appId) {
			this.spec.appId(appId);
			return this;
		}

		/**
		 * Sets the session id.
		 * @param sessionId the session id
		 * @return this configurer
		 */
		public SessionMutator sessionId(String sessionId) {
			this.spec.sessionId(sessionId);
			return this;
		}

		/**
		 * Sets the {@code roles} custom claim to the roles joined with spaces; the
		 * application's mapper turns them into authorities only when it maps that claim.
		 * @param roles the roles
		 * @return this configurer
		 */
		public SessionMutator roles(String... roles) {
			this.spec.roles(roles);
			return this;
		}

		/**
		 * Adds a custom claim, typed as a verified token carries it.
		 * @param name the claim name
		 * @param value a string, number or boolean
		 * @return this configurer
		 */
		public SessionMutator customClaim(String name, Object value) {
			this.spec.customClaim(name, value);
			return this;
		}

		/**
		 * Grants exactly these authorities instead of mapping the session's claims, and
		 * no factor.
		 * @param authorities the authorities, for example {@code ROLE_ADMIN}
		 * @return this configurer
		 */
		public SessionMutator authorities(String... authorities) {
			this.spec.authorities(authorities);
			return this;
		}

		@Override
		public void beforeServerCreated(WebHttpHandlerBuilder builder) {
			builder.filters((filters) -> filters.add(0, new SessionFilter(this)));
		}

		@Override
		public void afterConfigurerAdded(WebTestClient.Builder builder,
				@Nullable WebHttpHandlerBuilder httpHandlerBuilder, @Nullable ClientHttpConnector connector) {
			Assert.state(httpHandlerBuilder != null, "tryMellonSession() needs a WebTestClient bound to the "
					+ "application context (@WebFluxTest, or @SpringBootTest with the mock environment); against a "
					+ "running server send a token of a TryMellonTestIssuer instead");
			beforeServerCreated(httpHandlerBuilder);
		}

		private TryMellonAuthentication authentication(ServerWebExchange exchange) {
			return this.spec.authentication(exchange.getApplicationContext());
		}

	}

	/**
	 * Runs before the application's filters, so that Spring Security's filters find the
	 * session in the Reactor context, as they find one a mock configurer of Spring
	 * Security puts there.
	 */
	private static final class SessionFilter implements WebFilter {

		private final SessionMutator mutator;

		SessionFilter(SessionMutator mutator) {
			this.mutator = mutator;
		}

		@Override
		public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
			TryMellonAuthentication authentication = this.mutator.authentication(exchange);
			return chain.filter(exchange).contextWrite(ReactiveSecurityContextHolder.withAuthentication(authentication));
		}

	}

}
