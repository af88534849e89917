package dev.trymellon.sample.webflux.dev;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.trymellon.spring.test.TryMellonTestIssuer;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Once the application is ready, prints two ready-to-paste {@code curl} commands with
 * freshly minted tokens, a plain user's and an admin's, exactly as the servlet sample
 * does. The only place the sample logs a token, with the development issuer only.
 */
@Component
@ConditionalOnBean(name = DevIssuerInitializer.BEAN_NAME)
class DevIssuerBanner {

	static final String USER = "alice";

	static final String ADMIN = "ada";

	private static final Log logger = LogFactory.getLog(DevIssuerBanner.class);

	private final TryMellonTestIssuer issuer;

	DevIssuerBanner(@Qualifier(DevIssuerInitializer.BEAN_NAME) TryMellonTestIssuer issuer) {
		this.issuer = issuer;
	}

	@EventListener(ApplicationReadyEvent.class)
	void printCurlCommands(ApplicationReadyEvent event) {
		Environment environment = event.getApplicationContext().getEnvironment();
		String base = "http://localhost:" + environment.getProperty("local.server.port", "8080");
		String user = DevTokenController.mint(this.issuer, USER, null);
		String admin = DevTokenController.mint(this.issuer, ADMIN, "admin");
		logger.info(String.format("TryMellon development issuer: try the API with these tokens (valid 24 h)%n%n"
				+ "  As %s (a plain user):%n%s%n%n  As %s (role admin):%n%s%n", USER,
				curl(user, base + "/api/me"), ADMIN, curl(admin, base + "/api/admin")));
	}

	static String curl(String token, String url) {
		return "curl -H 'Authorization: Bearer " + token + "' " + url;
	}

}
