package dev.trymellon.spring.session.offline;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.trymellon.spring.session.TryMellonSession;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The session converter on its own: validated claims to the session.
 */
class SessionConverterTests {

	private static TokenClaims claims(String json) {
		return TokenClaims.read(StrictJson.parseObject(json.getBytes(StandardCharsets.UTF_8),
				TryMellonSession.CUSTOM_CLAIMS_NAMESPACE));
	}

	@Test
	void convertThenTypedValuesDatesInWholeSecondsAndScalarCustomClaims() {
		TryMellonSession session = new SessionConverter(List.of("sid")).convert(claims("{\"sub\":\"sub_1\","
				+ "\"user_id\":\"user_1\",\"iat\":1790000000.9,\"exp\":1790003600,\"aud\":\"client_a\",\"jti\":\"t1\","
				+ "\"" + TryMellonSession.CUSTOM_CLAIMS_NAMESPACE + "\":{\"plan\":\"pro\",\"tags\":[\"a\"]}}"), "k_main");
		assertThat(session.getSubject()).isEqualTo("sub_1");
		assertThat(session.getUserId()).isEqualTo("user_1");
		assertThat(session.getIssuedAt()).isEqualTo(Instant.ofEpochSecond(1_790_000_000L));
		assertThat(session.getClaim("iat")).isEqualTo(1_790_000_000L);
		assertThat(session.getAudience()).containsExactly("client_a");
		assertThat(session.getTokenId()).isEqualTo("t1");
		assertThat(session.getKeyId()).isEqualTo("k_main");
		assertThat(session.getCustomClaims()).isEqualTo(Map.of("plan", "pro"));
		assertThat(session.getClaim(TryMellonSession.CUSTOM_CLAIMS_NAMESPACE)).as("one copy of the custom claims")
			.isEqualTo(Map.of("plan", "pro"));
	}

	@Test
	void convertThenSessionIdIsTheFirstNonEmptyConfiguredClaim() {
		String json = "{\"sub\":\"u\",\"iat\":1,\"exp\":2,\"sid\":\"\",\"session_id\":\"s_2\",\"jti\":\"t\"}";
		assertThat(new SessionConverter(List.of("sid", "session_id")).convert(claims(json), "k").getSessionId())
			.isEqualTo("s_2");
		assertThat(new SessionConverter(List.of("sid")).convert(claims(json), "k").getSessionId()).isNull();
		assertThat(new SessionConverter(List.of()).convert(claims(json), "k").getSessionId()).isNull();
	}

	@Test
	void twoTokensWithTheSameValuesThenTheirSessionsShareTheStrings() {
		SessionConverter converter = new SessionConverter(List.of("sid"));
		String json = "{\"sub\":\"%s\",\"iat\":1,\"exp\":2,\"tenant_id\":\"tenant_1\",\"aud\":\"client_a\","
				+ "\"" + TryMellonSession.CUSTOM_CLAIMS_NAMESPACE + "\":{\"plan\":\"pro\",\"seats\":25}}";
		TryMellonSession first = converter.convert(claims(String.format(json, "user_1")), "k");
		TryMellonSession second = converter.convert(claims(String.format(json, "user_2")), "k");
		assertThat(second.getTenantId()).isEqualTo("tenant_1").isSameAs(first.getTenantId());
		assertThat(second.getClaim("aud")).isSameAs(first.getClaim("aud"));
		assertThat(second.getCustomClaim("plan")).isEqualTo("pro").isSameAs(first.getCustomClaim("plan"));
		assertThat(second.getSubject()).isEqualTo("user_2");
		assertThat(second.getCustomClaims()).isEqualTo(Map.of("plan", "pro", "seats", 25L));
	}

	@Test
	void convertThenClaimsImmutableAndCustomClaimsTheObjectTheClaimsHold() {
		TryMellonSession session = new SessionConverter(List.of("sid")).convert(claims("{\"sub\":\"u\",\"iat\":1,"
				+ "\"exp\":2,\"address\":{\"city\":\"Oslo\"},\"" + TryMellonSession.CUSTOM_CLAIMS_NAMESPACE
				+ "\":{\"plan\":\"pro\"}}"), "k");
		assertThat(session.getCustomClaims()).isSameAs(session.getClaim(TryMellonSession.CUSTOM_CLAIMS_NAMESPACE));
		assertThat(session.getClaims().keySet()).containsExactly("sub", "iat", "exp", "address",
				TryMellonSession.CUSTOM_CLAIMS_NAMESPACE);
		@SuppressWarnings("unchecked")
		Map<String, Object> address = (Map<String, Object>) session.getClaim("address");
		assertThat(address).isEqualTo(Map.of("city", "Oslo"));
		org.assertj.core.api.Assertions.assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> address.put("city", "Bergen"));
		org.assertj.core.api.Assertions.assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> session.getCustomClaims().put("plan", "free"));
	}

}
