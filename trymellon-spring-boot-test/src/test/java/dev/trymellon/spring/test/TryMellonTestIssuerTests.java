package dev.trymellon.spring.test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class TryMellonTestIssuerTests {

	private static final Instant NOW = Instant.parse("2026-11-28T04:00:00Z");

	private final HttpClient http = HttpClient.newHttpClient();

	private final TryMellonTestIssuer issuer = TryMellonTestIssuer.builder()
		.clock(Clock.fixed(NOW, ZoneOffset.UTC))
		.start();

	@AfterEach
	void close() {
		this.issuer.close();
	}

	@Test
	void servesPublicKeysOnLoopbackWithCacheHeaders() throws Exception {
		assertThat(this.issuer.getJwksUri().toString())
			.matches("http://127\\.0\\.0\\.1:\\d+/\\.well-known/jwks\\.json");
		HttpResponse<String> response = get(this.issuer.getJwksUri());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
		assertThat(response.headers().firstValue("Cache-Control")).hasValue("public, max-age=3600");
		JWKSet served = JWKSet.parse(response.body());
		assertThat(served.getKeys()).hasSize(1);
		RSAKey key = served.getKeys().get(0).toRSAKey();
		assertThat(key.isPrivate()).isFalse();
		assertThat(response.body()).doesNotContain("\"d\"");
		assertThat(key.getKeyID()).isEqualTo(this.issuer.getKeyId())
			.isEqualTo(key.computeThumbprint().toString());
		assertThat(key.getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
		assertThat(this.issuer.getJwksRequestCount()).isEqualTo(1);
	}

	@Test
	void mintsTryMellonShapedTokensVerifiableWithTheServedKey() throws Exception {
		String token = this.issuer.token()
			.userId("user_42")
			.externalUserId("ext-7")
			.tenantId("tenant_1")
			.appId("app_1")
			.roles("admin", "editor")
			.customClaim("beta", true)
			.build();
		SignedJWT jwt = SignedJWT.parse(token);
		assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
		assertThat(jwt.getHeader().getKeyID()).isEqualTo(this.issuer.getKeyId());
		assertThat(jwt.getHeader().getType().getType()).isEqualTo("JWT");
		RSAKey served = JWKSet.parse(get(this.issuer.getJwksUri()).body()).getKeys().get(0).toRSAKey();
		assertThat(jwt.verify(new RSASSAVerifier(served))).isTrue();
		Map<String, Object> claims = jwt.getPayload().toJSONObject();
		assertThat(claims).containsEntry("iss", this.issuer.getBaseUrl().toString())
			.containsEntry("aud", TryMellonTestIssuer.DEFAULT_AUDIENCE)
			.containsEntry("sub", "user_42")
			.containsEntry("user_id", "user_42")
			.containsEntry("external_user_id", "ext-7")
			.containsEntry("tenant_id", "tenant_1")
			.containsEntry("app_id", "app_1")
			.containsEntry("iat", NOW.getEpochSecond())
			.containsEntry("exp", NOW.plusSeconds(3600).getEpochSecond());
		assertThat(claims.get("https://trymellon.dev/claims"))
			.isEqualTo(Map.of("roles", "admin editor", "beta", true));
	}

	@Test
	void defaultTokenHasOnlyTheStandardClaims() throws Exception {
		Map<String, Object> claims = SignedJWT.parse(this.issuer.token().build()).getPayload().toJSONObject();
		assertThat(claims).containsOnlyKeys("iss", "aud", "sub", "iat", "exp").containsEntry("sub", "test-user");
	}

	@Test
	void builderSetsIssuerAudienceAndLifetime() throws Exception {
		try (TryMellonTestIssuer custom = TryMellonTestIssuer.builder()
			.issuer("https://api.trymellonauth.com")
			.audience("client_abc")
			.tokenLifetime(Duration.ofHours(24))
			.clock(Clock.fixed(NOW, ZoneOffset.UTC))
			.start()) {
			Map<String, Object> claims = SignedJWT.parse(custom.token().build()).getPayload().toJSONObject();
			assertThat(claims).containsEntry("iss", "https://api.trymellonauth.com")
				.containsEntry("aud", "client_abc")
				.containsEntry("exp", NOW.plus(Duration.ofHours(24)).getEpochSecond());
			assertThat(custom.properties()).containsExactly(
					Map.entry("trymellon.jwks.uri", custom.getJwksUri().toString()),
					Map.entry("trymellon.issuer", "https://api.trymellonauth.com"),
					Map.entry("trymellon.client-id", "client_abc"));
			assertThat(custom.propertyValues()).containsExactly("trymellon.jwks.uri=" + custom.getJwksUri(),
					"trymellon.issuer=https://api.trymellonauth.com", "trymellon.client-id=client_abc");
		}
	}

	@Test
	void usesAGivenKeyPair() throws Exception {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
		generator.initialize(2048);
		KeyPair pair = generator.generateKeyPair();
		try (TryMellonTestIssuer custom = TryMellonTestIssuer.builder().keyPair(pair, "k_fixed").start()) {
			SignedJWT jwt = SignedJWT.parse(custom.token().build());
			assertThat(jwt.getHeader().getKeyID()).isEqualTo("k_fixed");
			assertThat(jwt.verify(new RSASSAVerifier((java.security.interfaces.RSAPublicKey) pair.getPublic())))
				.isTrue();
			assertThat(custom.getPublishedKeyIds()).containsExactly("k_fixed");
		}
	}

	@Test
	void overridesAndRemovesClaims() throws Exception {
		Instant issued = NOW.minusSeconds(60);
		String token = this.issuer.token()
			.subject("sub-1")
			.userId("user-1")
			.issuer("https://evil.example")
			.audience("a", "b")
			.issuedAt(issued)
			.expiresIn(Duration.ofMinutes(5))
			.notBefore(NOW.plusSeconds(30))
			.sessionId("sess-1")
			.tokenId("jti-1")
			.claim("azp", "client_abc")
			.withoutClaim("iat")
			.build();
		Map<String, Object> claims = SignedJWT.parse(token).getPayload().toJSONObject();
		assertThat(claims).containsEntry("sub", "sub-1")
			.containsEntry("user_id", "user-1")
			.containsEntry("iss", "https://evil.example")
			.containsEntry("aud", List.of("a", "b"))
			.containsEntry("exp", issued.plusSeconds(300).getEpochSecond())
			.containsEntry("nbf", NOW.plusSeconds(30).getEpochSecond())
			.containsEntry("sid", "sess-1")
			.containsEntry("jti", "jti-1")
			.containsEntry("azp", "client_abc")
			.doesNotContainKey("iat");
	}

	@Test
	void expiredTokenExpiredAnHourAgo() throws Exception {
		Map<String, Object> claims = SignedJWT.parse(this.issuer.token().expired().build())
			.getPayload()
			.toJSONObject();
		assertThat(claims).containsEntry("exp", NOW.minusSeconds(3600).getEpochSecond())
			.containsEntry("iat", NOW.minusSeconds(7200).getEpochSecond());
	}

	@Test
	void signedWithUnknownKeyNamesTheCurrentKidButDoesNotVerify() throws Exception {
		SignedJWT jwt = SignedJWT.parse(this.issuer.token().signedWithUnknownKey().build());
		assertThat(jwt.getHeader().getKeyID()).isEqualTo(this.issuer.getKeyId());
		RSAKey served = this.issuer.getJwkSet().getKeys().get(0).toRSAKey();
		assertThat(jwt.verify(new RSASSAVerifier(served))).isFalse();
	}

	@Test
	void keyIdCanBeChangedOrOmitted() throws Exception {
		assertThat(SignedJWT.parse(this.issuer.token().keyId("k_unknown").build()).getHeader().getKeyID())
			.isEqualTo("k_unknown");
		assertThat(SignedJWT.parse(this.issuer.token().withoutKeyId().build()).getHeader().getKeyID()).isNull();
	}

	@Test
	void otherAlgorithms() throws Exception {
		RSAKey served = this.issuer.getJwkSet().getKeys().get(0).toRSAKey();
		SignedJWT rs512 = SignedJWT.parse(this.issuer.token().algorithm(JWSAlgorithm.RS512).build());
		assertThat(rs512.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS512);
		assertThat(rs512.verify(new RSASSAVerifier(served))).isTrue();
		assertThat(JWSObject.parse(this.issuer.token().algorithm(JWSAlgorithm.HS256).build()).getHeader()
			.getAlgorithm()).isEqualTo(JWSAlgorithm.HS256);
		assertThat(JWSObject.parse(this.issuer.token().algorithm(JWSAlgorithm.ES256).build()).getHeader()
			.getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
		String unsigned = this.issuer.token().unsigned().build();
		assertThat(unsigned).endsWith(".");
		assertThat(com.nimbusds.jose.PlainObject.parse(unsigned).getHeader().getAlgorithm().getName())
			.isEqualTo("none");
	}

	@Test
	void extraHeaderParametersAndType() throws Exception {
		SignedJWT jwt = SignedJWT.parse(this.issuer.token()
			.header("jku", "https://evil.example/jwks.json")
			.header("crit", List.of("exp-ext"))
			.header("exp-ext", 1)
			.type(null)
			.build());
		assertThat(jwt.getHeader().getJWKURL()).isEqualTo(URI.create("https://evil.example/jwks.json"));
		assertThat(jwt.getHeader().getCriticalParams()).containsExactly("exp-ext");
		assertThat(jwt.getHeader().getType()).isNull();
	}

	@Test
	void rotationPublishesBothKeysThenRetiresTheOldOne() throws Exception {
		String first = this.issuer.getKeyId();
		String oldToken = this.issuer.token().build();
		String second = this.issuer.rotateKey();
		assertThat(second).isNotEqualTo(first);
		assertThat(this.issuer.getKeyId()).isEqualTo(second);
		assertThat(keyIds(get(this.issuer.getJwksUri()).body())).containsExactly(second, first);
		assertThat(SignedJWT.parse(this.issuer.token().build()).getHeader().getKeyID()).isEqualTo(second);
		assertThat(SignedJWT.parse(this.issuer.token().signedWithKey(first).build()).getHeader().getKeyID())
			.isEqualTo(first);
		this.issuer.retireKey(first);
		assertThat(keyIds(get(this.issuer.getJwksUri()).body())).containsExactly(second);
		assertThat(SignedJWT.parse(oldToken).getHeader().getKeyID()).isEqualTo(first);
	}

	@Test
	void currentKeyCannotBeRetired() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.issuer.retireKey(this.issuer.getKeyId()))
			.withMessageContaining("rotate first");
	}

	@Test
	void outageAnswers503AndOtherMethods405() throws Exception {
		this.issuer.setJwksAvailable(false);
		assertThat(get(this.issuer.getJwksUri()).statusCode()).isEqualTo(503);
		this.issuer.setJwksAvailable(true);
		assertThat(get(this.issuer.getJwksUri()).statusCode()).isEqualTo(200);
		HttpResponse<String> post = this.http.send(
				HttpRequest.newBuilder(this.issuer.getJwksUri()).POST(HttpRequest.BodyPublishers.noBody()).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(post.statusCode()).isEqualTo(405);
		assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
	}

	@Test
	void closeStopsTheServer() throws Exception {
		URI jwks = this.issuer.getJwksUri();
		this.issuer.close();
		this.issuer.close();
		assertThatExceptionOfType(ConnectException.class).isThrownBy(() -> get(jwks));
	}

	private HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
		return this.http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
	}

	private static List<String> keyIds(String jwks) throws Exception {
		return JWKSet.parse(jwks).getKeys().stream().map((key) -> key.getKeyID()).toList();
	}

}
