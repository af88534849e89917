package dev.trymellon.spring.autoconfigure.browser;

import java.time.Duration;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.trymellon.spring.autoconfigure.TryMellonAutoConfiguration;
import dev.trymellon.spring.autoconfigure.TryMellonProperties;
import dev.trymellon.spring.browser.SessionCookieSettings;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration}
 * of browser sessions, on with {@code trymellon.session-cookie.enabled=true}: the
 * {@link SessionCookieSettings} bean from {@code trymellon.session-cookie.*} and
 * {@code trymellon.token.cookie-name}, checked at startup (a bad path, origin or domain,
 * a {@code __Host-} or {@code __Secure-} cookie that is not {@code Secure}, a
 * {@code __Host-} cookie with a {@code Domain}). The security filter chain that applies
 * {@code TryMellonConfigurer}, the default one included, then answers the session
 * endpoints.
 *
 * @author TryMellon
 * @since 0.2.0
 */
@AutoConfiguration(after = TryMellonAutoConfiguration.class)
@ConditionalOnBooleanProperty("trymellon.session-cookie.enabled")
@EnableConfigurationProperties({ SessionCookieProperties.class, TryMellonProperties.class })
public final class TryMellonSessionCookieAutoConfiguration {

	private static final Log logger = LogFactory.getLog(TryMellonSessionCookieAutoConfiguration.class);

	private static final String PREFIX = "trymellon.session-cookie.";

	@Bean
	@ConditionalOnMissingBean
	SessionCookieSettings tryMellonSessionCookieSettings(SessionCookieProperties properties,
			TryMellonProperties tryMellon) {
		String cookieName = tryMellon.getToken().getCookieName();
		if (cookieName == null || cookieName.isBlank()) {
			throw new InvalidConfigurationPropertyValueException("trymellon.token.cookie-name", cookieName,
					"Browser sessions ('trymellon.session-cookie.enabled=true') keep the token in this cookie and read "
							+ "it from there: set it, for example to '__Host-trymellon-session'");
		}
		SessionCookieSettings.Builder builder = builder(cookieName.trim());
		apply(PREFIX + "path", properties.getPath(), () -> builder.path(properties.getPath()));
		apply(PREFIX + "domain", properties.getDomain(), () -> builder.domain(properties.getDomain()));
		apply(PREFIX + "allowed-origins", properties.getAllowedOrigins(),
				() -> builder.allowedOrigins(properties.getAllowedOrigins()));
		builder.secure(properties.isSecure()).sameSite(properties.getSameSite()).clockSkew(clockSkew(tryMellon));
		SessionCookieSettings settings;
		try {
			settings = builder.build();
		}
		catch (IllegalStateException ex) {
			String property = (properties.getDomain() != null && properties.isSecure()) ? PREFIX + "domain"
					: PREFIX + "secure";
			throw new InvalidConfigurationPropertyValueException(property,
					property.endsWith("domain") ? properties.getDomain() : properties.isSecure(),
					ex.getMessage() + " (cookie '" + cookieName.trim() + "' from 'trymellon.token.cookie-name')");
		}
		if (!tryMellon.getRevocation().isEnabled()) {
			logger.warn("TryMellon browser sessions are on while 'trymellon.revocation.enabled=false': a signed-out "
					+ "session cookie is no longer set in the browser, but a copy of it stays valid until the token "
					+ "expires");
		}
		return settings;
	}

	private static SessionCookieSettings.Builder builder(String cookieName) {
		try {
			return SessionCookieSettings.withCookieName(cookieName);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidConfigurationPropertyValueException("trymellon.token.cookie-name", cookieName,
					ex.getMessage());
		}
	}

	private static void apply(String property, @Nullable Object value, Runnable setter) {
		try {
			setter.run();
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidConfigurationPropertyValueException(property, value, ex.getMessage());
		}
	}

	private static Duration clockSkew(TryMellonProperties properties) {
		Duration skew = properties.getToken().getClockSkew();
		return (skew != null && !skew.isNegative()) ? skew : Duration.ofSeconds(30);
	}

}
