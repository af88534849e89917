package dev.trymellon.spring.session.offline;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.trymellon.spring.session.SessionTokenException;
import dev.trymellon.spring.session.TryMellonErrorCode;
import dev.trymellon.spring.session.TryMellonSession;
import dev.trymellon.spring.testfixtures.MutableClock;
import dev.trymellon.spring.testfixtures.TestTokens;

import static dev.trymellon.spring.testfixtures.TestTokens.ATTACKER_KEY;
import static dev.trymellon.spring.testfixtures.TestTokens.KEY;
import static dev.trymellon.spring.testfixtures.TestTokens.b64;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class OfflineSessionTokenVerifierTests {

	private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");

	private final MutableClock clock = new MutableClock(NOW);

	private final JwksKeySource keys = JwksKeySource.fromJwkSet(TestTokens.publicJwkSet(KEY), Set.of(JWSAlgorithm.RS256));

	private OfflineSessionTokenVerifier.Builder builder() {
		return OfflineSessionTokenVerifier.withKeys(this.keys)
			.issuer(TestTokens.ISSUER)
			.audiences(List.of(TestTokens.CLIENT_ID))
			.clock(this.clock);
	}

	private final OfflineSessionTokenVerifier verifier = builder().build();

	private void assertRejected(String token, TryMellonErrorCode code) {
		assertRejected(this.verifier, token, code);
	}

	private static void assertRejected(OfflineSessionTokenVerifier verifier, String token, TryMellonErrorCode code) {
		assertThatExceptionOfType(SessionTokenException.class).isThrownBy(() -> verifier.verify(token))
			.satisfies((ex) -> assertThat(ex.getErrorCode()).isEqualTo(code))
			.satisfies((ex) -> assertThat(token.length() < 8 || !ex.getMessage().contains(token)).isTrue());
	}

	@Test
	void verifyWhenValidThenReturnsSessionWithClaims() {
		String token = TestTokens.token(NOW, (claims) -> claims.claim("external_user_id", "ext_9")
			.claim("sid", "sess_1")
			.jwtID("jti_1")
			.claim(TryMellonSession.CUSTOM_CLAIMS_NAMESPACE, Map.of("roles", "admin editor", "beta", true, "level", 3)));
		TryMellonSession session = this.verifier.verify(token);
		assertThat(session.getUserId()).isEqualTo("user_123");
		assertThat(session.getSubject()).isEqualTo("user_123");
		assertThat(session.getExternalUserId()).isEqualTo("ext_9");
		assertThat(session.getTenantId()).isEqualTo("tenant_1");
		assertThat(session.getAppId()).isEqualTo("app_1");
		assertThat(session.getSessionId()).isEqualTo("sess_1");
		assertThat(session.getTokenId()).isEqualTo("jti_1");
		assertThat(session.getIssuer()).isEqualTo(TestTokens.ISSUER);
		assertThat(session.getAudience()).containsExactly(TestTokens.CLIENT_ID);
		assertThat(session.getKeyId()).isEqualTo("k_main");
		assertThat(session.getIssuedAt()).isEqualTo(NOW);
		assertThat(session.getExpiresAt()).isEqualTo(NOW.plusSeconds(3600));
		assertThat(session.getCustomClaims()).containsOnly(Map.entry("roles", "admin editor"), Map.entry("beta", true),
				Map.entry("level", 3L));
		assertThat(session.getClaim("sid")).isEqualTo("sess_1");
	}

	@Test
	void verifyWhenUserIdClaimThenItOverridesSub() {
		TryMellonSession session = this.verifier
			.verify(TestTokens.token(NOW, (claims) -> claims.subject("svc_1").claim("user_id", "user_42")));
		assertThat(session.getUserId()).isEqualTo("user_42");
		assertThat(session.getSubject()).isEqualTo("svc_1");
	}

	@Test
	void verifyWhenExternalUserIdIsNullThenSessionHasNone() {
		TryMellonSession session = this.verifier
			.verify(TestTokens.token(NOW, (claims) -> claims.claim("external_user_id", null)));
		assertThat(session.getExternalUserId()).isNull();
	}

	@Test
	void verifyWhenCustomClaimsHoldNonScalarsThenTheyAreDropped() {
		Map<String, Object> custom = new LinkedHashMap<>();
		custom.put("plan", "pro");
		custom.put("nested", Map.of("a", 1));
		custom.put("list", List.of("x"));
		TryMellonSession session = this.verifier
			.verify(TestTokens.token(NOW, (claims) -> claims.claim(TryMellonSession.CUSTOM_CLAIMS_NAMESPACE, custom)));
		assertThat(session.getCustomClaims()).containsOnly(Map.entry("plan", "pro"));
	}

	// ---- TOKEN_MALFORMED ----

	@ParameterizedTest
	@ValueSource(strings = { "", " ", "   ", "abc", "a.b", "a.b.c.d.e", ".b.c", "a..c", "a.b.c\u0000", "a b.c.d",
			"eyJ+.eyJ.sig", "a.b.c=", "a.b.c.", "\t" })
	void verifyWhenShapeIsWrongThenTokenMalformed(String token) {
		assertRejected(token, TryMellonErrorCode.TOKEN_MALFORMED);
	}

	@Test
	void verifyWhenNullThenTokenMalformed() {
		assertThatExceptionOfType(SessionTokenException.class).isThrownBy(() -> this.verifier.verify(null))
			.satisfies((ex) -> assertThat(ex.getErrorCode()).isEqualTo(TryMellonErrorCode.TOKEN_MALFORMED));
	}

	@Test
	void verifyWhenOneMebibyteTokenThenTokenMalformedBeforeParsing() {
		String valid = TestTokens.token(NOW);
		String huge = valid + "A".repeat(1024 * 1024);
		assertRejected(huge, TryMellonErrorCode.TOKEN_MALFORMED);
	}

	@Test
	void verifyWhenLongerThanMaxLengthThenTokenMalformed() {
		String token = TestTokens.token(NOW);
		OfflineSessionTokenVerifier strict = builder().maxLength(token.length() - 1).build();
		assertRejected(strict, token, TryMellonErrorCode.TOKEN_MALFORMED);
	}

	@Test
	void verifyWhenHeaderIsNotJsonThenTokenMalformed() {
		assertRejected(b64("not json") + "." + b64("{}") + ".c2ln", TryMellonErrorCode.TOKEN_MALFORMED);
	}

	@Test
	void verifyWhenUnsignedPayloadIsSwappedForGarbageThenSignatureIsCheckedFirst() {
		String[] parts = TestTokens.token(NOW).split("\\.");
		assertRejected(parts[0] + "." + b64("[1,2") + "." + parts[2], TryMellonErrorCode.SIGNATURE_INVALID);
	}

	@Test
	void verifyWhenSignedPayloadIsNotAClaimsSetThenTokenMalformed() throws Exception {
		com.nimbusds.jose.JWSObject object = new com.nimbusds.jose.JWSObject(header(),
				new com.nimbusds.jose.Payload("[1,2,3]"));
		object.sign(new com.nimbusds.jose.crypto.RSASSASigner(KEY));
		assertRejected(object.serialize(), TryMellonErrorCode.TOKEN_MALFORMED);
	}

	@ParameterizedTest
	@ValueSource(strings = { "sub", "exp", "iat" })
	void verifyWhenRequiredClaimMissingThenTokenMalformed(String claim) {
		String token = TestTokens.token(NOW, (claims) -> claims.claim(claim, null));
		assertRejected(token, TryMellonErrorCode.TOKEN_MALFORMED);
	}

	@Test
	void verifyWhenClaimHasWrongTypeThenTokenMalformed() {
		assertRejected(TestTokens.token(NOW, (claims) -> claims.claim("exp", "tomorrow")),
				TryMellonErrorCode.TOKEN_MALFORMED);
		assertRejected(TestTokens.token(NOW, (claims) -> claims.claim("sub", "")), TryMellonErrorCode.TOKEN_MALFORMED);
		assertRejected(TestTokens.token(NOW, (claims) -> claims.claim("sub", Map.of("id", 1))),
				TryMellonErrorCode.TOKEN_MALFORMED);
		assertRejected(TestTokens.token(NOW, (claims) -> claims.claim("tenant_id", 7.5)),
				TryMellonErrorCode.TOKEN_MALFORMED);
		assertRejected(TestTokens.token(NOW, (claims) -> claims.claim("user_id", List.of("a"))),
				TryMellonErrorCode.TOKEN_MALFORMED);
	}

	@Test
	void verifyWhenCustomClaimsAreNotAnObjectThenTokenMalformed() {
		assertRejected(TestTokens.token(NOW, (claims) -> claims.claim(TryMellonSession.CUSTOM_CLAIMS_NAMESPACE, "admin")),
				TryMellonErrorCode.TOKEN_MALFORMED);
	}

	@Test
	void verifyWhenCriticalHeaderThenTokenMalformed() {
		JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k_main")
			.criticalParams(Set.of("exp"))
			.build();
		assertRejected(TestTokens.sign(KEY, header, TestTokens.claims(NOW).build()), TryMellonErrorCode.TOKEN_MALFORMED);
	}

	@Test
	void verifyWhenSignatureRemovedThenTokenMalformed() {
		String valid = TestTokens.token(NOW);
		assertRejected(valid.substring(0, valid.lastIndexOf('.') + 1), TryMellonErrorCode.TOKEN_MALFORMED);
	}

	// ---- ALGORITHM_NOT_ALLOWED ----

	@Test
	void verifyWhenAlgNoneThenAlgorithmNotAllowed() {
		String payload = TestTokens.claims(NOW).build().toString();
		assertRejected(b64("{\"alg\":\"none\"}") + "." + b64(payload) + ".", TryMellonErrorCode.ALGORITHM_NOT_ALLOWED);
		assertRejected(b64("{\"alg\":\"none\",\"kid\":\"k_main\"}") + "." + b64(payload) + "."
				+ Base64URL.encode("x").toString(), TryMellonErrorCode.ALGORITHM_NOT_ALLOWED);
	}

	@Test
	void verifyWhenHs256SignedWithThePublicKeyThenAlgorithmNotAllowed() throws Exception {
		byte[] publicKeyBytes = KEY.toRSAPublicKey().getEncoded();
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("k_main").build(),
				TestTokens.claims(NOW).build());
		jwt.sign(new MACSigner(publicKeyBytes));
		assertRejected(jwt.serialize(), TryMellonErrorCode.ALGORITHM_NOT_ALLOWED);
	}

	@Test
	void verifyWhenRs384OrPs256NotAllowedThenAlgorithmNotAllowed() {
		for (JWSAlgorithm alg : List.of(JWSAlgorithm.RS384, JWSAlgorithm.PS256)) {
			String token = TestTokens.sign(KEY, new JWSHeader.Builder(alg).keyID("k_main").build(),
					TestTokens.claims(NOW).build());
			assertRejected(token, TryMellonErrorCode.ALGORITHM_NOT_ALLOWED);
		}
	}

	@Test
	void verifyWhenRs384AllowedAndKeyIsNotPinnedThenAccepted() throws Exception {
		com.nimbusds.jose.jwk.RSAKey unpinned = new com.nimbusds.jose.jwk.RSAKey.Builder(KEY.toRSAPublicKey())
			.keyID("k_main")
			.build();
		OfflineSessionTokenVerifier lenient = allowingRs384(new com.nimbusds.jose.jwk.JWKSet(unpinned));
		assertThat(lenient.verify(rs384Token()).getUserId()).isEqualTo("user_123");
	}

	@Test
	void verifyWhenAlgAllowedButKeyIsPinnedToAnotherThenAlgorithmNotAllowed() {
		OfflineSessionTokenVerifier lenient = allowingRs384(TestTokens.publicJwkSet(KEY));
		assertRejected(lenient, rs384Token(), TryMellonErrorCode.ALGORITHM_NOT_ALLOWED);
	}

	private OfflineSessionTokenVerifier allowingRs384(com.nimbusds.jose.jwk.JWKSet keys) {
		Set<JWSAlgorithm> algorithms = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384);
		return OfflineSessionTokenVerifier.withKeys(JwksKeySource.fromJwkSet(keys, algorithms))
			.algorithms(algorithms)
			.issuer(TestTokens.ISSUER)
			.audiences(List.of(TestTokens.CLIENT_ID))
			.clock(this.clock)
			.build();
	}

	private static String rs384Token() {
		return TestTokens.sign(KEY, new JWSHeader.Builder(JWSAlgorithm.RS384).keyID("k_main").build(),
				TestTokens.claims(NOW).build());
	}

	@Test
	void verifyWhenEncryptedHeaderThenAlgorithmNotAllowed() {
		String token = b64("{\"alg\":\"RSA-OAEP-256\",\"enc\":\"A256GCM\",\"kid\":\"k_main\"}") + "." + b64("{}")
				+ ".c2ln";
		assertRejected(token, TryMellonErrorCode.ALGORITHM_NOT_ALLOWED);
	}

	// ---- JWT_KID_MISMATCH / SIGNATURE_INVALID ----

	@ParameterizedTest
	@ValueSource(strings = { "k_unknown", "../../../etc/passwd", "k_main ", "K_MAIN", "" })
	void verifyWhenKidUnknownThenKidMismatch(String kid) {
		JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(kid).build();
		assertRejected(TestTokens.sign(KEY, header, TestTokens.claims(NOW).build()), TryMellonErrorCode.JWT_KID_MISMATCH);
	}

	@Test
	void verifyWhenKidAbsentThenKidMismatch() {
		JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).build();
		assertRejected(TestTokens.sign(KEY, header, TestTokens.claims(NOW).build()), TryMellonErrorCode.JWT_KID_MISMATCH);
	}

	@Test
	void verifyWhenSignedByAnotherKeyUnderAPublishedKidThenSignatureInvalid() {
		assertRejected(TestTokens.sign(ATTACKER_KEY, header(), TestTokens.claims(NOW).build()),
				TryMellonErrorCode.SIGNATURE_INVALID);
	}

	@Test
	void verifyWhenPayloadAlteredAfterSigningThenSignatureInvalid() {
		String valid = TestTokens.token(NOW);
		String[] parts = valid.split("\\.");
		String payload = new String(Base64URL.from(parts[1]).decode(), StandardCharsets.UTF_8).replace("user_123",
				"user_999");
		assertRejected(parts[0] + "." + b64(payload) + "." + parts[2], TryMellonErrorCode.SIGNATURE_INVALID);
	}

	@Test
	void verifyWhenJkuPointsAtAttackerJwksThenItIsIgnored() throws Exception {
		JWSHeader withKnownKid = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k_main")
			.jwkURL(new java.net.URI("https://attacker.example/jwks.json"))
			.build();
		assertRejected(TestTokens.sign(ATTACKER_KEY, withKnownKid, TestTokens.claims(NOW).build()),
				TryMellonErrorCode.SIGNATURE_INVALID);
		JWSHeader withAttackerKid = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k_attacker")
			.jwkURL(new java.net.URI("https://attacker.example/jwks.json"))
			.x509CertURL(new java.net.URI("https://attacker.example/cert.pem"))
			.build();
		assertRejected(TestTokens.sign(ATTACKER_KEY, withAttackerKid, TestTokens.claims(NOW).build()),
				TryMellonErrorCode.JWT_KID_MISMATCH);
	}

	@Test
	void verifyWhenEmbeddedJwkThenItIsIgnored() {
		JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k_attacker")
			.jwk(ATTACKER_KEY.toPublicJWK())
			.build();
		assertRejected(TestTokens.sign(ATTACKER_KEY, header, TestTokens.claims(NOW).build()),
				TryMellonErrorCode.JWT_KID_MISMATCH);
		JWSHeader sameKid = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k_main")
			.jwk(ATTACKER_KEY.toPublicJWK())
			.build();
		assertRejected(TestTokens.sign(ATTACKER_KEY, sameKid, TestTokens.claims(NOW).build()),
				TryMellonErrorCode.SIGNATURE_INVALID);
	}

	// ---- time ----

	@Test
	void verifyWhenExpiredBeyondSkewThenSessionExpired() {
		String token = TestTokens.token(NOW, (claims) -> claims.expirationTime(java.util.Date.from(NOW.minusSeconds(31))));
		assertRejected(token, TryMellonErrorCode.SESSION_EXPIRED);
	}

	@Test
	void verifyWhenExpiredWithinSkewThenAccepted() {
		String token = TestTokens.token(NOW.minusSeconds(3600), (claims) -> claims
			.expirationTime(java.util.Date.from(NOW.minusSeconds(29))));
		assertThat(this.verifier.verify(token).getUserId()).isEqualTo("user_123");
	}

	@Test
	void verifyWhenNotBeforeInTheFutureThenNotYetValid() {
		assertRejected(TestTokens.token(NOW, (claims) -> claims.notBeforeTime(java.util.Date.from(NOW.plusSeconds(31)))),
				TryMellonErrorCode.TOKEN_NOT_YET_VALID);
		assertThat(this.verifier
			.verify(TestTokens.token(NOW, (claims) -> claims.notBeforeTime(java.util.Date.from(NOW.plusSeconds(29)))))
			.getNotBefore()).isEqualTo(NOW.plusSeconds(29));
	}

	@Test
	void verifyWhenIssuedInTheFutureBeyondSkewThenNotYetValid() {
		assertRejected(TestTokens.token(NOW.plusSeconds(31)), TryMellonErrorCode.TOKEN_NOT_YET_VALID);
		assertThat(this.verifier.verify(TestTokens.token(NOW.plusSeconds(29))).getIssuedAt())
			.isEqualTo(NOW.plusSeconds(29));
	}

	@Test
	void verifyWhenSkewIsZeroThenOneSecondLateIsExpired() {
		OfflineSessionTokenVerifier strict = builder().clockSkew(Duration.ZERO).build();
		assertRejected(strict, TestTokens.token(NOW, (claims) -> claims.expirationTime(java.util.Date.from(NOW.minusSeconds(1)))),
				TryMellonErrorCode.SESSION_EXPIRED);
	}

	// ---- claims ----

	@Test
	void verifyWhenIssuerDiffersThenIssuerMismatch() {
		assertRejected(TestTokens.token(NOW, (claims) -> claims.issuer("https://evil.example")),
				TryMellonErrorCode.ISSUER_MISMATCH);
		assertRejected(TestTokens.token(NOW, (claims) -> claims.issuer(null)), TryMellonErrorCode.ISSUER_MISMATCH);
	}

	@Test
	void verifyWhenIssuerCheckOffThenAnyIssuerAccepted() {
		OfflineSessionTokenVerifier lenient = builder().withoutIssuerCheck().build();
		assertThat(lenient.verify(TestTokens.token(NOW, (claims) -> claims.issuer("https://other.example")))
			.getIssuer()).isEqualTo("https://other.example");
	}

	@Test
	void verifyWhenAudienceIsAnotherApplicationThenAudienceMismatch() {
		assertRejected(TestTokens.token(NOW, (claims) -> claims.audience("client_other")),
				TryMellonErrorCode.AUDIENCE_MISMATCH);
		assertRejected(TestTokens.token(NOW, (claims) -> claims.audience((String) null)),
				TryMellonErrorCode.AUDIENCE_MISMATCH);
	}

	@Test
	void verifyWhenAudienceListContainsOneAcceptedThenAccepted() {
		OfflineSessionTokenVerifier multi = builder().audiences(List.of(TestTokens.CLIENT_ID, "client_b")).build();
		assertThat(multi.verify(TestTokens.token(NOW, (claims) -> claims.audience(List.of("x", "client_b"))))
			.getAudience()).containsExactly("x", "client_b");
	}

	@Test
	void verifyWhenAudienceCheckOffThenAnyAudienceAccepted() {
		OfflineSessionTokenVerifier lenient = builder().withoutAudienceCheck().build();
		assertThat(lenient.verify(TestTokens.token(NOW, (claims) -> claims.audience("client_other"))).getUserId())
			.isEqualTo("user_123");
	}

	@Test
	void verifyWhenAzpNotAuthorizedThenAuthorizedPartyMismatch() {
		OfflineSessionTokenVerifier withAzp = builder().authorizedParties(List.of("web_app")).build();
		assertRejected(withAzp, TestTokens.token(NOW, (claims) -> claims.claim("azp", "mobile_app")),
				TryMellonErrorCode.AUTHORIZED_PARTY_MISMATCH);
		assertThat(withAzp.verify(TestTokens.token(NOW, (claims) -> claims.claim("azp", "web_app")))
			.getAuthorizedParty()).isEqualTo("web_app");
		assertThat(withAzp.verify(TestTokens.token(NOW)).getAuthorizedParty()).isNull();
	}

	@Test
	void verifyWhenAppIdDiffersThenAppIdMismatch() {
		OfflineSessionTokenVerifier pinned = builder().appId("app_1").build();
		assertRejected(pinned, TestTokens.token(NOW, (claims) -> claims.claim("app_id", "app_2")),
				TryMellonErrorCode.APP_ID_MISMATCH);
		assertRejected(pinned, TestTokens.token(NOW, (claims) -> claims.claim("app_id", null)),
				TryMellonErrorCode.APP_ID_MISMATCH);
		assertThat(pinned.verify(TestTokens.token(NOW)).getAppId()).isEqualTo("app_1");
	}

	@Test
	void verifyWhenTenantIdDiffersThenTenantIdMismatch() {
		OfflineSessionTokenVerifier pinned = builder().tenantId("tenant_1").build();
		assertRejected(pinned, TestTokens.token(NOW, (claims) -> claims.claim("tenant_id", "tenant_2")),
				TryMellonErrorCode.TENANT_ID_MISMATCH);
		assertThat(pinned.verify(TestTokens.token(NOW)).getTenantId()).isEqualTo("tenant_1");
	}

	@Test
	void verifyWhenElevenCustomClaimsThenCustomClaimsTooLarge() {
		Map<String, Object> custom = new LinkedHashMap<>();
		for (int i = 0; i < 11; i++) {
			custom.put("k" + i, i);
		}
		assertRejected(TestTokens.token(NOW, (claims) -> claims.claim(TryMellonSession.CUSTOM_CLAIMS_NAMESPACE, custom)),
				TryMellonErrorCode.CUSTOM_CLAIMS_TOO_LARGE);
		custom.remove("k10");
		assertThat(this.verifier
			.verify(TestTokens.token(NOW, (claims) -> claims.claim(TryMellonSession.CUSTOM_CLAIMS_NAMESPACE, custom)))
			.getCustomClaims()).hasSize(10);
	}

	@Test
	void verifyWhenCustomClaimsOverTwoKibibytesThenCustomClaimsTooLarge() {
		Map<String, Object> big = Map.of("note", "x".repeat(2048));
		assertRejected(TestTokens.token(NOW, (claims) -> claims.claim(TryMellonSession.CUSTOM_CLAIMS_NAMESPACE, big)),
				TryMellonErrorCode.CUSTOM_CLAIMS_TOO_LARGE);
		Map<String, Object> fits = Map.of("note", "x".repeat(2000));
		assertThat(this.verifier
			.verify(TestTokens.token(NOW, (claims) -> claims.claim(TryMellonSession.CUSTOM_CLAIMS_NAMESPACE, fits)))
			.getCustomClaim("note")).isEqualTo("x".repeat(2000));
	}

	// ---- cache ----

	@Test
	void verifyWhenCachedThenHitReturnsSameSessionWithoutVerifyingAgain() {
		VerifiedTokenCache cache = new VerifiedTokenCache(100);
		OfflineSessionTokenVerifier cached = builder().cache(cache).build();
		String token = TestTokens.token(NOW);
		TryMellonSession first = cached.verify(token);
		assertThat(cache.size()).isEqualTo(1);
		assertThat(cached.verify(new String(token))).isSameAs(first);
		assertThat(cache.stats().hitCount()).isEqualTo(1);
	}

	@Test
	void verifyWhenCachedTokenExpiresThenHitIsRefusedAsExpired() {
		VerifiedTokenCache cache = new VerifiedTokenCache(100);
		OfflineSessionTokenVerifier cached = builder().cache(cache).build();
		String token = TestTokens.token(NOW);
		cached.verify(token);
		this.clock.advance(Duration.ofSeconds(3600 + 31));
		assertRejected(cached, token, TryMellonErrorCode.SESSION_EXPIRED);
		assertThat(cache.size()).isZero();
	}

	@Test
	void verifyWhenCachedTokenIsAlteredBeforeItsLastCharactersThenNoHit() {
		VerifiedTokenCache cache = new VerifiedTokenCache(100);
		OfflineSessionTokenVerifier cached = builder().cache(cache).build();
		String token = TestTokens.token(NOW);
		cached.verify(token);
		String[] parts = token.split("\\.");
		String payload = new String(Base64URL.from(parts[1]).decode(), StandardCharsets.UTF_8).replace("user_123",
				"user_999");
		String altered = parts[0] + "." + b64(payload) + "." + parts[2];
		assertThat(altered).endsWith(token.substring(token.length() - 64)).isNotEqualTo(token);
		assertRejected(cached, altered, TryMellonErrorCode.SIGNATURE_INVALID);
	}

	@Test
	void verifyWhenRejectedThenNothingIsCached() {
		VerifiedTokenCache cache = new VerifiedTokenCache(100);
		OfflineSessionTokenVerifier cached = builder().cache(cache).build();
		assertRejected(cached, TestTokens.token(NOW, (claims) -> claims.audience("other")),
				TryMellonErrorCode.AUDIENCE_MISMATCH);
		assertThat(cache.size()).isZero();
	}

	@Test
	void invalidateWhenPredicateMatchesThenNextVerifyChecksAgain() {
		VerifiedTokenCache cache = new VerifiedTokenCache(100);
		OfflineSessionTokenVerifier cached = builder().cache(cache).build();
		TryMellonSession first = cached.verify(TestTokens.token(NOW));
		cached.verify(TestTokens.token(NOW, (claims) -> claims.subject("user_other")));
		assertThat(cache.invalidate((session) -> session.getUserId().equals("user_123"))).isEqualTo(1);
		assertThat(cache.size()).isEqualTo(1);
		assertThat(cached.verify(TestTokens.token(NOW))).isNotSameAs(first).isEqualTo(first);
	}

	// ---- builder ----

	@Test
	void buildWhenNoAudienceAndCheckOnThenFails() {
		assertThatExceptionOfType(IllegalStateException.class)
			.isThrownBy(() -> OfflineSessionTokenVerifier.withKeys(this.keys).issuer("x").build())
			.withMessageContaining("audience");
	}

	@Test
	void algorithmsWhenHmacOrNoneThenRefused() {
		for (JWSAlgorithm alg : List.of(JWSAlgorithm.HS256, JWSAlgorithm.HS512, new JWSAlgorithm("none"))) {
			assertThatExceptionOfType(IllegalArgumentException.class)
				.isThrownBy(() -> builder().algorithms(Set.of(alg)));
		}
	}

	private static JWSHeader header() {
		return new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k_main").build();
	}

}
