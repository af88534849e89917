package dev.trymellon.spring.remote;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Requires TryMellon's API to confirm the request's session <em>now</em>, whatever
 * {@code trymellon.validation.mode} is: put it on a controller method, or on a controller
 * class for all its methods, that must not act on a session revoked a moment ago
 * (payments, role grants, account deletion). The check bypasses the remote-result cache;
 * the API's answer must name the session's user and this application. A refused session
 * is answered {@code 401}, an API that cannot be asked {@code 503} with
 * {@code Retry-After} (fail closed), a request without a TryMellon session {@code 401}.
 * A method's annotation wins over its class's.
 * <p>
 * The check runs before the handler (and before method security), whatever security
 * chains the application declares: in Spring MVC in the
 * {@code TryMellonVerifyOnlineInterceptor}, in WebFlux in the
 * {@code TryMellonVerifyOnlineHandlerAdapter} (the call to the API off the event loop),
 * both declared by the auto-configuration. Startup fails when an annotated handler
 * exists and neither can be in place. To check paths rather than handlers, use
 * {@code TryMellonConfigurer.verifyOnline(...)} or
 * {@code TryMellonReactiveConfigurer.verifyOnline(...)}.
 *
 * @author TryMellon
 * @since 0.2.0
 */
@Target({ ElementType.METHOD, ElementType.TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface TryMellonVerifyOnline {

	/**
	 * Re-check only sessions issued longer ago than this (their {@code iat}; in remote
	 * mode, their last confirmation), as a duration such as {@code 5m} or {@code PT5M}.
	 * Empty, the default, checks every request. A value that cannot be read checks every
	 * request too.
	 * @return the maximum age, or empty
	 */
	String maxAge() default "";

}
