package dev.trymellon.spring.session.offline;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.trymellon.spring.session.SessionTokenException;
import dev.trymellon.spring.session.TryMellonErrorCode;
import dev.trymellon.spring.session.TryMellonSession;
import dev.trymellon.spring.testfixtures.MutableClock;
import dev.trymellon.spring.testfixtures.TestTokens;

import static dev.trymellon.spring.session.offline.RawTokens.HEADER;
import static dev.trymellon.spring.testfixtures.TestTokens.KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What the verifier refuses beyond the classic attacks: other spellings of a token,
 * NumericDates out of range, duplicate members, an empty {@code crit}, the wrong
 * {@code typ}, a missing required claim, a lifetime over the maximum; and where the
 * session id comes from.
 */
class OfflineSessionTokenVerifierStrictnessTests {

	private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");

	private static final long IAT = NOW.getEpochSecond();

	private final MutableClock clock = new MutableClock(NOW);

	private final JwksKeySource keys = JwksKeySource.fromJwkSet(TestTokens.publicJwkSet(KEY), Set.of(JWSAlgorithm.RS256));

	private final VerifiedTokenCache cache = new VerifiedTokenCache(100);

	private OfflineSessionTokenVerifier.Builder builder() {
		return OfflineSessionTokenVerifier.withKeys(this.keys)
			.issuer(TestTokens.ISSUER)
			.audiences(List.of(TestTokens.CLIENT_ID))
			.clock(this.clock);
	}

	private final OfflineSessionTokenVerifier verifier = builder().cache(this.cache).build();

