package dev.trymellon.spring.browser;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.http.ResponseCookie;
import org.springframework.util.Assert;

/**
 * How a browser session is kept: the name and attributes of the {@code HttpOnly} cookie
 * holding the TryMellon session token, the path of the session endpoints, and which
 * origins may exchange a token for that cookie. Immutable; start with
 * {@link #withCookieName(String)}.
 * <p>
 * The cookie is always {@code HttpOnly} (script never reads it) and {@code Path=/} (it
 * travels with every call of the application); {@code Secure} and {@code SameSite} are
 * settings, {@code SameSite=None} is never written (the cookie would travel on
 * cross-site requests). A name with the {@code __Host-} prefix must be {@code Secure}
 * and have no {@code Domain}; one with the {@code __Secure-} prefix must be
 * {@code Secure} (RFC 6265bis section 4.1.3, prefixes matched in any case):
 * {@link Builder#build()} refuses anything else, since the browser would drop the cookie.
 *
 * @author TryMellon
 * @since 0.2.0
 */
public final class SessionCookieSettings {

	/** The default path of the session endpoints. */
	public static final String DEFAULT_PATH = "/trymellon/session";

	private final String cookieName;

	private final String path;

	private final boolean secure;

	private final SameSite sameSite;

	private final @Nullable String domain;

	private final Set<String> allowedOrigins;

	private final Duration clockSkew;

	private SessionCookieSettings(Builder builder) {
		this.cookieName = builder.cookieName;
		this.path = builder.path;
		this.secure = builder.secure;
		this.sameSite = builder.sameSite;
		this.domain = builder.domain;
		this.allowedOrigins = Set.copyOf(builder.allowedOrigins);
		this.clockSkew = builder.clockSkew;
	}

	/**
	 * Starts settings for the cookie of the given name; it must be the cookie the token
	 * resolver reads ({@code trymellon.token.cookie-name}).
	 * @param cookieName the cookie name (RFC 6265 token characters)
	 * @return a builder
	 */
	public static Builder withCookieName(String cookieName) {
		return new Builder(cookieName);
	}

	/**
	 * Returns the session cookie's name.
	 * @return the name
	 */
	public String getCookieName() {
		return this.cookieName;
	}

	/**
	 * Returns the path of the session endpoints ({@code POST}, {@code GET},
	 * {@code DELETE}).
	 * @return the path, {@value #DEFAULT_PATH} by default
	 */
	public String getPath() {
		return this.path;
	}

	/**
	 * Returns whether the cookie is {@code Secure}.
	 * @return {@code true} by default
	 */
	public boolean isSecure() {
		return this.secure;
	}

	/**
	 * Returns the cookie's {@code SameSite} attribute.
	 * @return {@link SameSite#LAX} by default
	 */
	public SameSite getSameSite() {
		return this.sameSite;
	}

	/**
	 * Returns the cookie's {@code Domain} attribute.
	 * @return the domain, or {@code null} for a host-only cookie (the default)
	 */
	public @Nullable String getDomain() {
		return this.domain;
	}

	/**
	 * Returns the origins besides the application's own that may exchange a token.
	 * @return the origins, as browsers send them ({@code https://app.example.com})
	 */
	public Set<String> getAllowedOrigins() {
		return this.allowedOrigins;
	}

	/**
	 * Returns the clock skew the verifier allows past a token's expiry: a signed-out
	 * token's revocation is kept that long after its expiry.
	 * @return the clock skew
	 */
	public Duration getClockSkew() {
		return this.clockSkew;
	}

	/**
	 * The cookie that keeps the token for its remaining life.
	 * @param token the verified token
	 * @param maxAge the time until the token expires, at least one second
	 * @return the {@code Set-Cookie} value
	 */
	public ResponseCookie sessionCookie(String token, Duration maxAge) {
		Assert.hasText(token, "token cannot be empty");
		Assert.isTrue(maxAge != null && maxAge.getSeconds() >= 1, "maxAge must be at least one second");
		return cookie(token, maxAge);
	}

	/**
	 * The cookie that makes the browser forget the session cookie: the same name and
	 * attributes, an empty value and {@code Max-Age=0}.
	 * @return the {@code Set-Cookie} value
	 */
	public ResponseCookie clearedSessionCookie() {
		return cookie("", Duration.ZERO);
	}

	private ResponseCookie cookie(String value, Duration maxAge) {
		ResponseCookie.ResponseCookieBuilder cookie = ResponseCookie.from(this.cookieName, value)
			.httpOnly(true)
			.secure(this.secure)
			.sameSite(this.sameSite.attribute())
			.path("/")
			.maxAge(maxAge);
		if (this.domain != null) {
			cookie.domain(this.domain);
		}
		return cookie.build();
	}

