package dev.trymellon.spring.browser.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.trymellon.spring.browser.SessionCookieSettings;
import dev.trymellon.spring.browser.SessionView;
import dev.trymellon.spring.revocation.RevocationStore;
import dev.trymellon.spring.session.SessionTokenException;
import dev.trymellon.spring.session.TryMellonErrorCode;
import dev.trymellon.spring.session.TryMellonSession;
import dev.trymellon.spring.web.internal.AuthenticationFailures;
import dev.trymellon.spring.web.internal.ErrorAnswer;

import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.GrantedAuthority;

/**
 * The browser session endpoints' decisions, for the servlet filter and the reactive web
 * filter alike: each stack reads its request, asks here, and writes the answer.
 *
 * @author TryMellon
 * @since 0.2.0
 */
public final class BrowserSessionEndpoints {

	/** The {@code Cache-Control} of every answer of the endpoints. */
	public static final String CACHE_CONTROL = "no-store";

	/** The header of the Fetch Metadata origin rule. */
	public static final String SEC_FETCH_SITE = "Sec-Fetch-Site";

	/** The cookie of Spring Security's cookie CSRF token repositories, unless renamed. */
	public static final String CSRF_COOKIE = "XSRF-TOKEN";

	private static final long RETRY_AFTER_SECONDS = 5;

	private static final Log logger = LogFactory.getLog(BrowserSessionEndpoints.class);

	private BrowserSessionEndpoints() {
	}

	/**
	 * The endpoint a request method is, on the endpoints' path.
	 */
	public enum Endpoint {

		/** {@code POST}: the token of the {@code Authorization} header for the cookie. */
		EXCHANGE,

		/** {@code GET}: the session's public view. */
		VIEW,

		/** {@code DELETE}: the sign-out. */
		SIGN_OUT;

		/**
		 * The endpoint of the method.
		 * @param method the request method
		 * @return the endpoint, or {@code null} for a method that is none (it passes
		 * through)
		 */
		public static @Nullable Endpoint of(String method) {
			return switch (method) {
				case "POST" -> EXCHANGE;
				case "GET" -> VIEW;
				case "DELETE" -> SIGN_OUT;
				default -> null;
			};
		}

	}

	/**
	 * The application's own origin as a request reached it, for
	 * {@link SessionCookieSettings#isExchangeAllowed}: {@code scheme://host[:port]}, lower
	 * case, an IPv6 host in brackets, the scheme's default port omitted.
	 * @param scheme the request's scheme
	 * @param host the request's host
	 * @param port the request's port, {@code -1} or {@code 0} when unknown
	 * @return the origin
	 */
	public static String ownOrigin(String scheme, String host, int port) {
		String lowerScheme = scheme.toLowerCase(Locale.ROOT);
		String bracketed = (host.indexOf(':') >= 0 && !host.startsWith("[")) ? "[" + host + "]" : host;
		boolean defaultPort = port <= 0 || ("http".equals(lowerScheme) && port == 80)
				|| ("https".equals(lowerScheme) && port == 443);
		return lowerScheme + "://" + bracketed.toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
	}

	/**
	 * The {@code Max-Age} of the session cookie: the whole seconds until the token
	 * expires.
	 * @param session the verified session
	 * @param now the current time
	 * @return the cookie's life, or {@code null} when under a second is left (a token
	 * accepted within the clock skew: a cookie for it would be born expired; answer
	 * {@link #expiredAtExchange()})
	 */
	public static @Nullable Duration cookieMaxAge(TryMellonSession session, Instant now) {
		long seconds = Duration.between(now, session.getExpiresAt()).getSeconds();
		return (seconds >= 1) ? Duration.ofSeconds(seconds) : null;
	}

	/**
	 * The refusal of an exchange whose token has under a second left, answered by the
	 * entry point as an expired token.
	 * @return the failure
	 */
	public static AuthenticationException expiredAtExchange() {
		return new BadCredentialsException("The session token was refused",
				new SessionTokenException(TryMellonErrorCode.SESSION_EXPIRED, "The session token has expired"));
	}

	/**
	 * The answer to an exchange from an origin that is not allowed: {@code 403
	 * ORIGIN_NOT_ALLOWED}, no challenge.
	 * @return the answer
	 */
	public static ErrorAnswer originNotAllowed() {
		return new ErrorAnswer(403, null, null, TryMellonErrorCode.ORIGIN_NOT_ALLOWED,
				"The session exchange was sent from an origin that is not allowed.");
	}

