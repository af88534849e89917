package dev.trymellon.spring.session;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A session is its claims: the typed getters are derived from them, and the builder
 * builds the claims.
 */
class TryMellonSessionTests {

	private static final Instant IAT = Instant.parse("2026-11-28T10:00:00Z");

	@Test
	void builderThenTypedValuesAreTheClaims() {
		TryMellonSession session = TryMellonSession.builder("sub_1")
			.userId("user_1")
			.tenantId("tenant_1")
			.appId("app_1")
			.tokenId("jti_1")
			.issuer("https://iss")
			.audience(List.of("client_a"))
			.authorizedParty("client_a")
			.issuedAt(IAT)
			.expiresAt(IAT.plusSeconds(600))
			.sessionId("sess_1")
			.customClaims(Map.of("plan", "pro"))
			.build();
		assertThat(session.getClaims()).containsEntry("sub", "sub_1")
			.containsEntry("user_id", "user_1")
			.containsEntry("tenant_id", "tenant_1")
			.containsEntry("app_id", "app_1")
			.containsEntry("jti", "jti_1")
			.containsEntry("iss", "https://iss")
			.containsEntry("aud", List.of("client_a"))
			.containsEntry("azp", "client_a")
			.containsEntry("iat", IAT.getEpochSecond())
			.containsEntry("exp", IAT.getEpochSecond() + 600)
			.containsEntry("sid", "sess_1")
			.containsEntry(TryMellonSession.CUSTOM_CLAIMS_NAMESPACE, Map.of("plan", "pro"));
		assertThat(session.getUserId()).isEqualTo("user_1");
		assertThat(session.getTenantId()).isEqualTo("tenant_1");
		assertThat(session.getIssuedAt()).isEqualTo(IAT);
		assertThat(session.getExpiresAt()).isEqualTo(IAT.plusSeconds(600));
		assertThat(session.getSessionId()).isEqualTo("sess_1");
		assertThat(session.getCustomClaim("plan")).isEqualTo("pro");
	}

	@Test
	void claimsThenTypedGettersDerivedFromThem() {
		Map<String, Object> claims = new LinkedHashMap<>();
		claims.put("user_id", "");
		claims.put("aud", "client_a");
		claims.put("iat", 1_790_000_000L);
		claims.put("exp", 1_790_003_600L);
		claims.put("nbf", 1_790_000_000L);
		claims.put("session_id", "sess_9");
		TryMellonSession session = TryMellonSession.builder("sub_1").claims(claims).keyId("k_main").build();
		assertThat(session.getUserId()).as("an empty user_id falls back to sub").isEqualTo("sub_1");
		assertThat(session.getAudience()).containsExactly("client_a");
		assertThat(session.getNotBefore()).isEqualTo(Instant.ofEpochSecond(1_790_000_000L));
		assertThat(session.getSessionId()).isEqualTo("sess_9");
		assertThat(session.getKeyId()).isEqualTo("k_main");
		assertThat(session.getTenantId()).isNull();
	}

	@Test
	void typedValueWinsOverTheSameClaimWhateverTheOrder() {
		TryMellonSession session = TryMellonSession.builder("sub_1")
			.tenantId("tenant_typed")
			.claims(Map.of("tenant_id", "tenant_claims", "iat", 1L, "exp", 2L))
			.build();
		assertThat(session.getTenantId()).isEqualTo("tenant_typed");
		assertThat(session.getClaim("tenant_id")).isEqualTo("tenant_typed");
	}

	@Test
	void sessionIdWhenConfiguredClaimsThenFirstNonEmptyOfThemAndWhenSetToNullThenNone() {
		Map<String, Object> claims = Map.of("sid", "sess_sid", "session_key", "sess_key", "iat", 1L, "exp", 2L);
		assertThat(TryMellonSession.builder("u").claims(claims).build().getSessionId()).isEqualTo("sess_sid");
		assertThat(TryMellonSession.builder("u").claims(claims).sessionIdClaims(List.of("session_key")).build()
			.getSessionId()).isEqualTo("sess_key");
		assertThat(TryMellonSession.builder("u").claims(claims).sessionId(null).build().getSessionId()).isNull();
	}

