package dev.trymellon.spring.test.devissuer;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.trymellon.spring.session.TryMellonSession;
import dev.trymellon.spring.test.TryMellonTestIssuer;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Once the application is ready, the development issuer logs a plain user's and an
 * admin's {@code curl} command, with tokens of the running issuer; never when it is off.
 */
@ExtendWith(OutputCaptureExtension.class)
class DevelopmentIssuerBannerTests {

	private static final Pattern CURL = Pattern
		.compile("^curl -H 'Authorization: Bearer ([A-Za-z0-9_.-]+)' (http://localhost:\\d+/api/\\w+)$",
				Pattern.MULTILINE);

	@Test
	void logsTwoCurlCommandsWhenReady(CapturedOutput output) throws Exception {
		try (ConfigurableApplicationContext context = run("--local.server.port=8123")) {
			TryMellonTestIssuer issuer = context.getBean(DevelopmentIssuerInitializer.BEAN_NAME,
					TryMellonTestIssuer.class);
			Matcher matcher = CURL.matcher(output.getOut());
			assertThat(matcher.find()).isTrue();
			assertThat(matcher.group(2)).isEqualTo("http://localhost:8123/api/me");
			SignedJWT user = SignedJWT.parse(matcher.group(1));
			assertThat(matcher.find()).isTrue();
			assertThat(matcher.group(2)).isEqualTo("http://localhost:8123/api/admin");
			SignedJWT admin = SignedJWT.parse(matcher.group(1));
			assertThat(matcher.find()).isFalse();
			assertThat(user.getHeader().getKeyID()).isEqualTo(issuer.getKeyId());
			assertThat(user.getJWTClaimsSet().getClaims()).containsEntry("user_id", "alice")
				.doesNotContainKey(TryMellonSession.CUSTOM_CLAIMS_NAMESPACE);
			assertThat(admin.getJWTClaimsSet().getClaims()).containsEntry("user_id", "ada")
				.containsEntry(TryMellonSession.CUSTOM_CLAIMS_NAMESPACE, Map.of("roles", "admin"));
		}
	}

	@Test
	void silentWhenOff(CapturedOutput output) {
		try (ConfigurableApplicationContext context = run("--trymellon.sample.dev-issuer.enabled=false")) {
			assertThat(context.containsBean(DevelopmentIssuerInitializer.BEAN_NAME)).isFalse();
			assertThat(output.getOut()).doesNotContain("Authorization: Bearer").doesNotContain("development issuer");
		}
	}

	private static ConfigurableApplicationContext run(String... args) {
		SpringApplication application = new SpringApplication(Empty.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.addInitializers(new DevelopmentIssuerInitializer());
		return application.run(args);
	}

	@Configuration(proxyBeanMethods = false)
	static class Empty {

	}

}
