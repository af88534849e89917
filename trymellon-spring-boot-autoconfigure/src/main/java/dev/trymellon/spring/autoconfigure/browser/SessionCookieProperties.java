package dev.trymellon.spring.autoconfigure.browser;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.trymellon.spring.browser.SessionCookieSettings;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Browser sessions: the endpoints that exchange the SDK's session token for an
 * {@code HttpOnly} cookie, show the session and sign out. The cookie's name is
 * {@code trymellon.token.cookie-name}, the cookie the token is then read from.
 *
 * @author TryMellon
 * @since 0.2.0
 */
@ConfigurationProperties("trymellon.session-cookie")
public class SessionCookieProperties {

	/**
	 * Whether the browser session endpoints (POST, GET and DELETE on the path) are on.
	 * Requires 'trymellon.token.cookie-name'.
	 */
	private boolean enabled;

	/**
	 * Path of the browser session endpoints.
	 */
	private String path = SessionCookieSettings.DEFAULT_PATH;

	/**
	 * Whether the session cookie is Secure (sent over HTTPS only; browsers also accept
	 * it from http://localhost). Required by the __Host- and __Secure- name prefixes.
	 */
	private boolean secure = true;

	/**
	 * SameSite attribute of the session cookie: 'lax' (also sent on top-level navigations
	 * from other sites) or 'strict'. SameSite=None is not offered.
	 */
	private SessionCookieSettings.SameSite sameSite = SessionCookieSettings.SameSite.LAX;

	/**
	 * Domain attribute of the session cookie, to share it with every host of that domain.
	 * Not set by default (a host-only cookie); not allowed with the __Host- prefix.
	 */
	private @Nullable String domain;

	/**
	 * Origins besides the application's own from which the exchange is accepted (a front
	 * end on another origin of the same site), each exact, such as
	 * 'https://app.example.com'. A foreign Origin or 'Sec-Fetch-Site: cross-site' is
	 * otherwise refused with ORIGIN_NOT_ALLOWED.
	 */
	private List<String> allowedOrigins = new ArrayList<>();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getPath() {
		return this.path;
	}

	public void setPath(String path) {
		this.path = path;
	}

	public boolean isSecure() {
		return this.secure;
	}

	public void setSecure(boolean secure) {
		this.secure = secure;
	}

	public SessionCookieSettings.SameSite getSameSite() {
		return this.sameSite;
	}

	public void setSameSite(SessionCookieSettings.SameSite sameSite) {
		this.sameSite = sameSite;
	}

	public @Nullable String getDomain() {
		return this.domain;
	}

	public void setDomain(@Nullable String domain) {
		this.domain = domain;
	}

	public List<String> getAllowedOrigins() {
		return this.allowedOrigins;
	}

	public void setAllowedOrigins(List<String> allowedOrigins) {
		this.allowedOrigins = allowedOrigins;
	}

}