	@Test
	void serializationThenEqualSessionWithTheSameDerivedValues() throws Exception {
		TryMellonSession session = TryMellonSession.builder("sub_1")
			.claims(Map.of("session_key", "sess_key", "iat", 1L, "exp", 2L))
			.sessionIdClaims(List.of("session_key"))
			.keyId("k_main")
			.customClaims(Map.of("plan", "pro"))
			.build();
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
			out.writeObject(session);
		}
		try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
			TryMellonSession read = (TryMellonSession) in.readObject();
			assertThat(read).isEqualTo(session).hasSameHashCodeAs(session);
			assertThat(read.getSessionId()).isEqualTo("sess_key");
			assertThat(read.getIssuedAt()).isEqualTo(Instant.ofEpochSecond(1));
			assertThat(read.getCustomClaims()).isEqualTo(Map.of("plan", "pro"));
		}
	}

	@Test
	void serializationThenNestedClaimsReadBackEqualInOrderAndTheSerializedFormHoldsOrdinaryMaps() throws Exception {
		Map<String, Object> address = new LinkedHashMap<>();
		address.put("city", "Oslo");
		address.put("zip", null);
		Map<String, Object> claims = new LinkedHashMap<>();
		claims.put("iat", 1L);
		claims.put("exp", 2L);
		claims.put("address", address);
		claims.put("amr", List.of("pwd", Map.of("k", "v")));
		TryMellonSession session = TryMellonSession.builder("sub_1")
			.claims(claims)
			.customClaims(Map.of("plan", "pro"))
			.build();
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
			out.writeObject(session);
		}
		// The serialized form names no class of this version's internals: earlier versions read it.
		assertThat(new String(bytes.toByteArray(), java.nio.charset.StandardCharsets.ISO_8859_1))
			.doesNotContain("ClaimsMap")
			.contains("java.util.LinkedHashMap");
		try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
			TryMellonSession read = (TryMellonSession) in.readObject();
			assertThat(read).isEqualTo(session).hasSameHashCodeAs(session);
			assertThat(read.getClaims().keySet()).containsExactly("iat", "exp", "address", "amr", "sub",
					TryMellonSession.CUSTOM_CLAIMS_NAMESPACE);
			assertThat(read.getClaim("address")).isEqualTo(address);
			assertThat(new java.util.ArrayList<Object>(((Map<?, ?>) read.getClaim("address")).keySet())).containsExactly("city", "zip");
			assertThat(read.getClaim("amr")).isEqualTo(List.of("pwd", Map.of("k", "v")));
			assertThat(read.getCustomClaims()).isEqualTo(Map.of("plan", "pro"));
		}
	}

	@Test
	void claimsGivenThenLaterChangesToThemNotSeen() {
		Map<String, Object> address = new LinkedHashMap<>();
		address.put("city", "Oslo");
		TryMellonSession session = TryMellonSession.builder("sub_1")
			.claims(Map.of("iat", 1L, "exp", 2L, "address", address))
			.build();
		address.put("city", "Bergen");
		assertThat(session.getClaim("address")).isEqualTo(Map.of("city", "Oslo"));
		TryMellonSession withArray = TryMellonSession.builder("sub_1")
			.claims(Map.of("iat", 1L, "exp", 2L, "amr", new java.util.ArrayList<>(List.of("pwd"))))
			.build();
		@SuppressWarnings("unchecked")
		List<Object> amr = (List<Object>) withArray.getClaim("amr");
		org.assertj.core.api.Assertions.assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> amr.add("otp"));
		assertThat(amr).containsExactly("pwd");
		assertThat(session.getNotBefore()).isNull();
		assertThat(session.getExpiresAt()).isEqualTo(Instant.ofEpochSecond(2));
	}

}
