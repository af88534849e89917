package dev.trymellon.spring.test;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import com.nimbusds.jose.JWSAlgorithm;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import dev.trymellon.spring.session.SessionTokenException;
import dev.trymellon.spring.session.SessionTokenVerifier;
import dev.trymellon.spring.session.TryMellonErrorCode;
import dev.trymellon.spring.session.TryMellonSession;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.test.context.MergedContextConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.Mockito.mock;

/**
 * {@link AutoConfigureTryMellon @AutoConfigureTryMellon} with the real auto-configuration
 * and offline verifier. These tests live here, not in the autoconfigure module, because
 * that module cannot depend on this one (Maven refuses the cycle even in test scope).
 */
class AutoConfigureTryMellonTests {

	@Nested
	@SpringBootTest(classes = NoApplicationBeans.class)
	@AutoConfigureTryMellon
	class Defaults {

		@Autowired
		Environment environment;

		@Autowired
		TryMellonTestIssuer issuer;

		@Autowired
		SessionTokenVerifier verifier;

		@Test
		void pointsTheStarterAtTheIssuer() {
			assertThat(this.environment.getProperty("trymellon.jwks.uri"))
				.isEqualTo(this.issuer.getJwksUri().toString())
				.startsWith("http://127.0.0.1:");
			assertThat(this.environment.getProperty("trymellon.issuer")).isEqualTo(this.issuer.getIssuer())
				.isEqualTo(this.issuer.getBaseUrl().toString());
			assertThat(this.environment.getProperty("trymellon.client-id"))
				.isEqualTo(TryMellonTestIssuer.DEFAULT_AUDIENCE)
				.isEqualTo(this.issuer.getAudience());
		}

		@Test
		void mintedTokensPassTheRealVerifier() {
			TryMellonSession session = this.verifier.verify(this.issuer.token()
				.userId("user_1")
				.externalUserId("ext_1")
				.tenantId("tenant_1")
				.appId("app_1")
				.roles("admin", "editor")
				.build());
			assertThat(session.getUserId()).isEqualTo("user_1");
			assertThat(session.getExternalUserId()).isEqualTo("ext_1");
			assertThat(session.getTenantId()).isEqualTo("tenant_1");
			assertThat(session.getAppId()).isEqualTo("app_1");
			assertThat(session.getCustomClaims()).containsEntry("roles", "admin editor");
			assertThat(session.getKeyId()).isEqualTo(this.issuer.getKeyId());
			assertThat(session.getAudience()).containsExactly(TryMellonTestIssuer.DEFAULT_AUDIENCE);
		}

		@Test
		void negativeTokensFailWithTheirPreciseCodes() {
			assertCode(this.issuer.token().expired().build(), TryMellonErrorCode.SESSION_EXPIRED);
			assertCode(this.issuer.token().signedWithUnknownKey().build(), TryMellonErrorCode.SIGNATURE_INVALID);
			assertCode(this.issuer.token().algorithm(JWSAlgorithm.HS256).build(),
					TryMellonErrorCode.ALGORITHM_NOT_ALLOWED);
			assertCode(this.issuer.token().algorithm(JWSAlgorithm.ES256).build(),
					TryMellonErrorCode.ALGORITHM_NOT_ALLOWED);
			assertCode(this.issuer.token().unsigned().build(), TryMellonErrorCode.ALGORITHM_NOT_ALLOWED);
			assertCode(this.issuer.token().keyId("k_unknown").build(), TryMellonErrorCode.JWT_KID_MISMATCH);
			assertCode(this.issuer.token().withoutKeyId().build(), TryMellonErrorCode.JWT_KID_MISMATCH);
			assertCode(this.issuer.token().withoutClaim("sub").build(), TryMellonErrorCode.TOKEN_MALFORMED);
			assertCode(this.issuer.token().claim("exp", "soon").build(), TryMellonErrorCode.TOKEN_MALFORMED);
			assertCode(this.issuer.token().audience("client_other").build(), TryMellonErrorCode.AUDIENCE_MISMATCH);
			assertCode(this.issuer.token().issuer("https://evil.example").build(),
					TryMellonErrorCode.ISSUER_MISMATCH);
		}

		private void assertCode(String token, TryMellonErrorCode code) {
			assertThatExceptionOfType(SessionTokenException.class).isThrownBy(() -> this.verifier.verify(token))
				.satisfies((ex) -> assertThat(ex.getErrorCode()).isEqualTo(code));
		}

	}

	@Nested
	@SpringBootTest(classes = NoApplicationBeans.class, properties = "trymellon.client-id=client_app")
	@AutoConfigureTryMellon
	class ApplicationClientId {

		@Autowired
		Environment environment;

		@Autowired
		TryMellonTestIssuer issuer;

		@Autowired
		SessionTokenVerifier verifier;

		@Test
		void keepsItAndMintsTokensForIt() {
			assertThat(this.environment.getProperty("trymellon.client-id")).isEqualTo("client_app");
			assertThat(this.issuer.getAudience()).isEqualTo("client_app");
			assertThat(this.verifier.verify(this.issuer.token().build()).getAudience()).containsExactly("client_app");
		}

	}

	@Nested
	@SpringBootTest(classes = NoApplicationBeans.class, properties = "trymellon.client-id=client_app")
	@AutoConfigureTryMellon(clientId = "client_test", issuer = "https://api.trymellonauth.com")
	class Attributes {

		@Autowired
		Environment environment;

		@Autowired
		TryMellonTestIssuer issuer;

		@Autowired
		SessionTokenVerifier verifier;

		@Test
		void overrideTheApplication() {
			assertThat(this.environment.getProperty("trymellon.client-id")).isEqualTo("client_test");
			assertThat(this.environment.getProperty("trymellon.issuer")).isEqualTo("https://api.trymellonauth.com");
			TryMellonSession session = this.verifier.verify(this.issuer.token().build());
			assertThat(session.getIssuer()).isEqualTo("https://api.trymellonauth.com");
			assertThat(session.getAudience()).isEqualTo(List.of("client_test"));
		}

	}

	@Test
	void issuerIsClosedWithTheContext() throws Exception {
		TryMellonContextCustomizerFactory factory = new TryMellonContextCustomizerFactory();
		var customizer = factory.createContextCustomizer(Defaults.class, List.of());
		assertThat(customizer).isNotNull();
		assertThat(factory.createContextCustomizer(AutoConfigureTryMellonTests.class, List.of())).isNull();
		assertThat(customizer).isEqualTo(factory.createContextCustomizer(Defaults.class, List.of()))
			.isNotEqualTo(factory.createContextCustomizer(Attributes.class, List.of()));
		URI jwks;
		try (GenericApplicationContext context = new GenericApplicationContext()) {
			customizer.customizeContext(context, mock(MergedContextConfiguration.class));
			context.refresh();
			jwks = context.getBean(TryMellonTestIssuer.class).getJwksUri();
			assertThat(get(jwks).statusCode()).isEqualTo(200);
		}
		assertThatExceptionOfType(ConnectException.class).isThrownBy(() -> get(jwks));
	}

	private static HttpResponse<String> get(URI uri) throws Exception {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
	}

	/**
	 * No auto-configuration of its own: the TryMellon beans come from the annotation's
	 * imports, as in a test slice.
	 */
	@Configuration(proxyBeanMethods = false)
	static class NoApplicationBeans {

	}

}
