package dev.trymellon.spring.autoconfigure.web;

import java.time.Instant;
import java.util.Date;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;

import dev.trymellon.spring.session.offline.JwksKeySource;
import dev.trymellon.spring.testfixtures.TestTokens;
import dev.trymellon.spring.web.TryMellonConfigurer;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.PropertySource;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Spring's own resource server ({@code /partner/**}, another issuer's JWTs) beside
 * TryMellon ({@code /api/**}), as two chains.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
@PropertySource("classpath:custom-claim-roles.properties")
@Import({ WebTestApplication.TestController.class, ResourceServerCoexistenceApplication.PartnerController.class })
class ResourceServerCoexistenceApplication {

	static final RSAKey PARTNER_KEY = TestTokens.generate("partner");

	@Bean
	JwksKeySource tryMellonTestKeys() {
		return TestTokens.keySource(TestTokens.KEY);
	}

	@Bean
	JwtDecoder partnerJwtDecoder() throws JOSEException {
		return NimbusJwtDecoder.withPublicKey(PARTNER_KEY.toRSAPublicKey()).build();
	}

	@Bean
	@Order(1)
	SecurityFilterChain partner(HttpSecurity http) throws Exception {
		http.securityMatcher("/partner/**")
			.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated())
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.oauth2ResourceServer((resourceServer) -> resourceServer.jwt(Customizer.withDefaults()));
		return http.build();
	}

	@Bean
	@Order(2)
	SecurityFilterChain api(HttpSecurity http) throws Exception {
		http.securityMatcher("/api/**")
			.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated())
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.with(TryMellonConfigurer.tryMellon(), Customizer.withDefaults());
		return http.build();
	}

	static String partnerToken() {
		Instant now = Instant.now();
		JWTClaimsSet claims = new JWTClaimsSet.Builder().subject("partner-service")
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plusSeconds(600)))
			.build();
		return TestTokens.sign(PARTNER_KEY, new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("partner").build(), claims);
	}

	@RestController
	static class PartnerController {

		@GetMapping("/partner/hello")
		String hello(Authentication authentication) {
			return "partner " + authentication.getName() + " " + authentication.getClass().getSimpleName();
		}

	}

}