	private static void assertRejected(OfflineSessionTokenVerifier verifier, String token, TryMellonErrorCode code) {
		assertThatExceptionOfType(SessionTokenException.class).isThrownBy(() -> verifier.verify(token))
			.satisfies((ex) -> assertThat(ex.getErrorCode()).isEqualTo(code))
			.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain(token));
	}

	private void assertRejected(String token, TryMellonErrorCode code) {
		assertRejected(this.verifier, token, code);
	}

	// ---- one token, one spelling ----

	@Test
	void verifyWhenSignatureSpelledWithUnusedBitsSetThenTokenMalformedAndOnlyTheCanonicalOneIsCached() {
		String token = TestTokens.token(NOW);
		String signature = token.substring(token.lastIndexOf('.') + 1);
		// 256 signature bytes are 342 characters: the last one carries 4 unused bits.
		assertThat(signature.length() % 4).isEqualTo(2);
		List<String> others = otherSpellings(token);
		assertThat(others).hasSize(15);
		for (String other : others) {
			assertRejected(other, TryMellonErrorCode.TOKEN_MALFORMED);
		}
		assertThat(this.verifier.verify(token).getUserId()).isEqualTo("user_123");
		for (String other : others) {
			assertRejected(other, TryMellonErrorCode.TOKEN_MALFORMED);
		}
		assertThat(this.cache.size()).isEqualTo(1);
	}

	@Test
	void verifyWhenHeaderOrPayloadSpelledWithUnusedBitsSetThenTokenMalformed() {
		// {"alg":"RS256","kid":"k_main"} is 30 bytes: 40 characters, no spare bits. One
		// space more makes 31 bytes, 42 characters, 2 spare bits in the last one.
		String header = "{\"alg\":\"RS256\",\"kid\":\"k_main\" }";
		String payload = RawTokens.payload(NOW, "");
		for (int pad = 0; TestTokens.b64(payload).length() % 4 == 0; pad++) {
			payload = RawTokens.payload(NOW, ",\"p\":\"" + "x".repeat(pad) + "\"");
		}
		String token = RawTokens.sign(header, payload);
		assertThat(this.verifier.verify(token).getUserId()).isEqualTo("user_123");
		String[] parts = token.split("\\.");
		assertThat(parts[0].length() % 4).isNotZero();
		assertThat(parts[1].length() % 4).isNotZero();
		assertRejected(flipLowestBit(parts[0]) + "." + parts[1] + "." + parts[2], TryMellonErrorCode.TOKEN_MALFORMED);
		assertRejected(parts[0] + "." + flipLowestBit(parts[1]) + "." + parts[2], TryMellonErrorCode.TOKEN_MALFORMED);
	}

	@Test
	void verifyWhenASegmentHasPaddingOrALengthBase64urlCannotHaveThenTokenMalformed() {
		String[] parts = TestTokens.token(NOW).split("\\.");
		for (int i = 0; i < 3; i++) {
			String[] padded = parts.clone();
			padded[i] = padded[i] + "=";
			assertRejected(String.join(".", padded), TryMellonErrorCode.TOKEN_MALFORMED);
			String[] impossible = parts.clone();
			impossible[i] = impossible[i] + "A".repeat((5 - impossible[i].length() % 4) % 4);
			assertThat(impossible[i].length() % 4).isEqualTo(1);
			assertRejected(String.join(".", impossible), TryMellonErrorCode.TOKEN_MALFORMED);
		}
	}

	private static List<String> otherSpellings(String token) {
		String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
		char last = token.charAt(token.length() - 1);
		int value = alphabet.indexOf(last);
		List<String> spellings = new ArrayList<>();
		for (int low = 0; low < 16; low++) {
			char other = alphabet.charAt((value & ~0x0F) | low);
			if (other != last) {
				spellings.add(token.substring(0, token.length() - 1) + other);
			}
		}
		return spellings;
	}

	private static String flipLowestBit(String segment) {
		String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
		int value = alphabet.indexOf(segment.charAt(segment.length() - 1));
		return segment.substring(0, segment.length() - 1) + alphabet.charAt(value ^ 1);
	}

	// ---- NumericDates ----

	@ParameterizedTest
	@ValueSource(strings = { "\"nbf\":9999999999999999", "\"nbf\":1e300", "\"nbf\":-1", "\"nbf\":253402300800",
			"\"nbf\":\"0\"", "\"nbf\":true", "\"nbf\":null", "\"nbf\":[1]", "\"nbf\":{}",
			"\"nbf\":99999999999999999999999999", "\"nbf\":-0.5", "\"nbf\":1e400" })
	void verifyWhenNotBeforeIsNotANumericDateThenTokenMalformed(String member) {
		assertRejected(RawTokens.sign(HEADER, RawTokens.payload(NOW, "," + member)), TryMellonErrorCode.TOKEN_MALFORMED);
	}

	@ParameterizedTest
	@ValueSource(strings = { "9999999999999999", "1e300", "-1", "253402300800", "\"1764324000\"", "false", "null",
			"1.7976931348623157e308" })
	void verifyWhenIssuedAtIsNotANumericDateThenTokenMalformed(String iat) {
		String payload = RawTokens.payload("\"iat\":" + iat + ",\"exp\":" + (IAT + 3600));
		assertRejected(RawTokens.sign(HEADER, payload), TryMellonErrorCode.TOKEN_MALFORMED);
	}

	@ParameterizedTest
	@ValueSource(strings = { "9999999999999999", "1e300", "-9223372036854775808", "253402300800", "\"tomorrow\"",
			"true", "null" })
	void verifyWhenExpiryIsNotANumericDateThenTokenMalformed(String exp) {
		String payload = RawTokens.payload("\"iat\":" + IAT + ",\"exp\":" + exp);
		assertRejected(RawTokens.sign(HEADER, payload), TryMellonErrorCode.TOKEN_MALFORMED);
	}

	@Test
	void verifyWhenNumericDatesHaveFractionsThenTheyAreTruncated() {
		String payload = RawTokens.payload("\"iat\":" + IAT + ".999,\"exp\":" + (IAT + 3600) + ".5,\"nbf\":" + IAT
				+ "e0");
		TryMellonSession session = this.verifier.verify(RawTokens.sign(HEADER, payload));
		assertThat(session.getIssuedAt()).isEqualTo(NOW);
		assertThat(session.getExpiresAt()).isEqualTo(NOW.plusSeconds(3600));
		assertThat(session.getNotBefore()).isEqualTo(NOW);
		assertThat(session.getClaim("exp")).isEqualTo(IAT + 3600);
	}

	@Test
	void verifyWhenNumericDateIsTheLargestThenItIsAccepted() {
		OfflineSessionTokenVerifier verifier = builder().maxLifetime(Duration.ofDays(3_000_000)).build();
		String payload = RawTokens.payload("\"iat\":" + IAT + ",\"exp\":253402300799");
		assertThat(verifier.verify(RawTokens.sign(HEADER, payload)).getExpiresAt())
			.isEqualTo(Instant.parse("9999-12-31T23:59:59Z"));
	}

	// ---- duplicate members ----

	@ParameterizedTest
	@ValueSource(strings = { "{\"alg\":\"RS256\",\"kid\":\"k_main\",\"kid\":\"k_main\"}",
			"{\"alg\":\"RS256\",\"alg\":\"RS256\",\"kid\":\"k_main\"}",
			"{\"alg\":\"RS256\",\"kid\":\"k_main\",\"x\":{\"a\":1,\"a\":2}}" })
	void verifyWhenHeaderHasADuplicateMemberThenTokenMalformed(String header) {
		assertRejected(RawTokens.sign(header, RawTokens.payload(NOW, "")), TryMellonErrorCode.TOKEN_MALFORMED);
	}

	@ParameterizedTest
	@ValueSource(strings = { ",\"sub\":\"user_admin\"", ",\"aud\":\"client_other\"",
			",\"https://trymellon.dev/claims\":{\"roles\":\"user\",\"roles\":\"admin\"}",
			",\"https://trymellon.dev/claims\":{\"plan\":\"pro\"},\"https://trymellon.dev/claims\":{\"plan\":\"x\"}",
			",\"x\":[{\"a\":1},{\"b\":1,\"b\":2}]" })
	void verifyWhenPayloadHasADuplicateMemberAnywhereThenTokenMalformed(String member) {
		assertRejected(RawTokens.sign(HEADER, RawTokens.payload(NOW, member)), TryMellonErrorCode.TOKEN_MALFORMED);
	}

	@Test
	void verifyWhenTheSameNameIsUsedAtDifferentDepthsThenAccepted() {
		String member = ",\"https://trymellon.dev/claims\":{\"sub\":\"x\",\"plan\":\"pro\"},\"o\":{\"plan\":1}";
		TryMellonSession session = this.verifier.verify(RawTokens.sign(HEADER, RawTokens.payload(NOW, member)));
		assertThat(session.getCustomClaims()).containsOnly(Map.entry("sub", "x"), Map.entry("plan", "pro"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"alg\":\"RS256\",\"kid\":\"k_main\"}{}",
			"[{\"alg\":\"RS256\",\"kid\":\"k_main\"}]", "{\"alg\":\"RS256\",\"kid\":\"k_main\",}",
			"{\"alg\":\"RS256\",/*c*/\"kid\":\"k_main\"}", "{'alg':'RS256','kid':'k_main'}" })
	void verifyWhenHeaderIsNotStrictJsonThenTokenMalformed(String header) {
		assertRejected(RawTokens.sign(header, RawTokens.payload(NOW, "")), TryMellonErrorCode.TOKEN_MALFORMED);
	}

	@ParameterizedTest
	@ValueSource(strings = { ",\"n\":NaN", ",\"n\":Infinity", ",\"n\":01", ",\"n\":1.", ",\"n\":\"\u0001\"" })
	void verifyWhenPayloadIsNotStrictJsonThenTokenMalformed(String member) {
		assertRejected(RawTokens.sign(HEADER, RawTokens.payload(NOW, member)), TryMellonErrorCode.TOKEN_MALFORMED);
	}

	@Test
	void verifyWhenPayloadNestsDeeperThanTheLimitThenTokenMalformed() {
		String deep = "[".repeat(StrictJson.MAX_DEPTH) + "]".repeat(StrictJson.MAX_DEPTH);
		assertRejected(RawTokens.sign(HEADER, RawTokens.payload(NOW, ",\"d\":" + deep)),
				TryMellonErrorCode.TOKEN_MALFORMED);
		String fits = "[".repeat(StrictJson.MAX_DEPTH - 1) + "]".repeat(StrictJson.MAX_DEPTH - 1);
		assertThat(this.verifier.verify(RawTokens.sign(HEADER, RawTokens.payload(NOW, ",\"d\":" + fits))).getUserId())
			.isEqualTo("user_123");
	}

	// ---- header: crit, typ, kid ----

	@ParameterizedTest
	@ValueSource(strings = { "[]", "null", "\"exp\"", "[\"exp\"]", "{}" })
	void verifyWhenCritIsPresentEvenEmptyThenTokenMalformed(String crit) {
		String header = "{\"alg\":\"RS256\",\"kid\":\"k_main\",\"crit\":" + crit + "}";
		assertRejected(RawTokens.sign(header, RawTokens.payload(NOW, "")), TryMellonErrorCode.TOKEN_MALFORMED);
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"alg\":\"RS256\",\"kid\":7}", "{\"alg\":\"RS256\",\"kid\":\"k_main\",\"typ\":1}",
			"{\"alg\":256,\"kid\":\"k_main\"}", "{\"kid\":\"k_main\"}" })
	void verifyWhenHeaderMemberHasTheWrongTypeThenTokenMalformed(String header) {
		assertRejected(RawTokens.sign(header, RawTokens.payload(NOW, "")), TryMellonErrorCode.TOKEN_MALFORMED);
	}

	@ParameterizedTest
	@ValueSource(strings = { "JWT", "jwt", "application/jwt", "Application/JWT" })
	void verifyWhenTypeIsTheExpectedOneThenAccepted(String type) {
		OfflineSessionTokenVerifier typed = builder().expectedType("JWT").build();
		assertThat(typed.verify(typed(type)).getUserId()).isEqualTo("user_123");
	}

	@ParameterizedTest
	@ValueSource(strings = { "at+jwt", "onboarding+jwt", "JOSE", "application/jwt/x", "" })
	void verifyWhenTypeIsAnotherThenTokenTypeMismatch(String type) {
		assertRejected(builder().expectedType("JWT").build(), typed(type), TryMellonErrorCode.TOKEN_TYPE_MISMATCH);
	}

	@Test
	void verifyWhenTypeIsExpectedAndMissingThenTokenTypeMismatch() {
		assertRejected(builder().expectedType("JWT").build(), TestTokens.token(NOW),
				TryMellonErrorCode.TOKEN_TYPE_MISMATCH);
	}

	@Test
	void verifyWhenNoTypeIsExpectedThenAnyTypeOrNoneIsAccepted() {
		assertThat(this.verifier.verify(typed("onboarding+jwt")).getUserId()).isEqualTo("user_123");
		assertThat(this.verifier.verify(TestTokens.token(NOW)).getUserId()).isEqualTo("user_123");
	}

	private static String typed(String type) {
		JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k_main")
			.type(new JOSEObjectType(type))
			.build();
		return TestTokens.sign(KEY, header, TestTokens.claims(NOW).build());
	}

	// ---- required claims ----

	@Test
	void verifyWhenARequiredClaimIsMissingOrNullThenTokenMalformed() {
		OfflineSessionTokenVerifier strict = builder().requiredClaims(List.of("tenant_id", "onboarded")).build();
		assertRejected(strict, TestTokens.token(NOW), TryMellonErrorCode.TOKEN_MALFORMED);
		assertRejected(strict, RawTokens.sign(HEADER, RawTokens.payload(NOW, ",\"onboarded\":null")),
				TryMellonErrorCode.TOKEN_MALFORMED);
		assertThat(strict.verify(TestTokens.token(NOW, (claims) -> claims.claim("onboarded", false)))
			.getClaim("onboarded")).isEqualTo(false);
	}

	@Test
	void requiredClaimsWhenANameIsBlankThenRefused() {
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> builder().requiredClaims(List.of("tenant_id", " ")));
	}

	// ---- lifetime ----

	@Test
	void verifyWhenLifetimeIsLongerThanTwentyFourHoursThenTokenLifetimeTooLong() {
		String token = TestTokens.token(NOW,
				(claims) -> claims.expirationTime(Date.from(NOW.plus(Duration.ofHours(24)).plusSeconds(1))));
		assertRejected(token, TryMellonErrorCode.TOKEN_LIFETIME_TOO_LONG);
		assertThat(this.cache.size()).isZero();
		String longest = TestTokens.token(NOW, (claims) -> claims.expirationTime(Date.from(NOW.plus(Duration.ofHours(24)))));
		assertThat(this.verifier.verify(longest).getExpiresAt()).isEqualTo(NOW.plus(Duration.ofHours(24)));
	}

	@Test
	void verifyWhenLifetimeIsLongerThanTheConfiguredMaximumThenTokenLifetimeTooLong() {
		OfflineSessionTokenVerifier strict = builder().maxLifetime(Duration.ofMinutes(30)).build();
		assertRejected(strict, TestTokens.token(NOW), TryMellonErrorCode.TOKEN_LIFETIME_TOO_LONG);
		assertThat(strict.verify(TestTokens.token(NOW,
				(claims) -> claims.expirationTime(Date.from(NOW.plus(Duration.ofMinutes(30))))))
			.getUserId()).isEqualTo("user_123");
	}

	@Test
	void verifyWhenIssuedLongAgoWithAHugeLifetimeThenTokenLifetimeTooLong() {
		// The revocation of a token issued two years ago is long forgotten.
		Instant issued = NOW.minus(Duration.ofDays(730));
		String token = TestTokens.token(issued,
				(claims) -> claims.expirationTime(Date.from(NOW.plus(Duration.ofDays(1)))));
		assertRejected(token, TryMellonErrorCode.TOKEN_LIFETIME_TOO_LONG);
	}

	@Test
	void maxLifetimeWhenNotPositiveThenRefused() {
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> builder().maxLifetime(Duration.ZERO));
	}

	// ---- session id ----

	@Test
	void verifyWhenDefaultSessionIdClaimsThenSidThenSessionIdButNeverJti() {
		assertThat(this.verifier
			.verify(TestTokens.token(NOW, (claims) -> claims.claim("sid", "s_1").claim("session_id", "s_2")))
			.getSessionId()).isEqualTo("s_1");
		assertThat(this.verifier
			.verify(TestTokens.token(NOW, (claims) -> claims.claim("sid", "").claim("session_id", "s_2")))
			.getSessionId()).isEqualTo("s_2");
		assertThat(this.verifier.verify(TestTokens.token(NOW, (claims) -> claims.claim("sid", 42).jwtID("jti_1")))
			.getSessionId()).isNull();
	}

	@Test
	void verifyWhenSessionIdClaimsAreSetThenOnlyThoseAreRead() {
		OfflineSessionTokenVerifier custom = builder().sessionIdClaims(List.of("tm_session", "sid")).build();
		assertThat(custom.verify(TestTokens.token(NOW, (claims) -> claims.claim("sid", "s_1").claim("tm_session", "t_1")))
			.getSessionId()).isEqualTo("t_1");
		assertThat(custom.verify(TestTokens.token(NOW, (claims) -> claims.claim("session_id", "s_2")))
			.getSessionId()).isNull();
		OfflineSessionTokenVerifier none = builder().sessionIdClaims(List.of()).build();
		assertThat(none.verify(TestTokens.token(NOW, (claims) -> claims.claim("sid", "s_1"))).getSessionId()).isNull();
	}

	// ---- custom claims size, as signed ----

	@Test
	void verifyWhenCustomClaimsJsonIsJustOverTwoKibibytesAsSignedThenCustomClaimsTooLarge() {
		// {"note":"..."} is 11 bytes around the value.
		String fits = ",\"https://trymellon.dev/claims\":{\"note\":\"" + "x".repeat(2048 - 11) + "\"}";
		assertThat(this.verifier.verify(RawTokens.sign(HEADER, RawTokens.payload(NOW, fits))).getCustomClaim("note"))
			.isEqualTo("x".repeat(2048 - 11));
		String over = ",\"https://trymellon.dev/claims\":{\"note\":\"" + "x".repeat(2048 - 10) + "\"}";
		assertRejected(RawTokens.sign(HEADER, RawTokens.payload(NOW, over)), TryMellonErrorCode.CUSTOM_CLAIMS_TOO_LARGE);
	}

}
