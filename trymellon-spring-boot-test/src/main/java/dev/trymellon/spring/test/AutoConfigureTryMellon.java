package dev.trymellon.spring.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.test.context.ContextCustomizerFactories;

/**
 * Runs a {@link TryMellonTestIssuer} for the test's application context and points the
 * starter at it, so that tests can send real session tokens through the real verifier.
 * <p>
 * Before the context starts, an issuer is started on {@code 127.0.0.1} and these
 * properties are set, taking precedence over the application's own:
 * <ul>
 * <li>{@code trymellon.jwks.uri}: the issuer's JWKS URL;</li>
 * <li>{@code trymellon.issuer}: the issuer's {@code iss} ({@link #issuer()}, by default the
 * issuer's base URL);</li>
 * <li>{@code trymellon.client-id}: only when {@link #clientId()} is set, or when the
 * application sets no client id, in which case
 * {@value TryMellonTestIssuer#DEFAULT_AUDIENCE} is used.</li>
 * </ul>
 * Revocations and processed webhook events stay out of the shared Redis: unless
 * {@link #redis()} is {@code true}, {@code trymellon.redis.enabled=false} is set too, so
 * the context keeps them in memory even when the application has Spring Data Redis and a
 * {@code RedisConnectionFactory}; a revoked test user or a delivered event id is then
 * forgotten with the context instead of leaking into the next run or another
 * application.
 * <p>
 * The issuer mints tokens for that client id ({@code aud}). It is a bean of the context
 * (inject it), lives as long as the context (cached contexts share it) and is closed with
 * it. The core TryMellon auto-configurations (verifier, authorities mapper) are also
 * imported, so the annotation works in test slices; {@code @WebMvcTest} includes the
 * TryMellon web security by itself.
 * <pre class="code">
 * &#64;SpringBootTest
 * &#64;AutoConfigureMockMvc
 * &#64;AutoConfigureTryMellon
 * class OrdersTests {
 *
 *     &#64;Autowired MockMvc mvc;
 *     &#64;Autowired TryMellonTestIssuer issuer;
 *
 *     &#64;Test
 *     void adminSeesOrders() throws Exception {
 *         String token = issuer.token().userId("u1").roles("admin").build();
 *         mvc.perform(get("/api/orders").header("Authorization", "Bearer " + token))
 *             .andExpect(status().isOk());
 *     }
 * }
 * </pre>
 * The application must not configure static keys ({@code trymellon.jwks.location} or a
 * {@code JwksKeySource} bean) in the tests' profile: those take precedence over the JWKS
 * URL.
 *
 * @author TryMellon
 * @since 0.1.0
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ImportAutoConfiguration
@ContextCustomizerFactories(TryMellonContextCustomizerFactory.class)
public @interface AutoConfigureTryMellon {

	/**
	 * The client id ({@code aud}) the issuer mints tokens for, also set as
	 * {@code trymellon.client-id}. Empty (the default) uses the application's
	 * {@code trymellon.client-id}, or {@value TryMellonTestIssuer#DEFAULT_AUDIENCE} when it
	 * has none.
	 * @return the client id
	 */
	String clientId() default "";

	/**
	 * The issuer ({@code iss}) of minted tokens, also set as {@code trymellon.issuer}. Empty
	 * (the default) uses the issuer's base URL, {@code http://127.0.0.1:<port>}.
	 * @return the issuer
	 */
	String issuer() default "";

	/**
	 * Whether the context keeps revocations and processed webhook events in Redis, as the
	 * application does when it has Spring Data Redis and a {@code RedisConnectionFactory}.
	 * {@code false} (the default) sets {@code trymellon.redis.enabled=false}: in-memory
	 * stores, nothing written to Redis. {@code true} keeps the Redis stores but sets
	 * {@code trymellon.redis.key-prefix} to a prefix of the context's own, the
	 * application's prefix (by default {@code trymellon:}) followed by
	 * {@code test:<random UUID>:}, and deletes the keys under it when the context closes,
	 * so that runs and contexts never see each other's revocations or events. Read the
	 * property to share that prefix with a second context started by the test.
	 * @return whether to use the Redis stores
	 * @since 0.2.0
	 */
	boolean redis() default false;

}
