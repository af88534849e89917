package dev.trymellon.spring.autoconfigure.attack;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/**
 * The main attack target: {@link AttackApplication} on a real embedded Tomcat with the
 * default configuration, plus the webhook receiver (two signing secrets, a 4 KB body
 * limit so that oversize rows stay small) and a header limit raised to 64 KB so that
 * oversize tokens reach the application's own checks. The token and webhook corpora
 * share this one context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(classes = AttackApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "server.max-http-request-header-size=64KB",
				"trymellon.client-id=client_test123", "trymellon.security.permit-paths=/public/**",
				"trymellon.authorized-parties=client_test123",
				"trymellon.webhook.signing-secrets=" + AttackApplication.SECRET + ","
						+ AttackApplication.ROTATED_SECRET,
				"trymellon.webhook.max-body-size=4KB" })
@interface AttackServer {

}
