package dev.trymellon.spring.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import dev.trymellon.spring.authority.ClaimsSessionAuthoritiesMapper;
import dev.trymellon.spring.authority.SessionAuthoritiesMapper;
import dev.trymellon.spring.session.SessionTokenVerifier;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.ApplicationContext;
import org.springframework.security.authentication.AuthenticationEventPublisher;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.DefaultAuthenticationEventPublisher;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.annotation.web.configurers.CsrfConfigurer;
import org.springframework.security.config.annotation.web.configurers.ExceptionHandlingConfigurer;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.util.Assert;

/**
 * Adds TryMellon session-token authentication to a {@link HttpSecurity} chain you
 * declare yourself:
 *
 * <pre class="code">
 * &#064;Bean
 * SecurityFilterChain api(HttpSecurity http) throws Exception {
 *     http.securityMatcher("/api/**")
 *         .authorizeHttpRequests((requests) -&gt; requests.anyRequest().authenticated())
 *         .sessionManagement((session) -&gt; session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
 *         .with(TryMellonConfigurer.tryMellon(), Customizer.withDefaults());
 *     return http.build();
 * }
 * </pre>
 *
 * It adds a {@link TryMellonAuthenticationFilter} (before
 * {@link BasicAuthenticationFilter}), registers the {@link TryMellonAuthenticationEntryPoint}
 * and {@link TryMellonAccessDeniedHandler} as the chain's defaults, and exempts from
 * CSRF protection exactly the requests whose token is taken from their single,
 * well-formed {@code Authorization: Bearer <token>} header (a browser never adds that
 * header by itself; the scheme is matched in any case, RFC 7235 section 2.1): the token
 * resolver's answer must be the header's token. Every other request keeps CSRF
 * protection: one whose token comes from a cookie, and also one with a header that only
 * looks like Bearer ({@code Bearerx}, {@code Bearer} without a token, two headers, a
 * header and a cookie carrying different tokens). For state-changing requests the
 * resolver is therefore asked twice, once by this check and once by the filter.
 * <p>
 * Each collaborator is taken, in this order, from this DSL, else from the unique bean of
 * its type in the application context, else from the {@code trymellon.*} properties or
 * a built-in default:
 * <ul>
 * <li>{@link SessionTokenVerifier}: DSL, bean (required);</li>
 * <li>{@link SessionAuthoritiesMapper}: DSL, bean, {@link ClaimsSessionAuthoritiesMapper}
 * with its defaults;</li>
 * <li>{@link SessionTokenResolver}: DSL, bean, {@link DefaultSessionTokenResolver} with
 * the cookie name from {@link #cookieName(String)} or
 * {@code trymellon.token.cookie-name} and the maximum length from
 * {@code trymellon.token.max-length};</li>
 * <li>{@link AuthenticationEntryPoint} and {@link AccessDeniedHandler}: DSL, bean,
 * TryMellon's;</li>
 * <li>{@link AuthenticationManager}: DSL, else a {@link ProviderManager} holding a
 * {@link TryMellonAuthenticationProvider} that publishes through the
 * {@link AuthenticationEventPublisher} bean.</li>
 * </ul>
 *
 * @author TryMellon
 * @since 0.1.0
 */
public final class TryMellonConfigurer extends AbstractHttpConfigurer<TryMellonConfigurer, HttpSecurity> {

	private static final String COOKIE_NAME_PROPERTY = "trymellon.token.cookie-name";

	private static final Pattern COOKIE_NAME = Pattern.compile("[!#$%&'*+\\-.^_`|~0-9A-Za-z]+");

	private @Nullable SessionTokenVerifier verifier;

	private @Nullable SessionAuthoritiesMapper authoritiesMapper;

	private @Nullable SessionTokenResolver tokenResolver;

	private @Nullable SessionTokenResolver resolvedTokenResolver;

	private @Nullable String cookieName;

	private @Nullable AuthenticationEntryPoint authenticationEntryPoint;

	private @Nullable AccessDeniedHandler accessDeniedHandler;

	private @Nullable AuthenticationManager authenticationManager;

	private TryMellonConfigurer() {
	}

	/**
	 * Creates the configurer, for {@code http.with(tryMellon(), ...)}.
	 * @return a new configurer
	 */
	public static TryMellonConfigurer tryMellon() {
		return new TryMellonConfigurer();
	}

	/**
	 * Sets the verifier of session tokens.
	 * @param verifier the verifier
	 * @return this configurer
	 */
	public TryMellonConfigurer sessionTokenVerifier(SessionTokenVerifier verifier) {
		Assert.notNull(verifier, "verifier cannot be null");
		this.verifier = verifier;
		return this;
	}

