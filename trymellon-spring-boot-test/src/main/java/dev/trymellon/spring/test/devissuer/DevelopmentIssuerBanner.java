package dev.trymellon.spring.test.devissuer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;

/**
 * Once the application is ready, logs two ready-to-paste {@code curl} commands with
 * freshly minted tokens: a plain user's ({@value #USER}, for {@code /api/me}) and an
 * admin's ({@value #ADMIN}, role {@code admin}, for {@code /api/admin}). The only place
 * a token is ever logged, and only while the development issuer runs. A singleton of the
 * context (an application listener), registered with the issuer.
 */
final class DevelopmentIssuerBanner implements ApplicationListener<ApplicationReadyEvent> {

	static final String BEAN_NAME = "devIssuerBanner";

	static final String USER = "alice";

	static final String ADMIN = "ada";

	private static final Log logger = LogFactory.getLog(DevelopmentIssuerBanner.class);

	private final DevelopmentTokens tokens;

	DevelopmentIssuerBanner(DevelopmentTokens tokens) {
		this.tokens = tokens;
	}

	@Override
	public void onApplicationEvent(ApplicationReadyEvent event) {
		Environment environment = event.getApplicationContext().getEnvironment();
		String base = "http://localhost:" + environment.getProperty("local.server.port", "8080");
		String user = this.tokens.mint(USER, null);
		String admin = this.tokens.mint(ADMIN, "admin");
		logger.info(String.format("TryMellon development issuer: try the API with these tokens (valid 24 h)%n%n"
				+ "  As %s (a plain user):%n%s%n%n  As %s (role admin):%n%s%n", USER,
				curl(user, base + "/api/me"), ADMIN, curl(admin, base + "/api/admin")));
	}

	static String curl(String token, String url) {
		return "curl -H 'Authorization: Bearer " + token + "' " + url;
	}

}
