package dev.trymellon.spring.test.security;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.core.annotation.AliasFor;
import org.springframework.security.test.context.support.TestExecutionEvent;
import org.springframework.security.test.context.support.WithSecurityContext;

/**
 * Runs a test method (or every method of a test class) as a TryMellon session, like
 * Spring Security's {@code @WithMockUser}: the security context holds a
 * {@link dev.trymellon.spring.web.TryMellonAuthentication} whose principal is a
 * {@link dev.trymellon.spring.session.TryMellonSession} with these values. No token is
 * minted or verified.
 * <pre class="code">
 * &#64;Test
 * &#64;WithTryMellonSession(userId = "u1", roles = "admin")
 * void adminPage() throws Exception {
 *     mvc.perform(get("/api/admin")).andExpect(status().isOk());
 * }
 * </pre>
 * Authorities come from the application's
 * {@link dev.trymellon.spring.authority.SessionAuthoritiesMapper}, as in production (its
 * {@code UserAuthoritiesLookup} for the user id; {@code roles = "admin"} gives
 * {@code ROLE_ADMIN} only when the application maps the {@code roles} custom claim),
 * followed by the session's Spring Security factors ({@code FACTOR_BEARER}), unless
 * {@link #authorities()} is set. Needs {@code spring-security-test}.
 *
 * @author TryMellon
 * @since 0.1.0
 */
@Target({ ElementType.METHOD, ElementType.TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Documented
@WithSecurityContext(factory = WithTryMellonSessionSecurityContextFactory.class)
public @interface WithTryMellonSession {

	/**
	 * The user id; an alias of {@link #userId()}.
	 * @return the user id
	 */
	@AliasFor("userId")
	String value() default "test-user";

	/**
	 * The user id ({@code user_id} and {@code sub}).
	 * @return the user id
	 */
	@AliasFor("value")
	String userId() default "test-user";

	/**
	 * The external user id; empty for none.
	 * @return the external user id
	 */
	String externalUserId() default "";

	/**
	 * The tenant id; empty for none.
	 * @return the tenant id
	 */
	String tenantId() default "";

	/**
	 * The application id; empty for none.
	 * @return the application id
	 */
	String appId() default "";

	/**
	 * The session id; empty for none.
	 * @return the session id
	 */
	String sessionId() default "";

	/**
	 * Roles, carried as the {@code roles} custom claim joined with spaces; they become
	 * authorities only when the application maps that claim.
	 * @return the roles
	 */
	String[] roles() default {};

	/**
	 * Further custom claims as {@code name=value} strings. The value is typed as a token's
	 * JSON value would be, after trimming:
	 * <ul>
	 * <li>{@code true} or {@code false}: a {@link Boolean} ({@code "beta=true"} grants
	 * {@code BETA} through a mapping of the {@code beta} claim, as in production);</li>
	 * <li>a JSON number: a {@link Long} for an integer ({@code "level=3"}; a
	 * {@link java.math.BigInteger} beyond its range), a {@link Double} for a number with a
	 * fraction or an exponent ({@code "ratio=0.5"});</li>
	 * <li>a value in double quotes: the {@link String} between the quotes, to force a
	 * string ({@code "plan=\"42\""} is the string {@code 42}, {@code "beta=\"true\""}
	 * the string {@code true});</li>
	 * <li>anything else: a {@link String} ({@code "plan=pro"}).</li>
	 * </ul>
	 * @return the custom claims
	 * @since 0.2.0 for typed values (strings before)
	 */
	String[] customClaims() default {};

	/**
	 * Exact authorities to grant instead of mapping the session's claims, without
	 * factors (add {@code FACTOR_BEARER} yourself where a multi-factor rule asks for it);
	 * empty (the default) uses the application's mapper and factors.
	 * @return the authorities
	 */
	String[] authorities() default {};

	/**
	 * When the security context is set up.
	 * @return the test execution event
	 */
	@AliasFor(annotation = WithSecurityContext.class)
	TestExecutionEvent setupBefore() default TestExecutionEvent.TEST_METHOD;

}