	/**
	 * Sets how sessions become authorities.
	 * @param authoritiesMapper the mapper
	 * @return this configurer
	 */
	public TryMellonConfigurer authoritiesMapper(SessionAuthoritiesMapper authoritiesMapper) {
		Assert.notNull(authoritiesMapper, "authoritiesMapper cannot be null");
		this.authoritiesMapper = authoritiesMapper;
		return this;
	}

	/**
	 * Sets how the token is found in the request; replaces {@link #cookieName(String)}.
	 * @param tokenResolver the resolver
	 * @return this configurer
	 */
	public TryMellonConfigurer tokenResolver(SessionTokenResolver tokenResolver) {
		Assert.notNull(tokenResolver, "tokenResolver cannot be null");
		this.tokenResolver = tokenResolver;
		return this;
	}

	/**
	 * Sets the name of a cookie that may carry the token besides the
	 * {@code Authorization} header; takes precedence over
	 * {@code trymellon.token.cookie-name}. Keep CSRF protection on when you use it.
	 * @param cookieName the cookie name
	 * @return this configurer
	 */
	public TryMellonConfigurer cookieName(String cookieName) {
		Assert.hasText(cookieName, "cookieName cannot be empty");
		Assert.isTrue(COOKIE_NAME.matcher(cookieName).matches(), "cookieName must be a valid cookie name (RFC 6265)");
		this.cookieName = cookieName;
		return this;
	}

	/**
	 * Sets the entry point answering unauthenticated and refused requests.
	 * @param authenticationEntryPoint the entry point
	 * @return this configurer
	 */
	public TryMellonConfigurer authenticationEntryPoint(AuthenticationEntryPoint authenticationEntryPoint) {
		Assert.notNull(authenticationEntryPoint, "authenticationEntryPoint cannot be null");
		this.authenticationEntryPoint = authenticationEntryPoint;
		return this;
	}

	/**
	 * Sets the handler answering authenticated requests that lack an authority.
	 * @param accessDeniedHandler the handler
	 * @return this configurer
	 */
	public TryMellonConfigurer accessDeniedHandler(AccessDeniedHandler accessDeniedHandler) {
		Assert.notNull(accessDeniedHandler, "accessDeniedHandler cannot be null");
		this.accessDeniedHandler = accessDeniedHandler;
		return this;
	}

	/**
	 * Sets the authentication manager the filter delegates to; it must support
	 * {@link SessionTokenAuthenticationToken}. The verifier and mapper settings are then
	 * not used.
	 * @param authenticationManager the manager
	 * @return this configurer
	 */
	public TryMellonConfigurer authenticationManager(AuthenticationManager authenticationManager) {
		Assert.notNull(authenticationManager, "authenticationManager cannot be null");
		this.authenticationManager = authenticationManager;
		return this;
	}

	@Override
	@SuppressWarnings("unchecked")
	public void init(HttpSecurity http) {
		ApplicationContext context = context(http);
		ExceptionHandlingConfigurer<HttpSecurity> exceptionHandling = http
			.getConfigurer(ExceptionHandlingConfigurer.class);
		if (exceptionHandling != null) {
			exceptionHandling.defaultAuthenticationEntryPointFor(entryPoint(context), AnyRequestMatcher.INSTANCE);
			exceptionHandling.defaultAccessDeniedHandlerFor(accessDeniedHandler(context), AnyRequestMatcher.INSTANCE);
		}
		CsrfConfigurer<HttpSecurity> csrf = http.getConfigurer(CsrfConfigurer.class);
		if (csrf != null) {
			SessionTokenResolver resolver = tokenResolver(context);
			RequestMatcher bearerHeaderToken = (request) -> isBearerHeaderToken(request, resolver);
			csrf.ignoringRequestMatchers(bearerHeaderToken);
		}
	}

	@Override
	public void configure(HttpSecurity http) {
		ApplicationContext context = context(http);
		AuthenticationManager manager = (this.authenticationManager != null) ? this.authenticationManager
				: authenticationManager(context);
		TryMellonAuthenticationFilter filter = new TryMellonAuthenticationFilter(manager);
		filter.setTokenResolver(tokenResolver(context));
		filter.setAuthenticationEntryPoint(entryPoint(context));
		filter.setSecurityContextHolderStrategy(getSecurityContextHolderStrategy());
		http.addFilterBefore(postProcess(filter), BasicAuthenticationFilter.class);
	}

