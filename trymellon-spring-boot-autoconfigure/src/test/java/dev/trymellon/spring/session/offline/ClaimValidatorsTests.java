package dev.trymellon.spring.session.offline;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.trymellon.spring.session.TryMellonErrorCode;
import dev.trymellon.spring.session.TryMellonSession;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each claim validator on its own, and the order the verifier runs them in.
 */
class ClaimValidatorsTests {

	private static final long IAT = 1_790_000_000L;

	private static final long NOW = IAT * 1000 + 5_000;

	private static TokenClaims claims(String members) {
		String json = "{\"sub\":\"user_1\",\"iat\":" + IAT + ",\"exp\":" + (IAT + 3600) + members + "}";
		return TokenClaims.read(StrictJson.parseObject(json.getBytes(StandardCharsets.UTF_8),
				TryMellonSession.CUSTOM_CLAIMS_NAMESPACE));
	}

	private static TokenClaims raw(String json) {
		return TokenClaims.read(StrictJson.parseObject(json.getBytes(StandardCharsets.UTF_8),
				TryMellonSession.CUSTOM_CLAIMS_NAMESPACE));
	}

	private static TryMellonErrorCode code(ClaimValidator validator, TokenClaims claims, long now) {
		ClaimValidator.Failure failure = validator.validate(claims, now);
		return (failure != null) ? failure.code() : null;
	}

	@Test
	void requiredWhenSubExpIatAndConfiguredClaimsPresentThenPasses() {
		assertThat(ClaimValidators.required(List.of("jti")).validate(claims(",\"jti\":\"t1\""), NOW)).isNull();
	}

	@Test
	void requiredWhenSubEmptyOrExpMissingOrConfiguredClaimNullThenMalformed() {
		ClaimValidator required = ClaimValidators.required(List.of("jti"));
		assertThat(code(required, raw("{\"sub\":\"\",\"iat\":" + IAT + ",\"exp\":" + (IAT + 60) + ",\"jti\":\"t\"}"),
				NOW)).isEqualTo(TryMellonErrorCode.TOKEN_MALFORMED);
		assertThat(code(required, raw("{\"sub\":\"u\",\"iat\":" + IAT + ",\"jti\":\"t\"}"), NOW))
			.isEqualTo(TryMellonErrorCode.TOKEN_MALFORMED);
		assertThat(code(required, claims(",\"jti\":null"), NOW)).isEqualTo(TryMellonErrorCode.TOKEN_MALFORMED);
	}

	@Test
	void timeWhenExpiredBeyondSkewThenSessionExpired() {
		ClaimValidator time = ClaimValidators.time(30_000);
		long exp = (IAT + 3600) * 1000;
		assertThat(time.validate(claims(""), exp + 30_000)).isNull();
		assertThat(code(time, claims(""), exp + 30_001)).isEqualTo(TryMellonErrorCode.SESSION_EXPIRED);
	}

	@Test
	void timeWhenNbfOrIatInTheFutureBeyondSkewThenNotYetValid() {
		ClaimValidator time = ClaimValidators.time(30_000);
		assertThat(code(time, claims(",\"nbf\":" + (IAT + 36)), NOW)).isEqualTo(TryMellonErrorCode.TOKEN_NOT_YET_VALID);
		assertThat(time.validate(claims(",\"nbf\":" + (IAT + 35)), NOW)).isNull();
		assertThat(code(time, claims(""), IAT * 1000 - 30_001)).isEqualTo(TryMellonErrorCode.TOKEN_NOT_YET_VALID);
	}

	@Test
	void lifetimeWhenLongerThanTheMaximumThenTooLong() {
		assertThat(ClaimValidators.lifetime(3_600_000).validate(claims(""), NOW)).isNull();
		assertThat(code(ClaimValidators.lifetime(3_599_000), claims(""), NOW))
			.isEqualTo(TryMellonErrorCode.TOKEN_LIFETIME_TOO_LONG);
	}

