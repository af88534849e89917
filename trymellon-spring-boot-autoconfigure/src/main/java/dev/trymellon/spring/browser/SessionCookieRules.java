package dev.trymellon.spring.browser;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * The rules {@link SessionCookieSettings} holds its values to: the syntax of the cookie
 * name, the endpoint path, the domain and the allowed origins, the cookie-name prefixes'
 * requirements (RFC 6265bis section 4.1.3), and the origin check of a token exchange.
 */
final class SessionCookieRules {

	private static final Pattern COOKIE_NAME = Pattern.compile("[!#$%&'*+\\-.^_`|~0-9A-Za-z]+");

	private static final Pattern ORIGIN = Pattern
		.compile("https?://[A-Za-z0-9.\\-]+(:[0-9]{1,5})?|https?://\\[[0-9A-Fa-f:.]+\\](:[0-9]{1,5})?");

	private static final Pattern PATH = Pattern.compile("(/[A-Za-z0-9\\-._~!$&'()+,;=:@]+)+");

	private static final Pattern DOMAIN = Pattern
		.compile("\\.?[A-Za-z0-9]([A-Za-z0-9\\-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9\\-]*[A-Za-z0-9])?)*");

	private static final String HOST_PREFIX = "__Host-";

	private static final String SECURE_PREFIX = "__Secure-";

	private SessionCookieRules() {
	}

	static String checkedCookieName(@Nullable String cookieName) {
		Assert.isTrue(cookieName != null && COOKIE_NAME.matcher(cookieName).matches(),
				"cookieName must be a valid cookie name (RFC 6265 token characters)");
		return cookieName;
	}

	static String checkedPath(@Nullable String path) {
		Assert.isTrue(path != null && PATH.matcher(path).matches() && !path.contains("/./") && !path.contains("/../")
				&& !path.endsWith("/..") && !path.endsWith("/."),
				"path must be an absolute path such as /trymellon/session, without wildcards or a trailing slash");
		return path;
	}

	/**
	 * The domain trimmed, or {@code null} for none (blank counts as none).
	 */
	static @Nullable String checkedDomain(@Nullable String domain) {
		String trimmed = (domain != null && !domain.isBlank()) ? domain.trim() : null;
		Assert.isTrue(trimmed == null || DOMAIN.matcher(trimmed).matches(),
				"domain must be a host name such as example.com");
		return trimmed;
	}

	/**
	 * The origin trimmed and lower-cased, as browsers send it.
	 */
	static String normalizedOrigin(@Nullable String origin) {
		Assert.isTrue(origin != null && ORIGIN.matcher(origin.trim()).matches(),
				() -> "Each allowed origin must be an exact origin such as https://app.example.com "
						+ "(scheme, host and optional port; no path, no wildcard): " + origin);
		return origin.trim().toLowerCase(Locale.ROOT);
	}

	/**
	 * Refuses what the browser would drop: a {@code __Host-} cookie that is not
	 * {@code Secure} or has a {@code Domain}, a {@code __Secure-} cookie that is not
	 * {@code Secure}. Prefixes match in any case.
	 */
	static void checkPrefix(String cookieName, boolean secure, @Nullable String domain) {
		if (cookieName.regionMatches(true, 0, HOST_PREFIX, 0, HOST_PREFIX.length())) {
			Assert.state(secure, "A cookie named __Host-... must be Secure: the browser drops it otherwise");
			Assert.state(domain == null,
					"A cookie named __Host-... must not have a Domain: the browser drops it otherwise");
		}
		else if (cookieName.regionMatches(true, 0, SECURE_PREFIX, 0, SECURE_PREFIX.length())) {
			Assert.state(secure, "A cookie named __Secure-... must be Secure: the browser drops it otherwise");
		}
	}

	/**
	 * See {@link SessionCookieSettings#isExchangeAllowed(String, String, String)}.
	 */
	static boolean isExchangeAllowed(Set<String> allowedOrigins, @Nullable String origin,
			@Nullable String secFetchSite, String ownOrigin) {
		if (origin != null) {
			String normalized = origin.trim().toLowerCase(Locale.ROOT);
			if (allowedOrigins.contains(normalized)) {
				return true;
			}
			if (!normalized.equals(ownOrigin.toLowerCase(Locale.ROOT))) {
				return false;
			}
		}
		return secFetchSite == null || !"cross-site".equalsIgnoreCase(secFetchSite.trim());
	}

}