	/**
	 * The answer to a sign-out whose revocation could not be stored: {@code 503} with
	 * {@code Retry-After}, so that the page tries again.
	 * @return the answer
	 */
	public static ErrorAnswer signOutUnavailable() {
		return new ErrorAnswer(503, null, RETRY_AFTER_SECONDS, null, "The sign-out could not be recorded; try again.");
	}

	/**
	 * Revokes exactly the signed-out token in the store until its expiry plus the clock
	 * skew, and checks that the store enforces it. May block (a shared store writes
	 * through to its backend): never call it on an event loop.
	 * @param store the store, or {@code null} (the cookies are then only cleared: logged)
	 * @param session the verified session
	 * @param token its raw token
	 * @param now the current time
	 * @param clockSkew the verifier's clock skew
	 * @return {@code false} when the revocation could not be stored (answer
	 * {@link #signOutUnavailable()} and clear nothing), else {@code true}
	 */
	public static boolean revoke(@Nullable RevocationStore store, TryMellonSession session, String token,
			Instant now, Duration clockSkew) {
		if (store == null) {
			logger.warn("TryMellon browser sign-out without a RevocationStore: the cookies are cleared, but a "
					+ "copy of the session cookie stays valid until the token expires");
			return true;
		}
		Instant until = session.getExpiresAt().plus(clockSkew);
		if (!until.isAfter(now)) {
			return true;
		}
		try {
			store.revokeToken(token, session.getUserId(), now, until);
		}
		catch (RuntimeException ex) {
			logger.error("TryMellon browser sign-out could not be stored in the revocation store (" + ex
					+ "); answering 503 so that the client tries again");
			return false;
		}
		if (!store.isTokenRevoked(token)) {
			logger.error("The RevocationStore " + store.getClass().getName() + " does not enforce token "
					+ "revocations (isTokenRevoked): a copy of the signed-out session cookie stays valid until the "
					+ "token expires. Implement RevocationStore.isTokenRevoked(String).");
		}
		return true;
	}

	/**
	 * The session's public view, with the authorities the request was granted.
	 * @param session the verified session
	 * @param authentication the request's authentication
	 * @return the JSON text
	 */
	public static String view(TryMellonSession session, Authentication authentication) {
		List<String> authorities = new ArrayList<>();
		for (GrantedAuthority authority : authentication.getAuthorities()) {
			String name = authority.getAuthority();
			if (name != null) {
				authorities.add(name);
			}
		}
		return SessionView.json(session, authorities);
	}

	/**
	 * The verified session of an authentication, or {@code null} when the request is
	 * not authenticated by a TryMellon session.
	 * @param authentication the request's authentication, or {@code null}
	 * @return the session, or {@code null}
	 */
	public static @Nullable TryMellonSession session(@Nullable Authentication authentication) {
		return (authentication != null && authentication.isAuthenticated()
				&& authentication.getPrincipal() instanceof TryMellonSession session) ? session : null;
	}

	/**
	 * Whether a refused request is told to forget its session cookie: it carried the
	 * cookie and no {@code Authorization} header, and the token was refused as bad
	 * (expired, revoked, badly signed, malformed…). A token that could not be checked
	 * ({@code 503}), a malformed request ({@code 400}), a missing token or a refusal that
	 * is not the token's keeps the cookie.
	 * @param carriesSessionCookie whether the request carried the session cookie
	 * @param hasAuthorizationHeader whether it carried an {@code Authorization} header
	 * @param failure the refusal
	 * @return whether to clear the cookie
	 */
	public static boolean clearsCookie(boolean carriesSessionCookie, boolean hasAuthorizationHeader,
			@Nullable Throwable failure) {
		if (!carriesSessionCookie || hasAuthorizationHeader) {
			return false;
		}
		SessionTokenException refusal = AuthenticationFailures.findSessionTokenException(failure);
		if (refusal == null) {
			return false;
		}
		TryMellonErrorCode code = refusal.getErrorCode();
		return !code.isServiceUnavailable() && code != TryMellonErrorCode.INVALID_REQUEST
				&& code != TryMellonErrorCode.TOKEN_MISSING && code != TryMellonErrorCode.FORBIDDEN
				&& code != TryMellonErrorCode.ORIGIN_NOT_ALLOWED;
	}

}
