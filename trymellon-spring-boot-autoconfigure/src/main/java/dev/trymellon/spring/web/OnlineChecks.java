package dev.trymellon.spring.web;

import java.io.IOException;
import java.time.Duration;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import dev.trymellon.spring.remote.RemoteSessionChecker;
import dev.trymellon.spring.session.SessionTokenException;
import dev.trymellon.spring.session.TryMellonErrorCode;

import org.springframework.security.authentication.InternalAuthenticationServiceException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.AuthenticationEntryPoint;

/**
 * The online check of one request, shared by the DSL's filter and the
 * {@code @TryMellonVerifyOnline} interceptor: the request must be authenticated by a
 * TryMellon session, and TryMellon's API must confirm the request's token for that
 * session's user now. Otherwise the context is cleared and the entry point answers (401
 * for a refused or missing session, 503 with {@code Retry-After} when the API cannot be
 * asked).
 */
final class OnlineChecks {

	/**
	 * The request attribute holding the token {@link TryMellonAuthenticationFilter}
	 * authenticated the request with, so that the online check confirms that token and
	 * not another one a differently configured resolver reads.
	 */
	static final String TOKEN_ATTRIBUTE = OnlineChecks.class.getName() + ".TOKEN";

	private OnlineChecks() {
	}

	/**
	 * Checks the request; {@code false} when it was refused and answered.
	 */
	static boolean check(HttpServletRequest request, HttpServletResponse response, @Nullable Duration maxAge,
			RemoteSessionChecker checker, SessionTokenResolver resolver, AuthenticationEntryPoint entryPoint,
			SecurityContextHolderStrategy strategy) throws IOException, ServletException {
		AuthenticationException failure;
		Authentication authentication = strategy.getContext().getAuthentication();
		try {
			if (!(authentication instanceof TryMellonAuthentication tryMellon)) {
				throw new SessionTokenException(TryMellonErrorCode.TOKEN_MISSING,
						"This request needs a TryMellon session checked online");
			}
			String token = (request.getAttribute(TOKEN_ATTRIBUTE) instanceof String authenticated) ? authenticated
					: resolver.resolve(request);
			if (token == null) {
				throw new SessionTokenException(TryMellonErrorCode.TOKEN_MISSING,
						"No session token to check online in this request");
			}
			checker.confirmOnline(token, tryMellon.getSession(), maxAge);
			return true;
		}
		catch (SessionTokenException ex) {
			failure = TryMellonAuthenticationProvider.toAuthenticationException(ex);
		}
		catch (RuntimeException ex) {
			failure = new InternalAuthenticationServiceException(
					"The online session check failed unexpectedly (" + ex.getClass().getName() + ")", ex);
		}
		strategy.clearContext();
		entryPoint.commence(request, response, failure);
		return false;
	}

}