	/**
	 * Whether a request with these headers may exchange a token for the cookie. A request
	 * with neither header is not from a browser (or from an old one that sends
	 * {@code Origin} only cross-origin) and may. Otherwise its {@code Origin}, when
	 * present, must be the application's own or an allowed one, and
	 * {@code Sec-Fetch-Site: cross-site} needs an allowed {@code Origin}. The opaque
	 * origin {@code null} (a sandboxed frame, a redirect across origins) is refused.
	 * @param origin the {@code Origin} header, or {@code null}
	 * @param secFetchSite the {@code Sec-Fetch-Site} header, or {@code null}
	 * @param ownOrigin the application's own origin as the request reached it
	 * ({@code scheme://host[:port]}, default port omitted)
	 * @return whether the exchange may proceed
	 */
	public boolean isExchangeAllowed(@Nullable String origin, @Nullable String secFetchSite, String ownOrigin) {
		return SessionCookieRules.isExchangeAllowed(this.allowedOrigins, origin, secFetchSite, ownOrigin);
	}

	@Override
	public String toString() {
		return "SessionCookieSettings[" + this.cookieName + ", path=" + this.path + ", secure=" + this.secure
				+ ", sameSite=" + this.sameSite.attribute() + ((this.domain != null) ? ", domain=" + this.domain : "")
				+ "]";
	}

	/**
	 * The {@code SameSite} values a session cookie may have; {@code None} is not one.
	 *
	 * @since 0.2.0
	 */
	public enum SameSite {

		/**
		 * {@code SameSite=Lax}: sent on same-site requests and on top-level cross-site
		 * navigations ({@code GET}), which lets a link from another site open a signed-in
		 * page; never on cross-site {@code POST}s, frames or scripted requests.
		 */
		LAX("Lax"),

		/**
		 * {@code SameSite=Strict}: sent on same-site requests only; a link from another
		 * site opens the page signed out.
		 */
		STRICT("Strict");

		private final String attribute;

		SameSite(String attribute) {
			this.attribute = attribute;
		}

		/**
		 * Returns the attribute's value as written in {@code Set-Cookie}.
		 * @return {@code Lax} or {@code Strict}
		 */
		public String attribute() {
			return this.attribute;
		}

	}

	/**
	 * Builds {@link SessionCookieSettings}; {@link #build()} checks the combination.
	 *
	 * @since 0.2.0
	 */
	public static final class Builder {

		private final String cookieName;

		private String path = DEFAULT_PATH;

		private boolean secure = true;

		private SameSite sameSite = SameSite.LAX;

		private @Nullable String domain;

		private final Set<String> allowedOrigins = new LinkedHashSet<>();

		private Duration clockSkew = Duration.ofSeconds(30);

		private Builder(String cookieName) {
			this.cookieName = SessionCookieRules.checkedCookieName(cookieName);
		}

		/**
		 * Sets the path of the session endpoints. Defaults to {@value #DEFAULT_PATH}.
		 * @param path an absolute path without wildcards, query or trailing slash
		 * @return this builder
		 */
		public Builder path(String path) {
			this.path = SessionCookieRules.checkedPath(path);
			return this;
		}

		/**
		 * Sets whether the cookie is {@code Secure}. Defaults to {@code true}; browsers
		 * accept a {@code Secure} cookie from {@code http://localhost} too.
		 * @param secure whether the cookie is {@code Secure}
		 * @return this builder
		 */
		public Builder secure(boolean secure) {
			this.secure = secure;
			return this;
		}

		/**
		 * Sets the {@code SameSite} attribute. Defaults to {@link SameSite#LAX}.
		 * @param sameSite the attribute
		 * @return this builder
		 */
		public Builder sameSite(SameSite sameSite) {
			Assert.notNull(sameSite, "sameSite cannot be null");
			this.sameSite = sameSite;
			return this;
		}

		/**
		 * Sets the {@code Domain} attribute, which shares the cookie with every host of
		 * that domain. None by default (a host-only cookie, the safer choice).
		 * @param domain the domain, or {@code null} for none
		 * @return this builder
		 */
		public Builder domain(@Nullable String domain) {
			this.domain = SessionCookieRules.checkedDomain(domain);
			return this;
		}

		/**
		 * Adds origins besides the application's own that may exchange a token, for a
		 * front end served from another origin of the same site. Each is an exact origin
		 * ({@code https://app.example.com}, no path, no wildcard).
		 * @param origins the origins
		 * @return this builder
		 */
		public Builder allowedOrigins(Iterable<String> origins) {
			Assert.notNull(origins, "origins cannot be null");
			for (String origin : origins) {
				this.allowedOrigins.add(SessionCookieRules.normalizedOrigin(origin));
			}
			return this;
		}

		/**
		 * Sets the clock skew the verifier allows past a token's expiry. Defaults to 30
		 * seconds.
		 * @param clockSkew the skew
		 * @return this builder
		 */
		public Builder clockSkew(Duration clockSkew) {
			Assert.isTrue(clockSkew != null && !clockSkew.isNegative(), "clockSkew cannot be negative");
			this.clockSkew = clockSkew;
			return this;
		}

		/**
		 * Builds the settings.
		 * @return the settings
		 * @throws IllegalStateException when a cookie-name prefix's rules are broken
		 */
		public SessionCookieSettings build() {
			SessionCookieRules.checkPrefix(this.cookieName, this.secure, this.domain);
			return new SessionCookieSettings(this);
		}

	}

}