	@Test
	void issuerAppIdTenantIdWhenDifferentOrMissingThenTheirOwnCode() {
		List<ClaimValidator> validators = ClaimValidators.ordered(List.of(), Duration.ZERO, Duration.ofDays(1),
				"https://iss", Set.of(), Set.of(), "app_1", "tenant_1");
		TokenClaims good = claims(",\"iss\":\"https://iss\",\"app_id\":\"app_1\",\"tenant_id\":\"tenant_1\"");
		assertThat(validators).allSatisfy((validator) -> assertThat(validator.validate(good, NOW)).isNull());
		assertThat(first(validators, claims(",\"app_id\":\"app_1\",\"tenant_id\":\"tenant_1\"")))
			.isEqualTo(TryMellonErrorCode.ISSUER_MISMATCH);
		assertThat(first(validators, claims(",\"iss\":\"https://iss\",\"app_id\":\"app_2\",\"tenant_id\":\"tenant_1\"")))
			.isEqualTo(TryMellonErrorCode.APP_ID_MISMATCH);
		assertThat(first(validators, claims(",\"iss\":\"https://iss\",\"app_id\":\"app_1\"")))
			.isEqualTo(TryMellonErrorCode.TENANT_ID_MISMATCH);
	}

	@Test
	void audienceWhenNoAcceptedValueThenAudienceMismatch() {
		ClaimValidator audience = ClaimValidators.audience(Set.of("client_a"));
		assertThat(audience.validate(claims(",\"aud\":[\"client_b\",\"client_a\"]"), NOW)).isNull();
		assertThat(code(audience, claims(",\"aud\":\"client_b\""), NOW)).isEqualTo(TryMellonErrorCode.AUDIENCE_MISMATCH);
		assertThat(code(audience, claims(""), NOW)).isEqualTo(TryMellonErrorCode.AUDIENCE_MISMATCH);
	}

	@Test
	void authorizedPartyWhenPresentAndNotAuthorizedThenMismatch() {
		ClaimValidator azp = ClaimValidators.authorizedParty(Set.of("client_a"));
		assertThat(azp.validate(claims(""), NOW)).isNull();
		assertThat(azp.validate(claims(",\"azp\":\"client_a\""), NOW)).isNull();
		assertThat(code(azp, claims(",\"azp\":\"client_b\""), NOW))
			.isEqualTo(TryMellonErrorCode.AUTHORIZED_PARTY_MISMATCH);
	}

	@Test
	void customClaimLimitsWhenNotAnObjectOrTooManyKeysOrTooLargeThenRefused() {
		String ns = ",\"" + TryMellonSession.CUSTOM_CLAIMS_NAMESPACE + "\":";
		assertThat(ClaimValidators.customClaimLimits(claims(ns + "{\"plan\":\"pro\"}"), NOW)).isNull();
		assertThat(ClaimValidators.customClaimLimits(claims(ns + "\"x\""), NOW).code())
			.isEqualTo(TryMellonErrorCode.TOKEN_MALFORMED);
		StringBuilder eleven = new StringBuilder("{");
		for (int i = 0; i < 11; i++) {
			eleven.append((i > 0) ? "," : "").append("\"k").append(i).append("\":1");
		}
		assertThat(ClaimValidators.customClaimLimits(claims(ns + eleven + "}"), NOW).code())
			.isEqualTo(TryMellonErrorCode.CUSTOM_CLAIMS_TOO_LARGE);
		assertThat(ClaimValidators.customClaimLimits(claims(ns + "{\"big\":\"" + "x".repeat(2100) + "\"}"), NOW).code())
			.isEqualTo(TryMellonErrorCode.CUSTOM_CLAIMS_TOO_LARGE);
	}

	@Test
	void orderedWhenSeveralChecksFailThenTheEarliestInTheDocumentedOrderWins() {
		List<ClaimValidator> validators = ClaimValidators.ordered(List.of(), Duration.ZERO, Duration.ofMinutes(30),
				"https://iss", Set.of("client_a"), Set.of(), null, null);
		// Lifetime (1 h > 30 min), issuer and audience all fail: lifetime comes first.
		assertThat(first(validators, claims(""))).isEqualTo(TryMellonErrorCode.TOKEN_LIFETIME_TOO_LONG);
		// Expired too: time comes before lifetime.
		assertThat(first(validators, claims(""), (IAT + 7200) * 1000)).isEqualTo(TryMellonErrorCode.SESSION_EXPIRED);
	}

	@Test
	void orderedWhenChecksNotConfiguredThenNotInTheList() {
		assertThat(ClaimValidators.ordered(List.of(), Duration.ZERO, Duration.ofDays(1), null, Set.of(), Set.of(),
				null, null)).hasSize(4);
	}

	private static TryMellonErrorCode first(List<ClaimValidator> validators, TokenClaims claims) {
		return first(validators, claims, NOW);
	}

	private static TryMellonErrorCode first(List<ClaimValidator> validators, TokenClaims claims, long now) {
		for (ClaimValidator validator : validators) {
			ClaimValidator.Failure failure = validator.validate(claims, now);
			if (failure != null) {
				return failure.code();
			}
		}
		return null;
	}

}
