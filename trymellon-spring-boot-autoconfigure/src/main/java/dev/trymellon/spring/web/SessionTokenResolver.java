package dev.trymellon.spring.web;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import dev.trymellon.spring.session.SessionTokenException;

/**
 * Finds the raw TryMellon session token in a request. Declare a bean of this type, or
 * pass one to {@link TryMellonConfigurer#tokenResolver(SessionTokenResolver)}, to replace
 * the {@link DefaultSessionTokenResolver}.
 *
 * @author TryMellon
 * @since 0.1.0
 */
@FunctionalInterface
public interface SessionTokenResolver {

	/**
	 * Returns the session token carried by the request.
	 * @param request the request
	 * @return the raw token, or {@code null} when the request carries none (it then
	 * continues unauthenticated)
	 * @throws SessionTokenException when the request carries a token in an unacceptable
	 * way, for example {@code TOKEN_MALFORMED} or {@code INVALID_REQUEST}
	 */
	@Nullable String resolve(HttpServletRequest request) throws SessionTokenException;

}