	private static ApplicationContext context(HttpSecurity http) {
		ApplicationContext context = http.getSharedObject(ApplicationContext.class);
		Assert.state(context != null, "TryMellonConfigurer needs the ApplicationContext shared object");
		return context;
	}

	private AuthenticationManager authenticationManager(ApplicationContext context) {
		SessionTokenVerifier verifier = this.verifier;
		if (verifier == null) {
			verifier = context.getBeanProvider(SessionTokenVerifier.class).getIfUnique();
		}
		Assert.state(verifier != null, "TryMellonConfigurer needs a SessionTokenVerifier: declare one bean of that "
				+ "type (the auto-configuration does when 'trymellon.client-id' is set) or call sessionTokenVerifier()");
		SessionAuthoritiesMapper mapper = this.authoritiesMapper;
		if (mapper == null) {
			mapper = context.getBeanProvider(SessionAuthoritiesMapper.class)
				.getIfUnique(ClaimsSessionAuthoritiesMapper::new);
		}
		ProviderManager manager = new ProviderManager(new TryMellonAuthenticationProvider(verifier, mapper));
		manager.setAuthenticationEventPublisher(context.getBeanProvider(AuthenticationEventPublisher.class)
			.getIfUnique(() -> new DefaultAuthenticationEventPublisher(context)));
		return postProcess(manager);
	}

	private SessionTokenResolver tokenResolver(ApplicationContext context) {
		SessionTokenResolver resolver = this.resolvedTokenResolver;
		if (resolver == null) {
			resolver = createTokenResolver(context);
			this.resolvedTokenResolver = resolver;
		}
		return resolver;
	}

	private SessionTokenResolver createTokenResolver(ApplicationContext context) {
		if (this.tokenResolver != null) {
			return this.tokenResolver;
		}
		if (this.cookieName == null) {
			SessionTokenResolver bean = context.getBeanProvider(SessionTokenResolver.class).getIfUnique();
			if (bean != null) {
				return bean;
			}
		}
		Binder binder = Binder.get(context.getEnvironment());
		DefaultSessionTokenResolver resolver = new DefaultSessionTokenResolver();
		String propertyCookieName = binder.bind(COOKIE_NAME_PROPERTY, String.class).orElse(null);
		if (this.cookieName == null && propertyCookieName != null && !propertyCookieName.isBlank()
				&& !COOKIE_NAME.matcher(propertyCookieName.trim()).matches()) {
			throw new InvalidConfigurationPropertyValueException(COOKIE_NAME_PROPERTY, propertyCookieName,
					"Not a valid cookie name: use only RFC 6265 token characters (letters, digits and !#$%&'*+-.^_`|~)");
		}
		resolver.setCookieName((this.cookieName != null) ? this.cookieName : propertyCookieName);
		resolver.setMaxLength(binder.bind("trymellon.token.max-length", Integer.class).orElse(8192));
		return resolver;
	}

	private AuthenticationEntryPoint entryPoint(ApplicationContext context) {
		if (this.authenticationEntryPoint == null) {
			this.authenticationEntryPoint = context.getBeanProvider(AuthenticationEntryPoint.class)
				.getIfUnique(TryMellonAuthenticationEntryPoint::new);
		}
		return this.authenticationEntryPoint;
	}

	private AccessDeniedHandler accessDeniedHandler(ApplicationContext context) {
		if (this.accessDeniedHandler == null) {
			this.accessDeniedHandler = context.getBeanProvider(AccessDeniedHandler.class)
				.getIfUnique(TryMellonAccessDeniedHandler::new);
		}
		return this.accessDeniedHandler;
	}

	/**
	 * Whether the token the resolver takes from the request is the one of its single,
	 * well-formed {@code Authorization: Bearer} header, so that the request needs no CSRF
	 * token. A header that only starts with {@code Bearer}, or a resolver that refuses
	 * the request or answers another token (from a cookie), leaves CSRF protection on.
	 */
	static boolean isBearerHeaderToken(HttpServletRequest request, SessionTokenResolver resolver) {
		String headerToken = DefaultSessionTokenResolver.wellFormedBearerToken(request);
		if (headerToken == null) {
			return false;
		}
		String token;
		try {
			token = resolver.resolve(request);
		}
		catch (RuntimeException ex) {
			// not exempt; the filter answers the refusal once CSRF protection lets it through
			return false;
		}
		return token != null && MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8),
				headerToken.getBytes(StandardCharsets.UTF_8));
	}

}
