package dev.trymellon.spring.fuzz;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.util.Base64URL;

import dev.trymellon.spring.session.SessionTokenException;
import dev.trymellon.spring.session.TryMellonErrorCode;
import dev.trymellon.spring.session.TryMellonSession;
import dev.trymellon.spring.session.offline.OfflineSessionTokenVerifier;
import dev.trymellon.spring.session.offline.VerifiedTokenCache;
import dev.trymellon.spring.testfixtures.TestTokens;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes the token path: raw string to {@link OfflineSessionTokenVerifier}, with a real
 * RSA key so that inputs get past the signature.
 * <p>
 * Input: the first line chooses the mode. {@code S}: the second line is the header JSON
 * and the rest the payload JSON, signed with the published key (so the mutations reach
 * the header rules, the payload parser and the claim validators); then the same token
 * with a broken signature, with the payload swapped under the old signature, and signed
 * by a key nobody publishes under the published {@code kid}, must all be refused.
 * {@code A}: the same, signed only by the attacker's key. {@code R}: the rest is the raw
 * token. Anything else: the whole input is the raw token.
 * <p>
 * A failure: any exception other than {@link SessionTokenException}; a rejection code
 * this configuration cannot produce; a rejection message holding the token's signature;
 * an accepted token whose signature does not verify, independently, under the published
 * key; an accepted session whose issuer, audience, application, tenant or expiry the
 * verifier was configured to refuse.
 */
class SessionTokenFuzzTests {

	static final Instant NOW = Instant.parse("2026-04-15T12:00:00Z");

	/** The codes an offline verifier with static keys and this configuration can give. */
	static final Set<TryMellonErrorCode> EXPECTED = EnumSet.of(TryMellonErrorCode.TOKEN_MALFORMED,
			TryMellonErrorCode.ALGORITHM_NOT_ALLOWED, TryMellonErrorCode.JWT_KID_MISMATCH,
			TryMellonErrorCode.SIGNATURE_INVALID, TryMellonErrorCode.SESSION_EXPIRED,
			TryMellonErrorCode.TOKEN_NOT_YET_VALID, TryMellonErrorCode.TOKEN_LIFETIME_TOO_LONG,
			TryMellonErrorCode.ISSUER_MISMATCH, TryMellonErrorCode.AUDIENCE_MISMATCH,
			TryMellonErrorCode.AUTHORIZED_PARTY_MISMATCH, TryMellonErrorCode.APP_ID_MISMATCH,
			TryMellonErrorCode.TENANT_ID_MISMATCH, TryMellonErrorCode.CUSTOM_CLAIMS_TOO_LARGE,
			TryMellonErrorCode.SESSION_REVOKED, TryMellonErrorCode.SANDBOX_TOKEN_REJECTED);

	private static final OfflineSessionTokenVerifier VERIFIER = OfflineSessionTokenVerifier
		.withKeys(TestTokens.keySource(TestTokens.KEY, TestTokens.NEXT_KEY))
		.issuer(TestTokens.ISSUER)
		.audiences(List.of(TestTokens.CLIENT_ID))
		.authorizedParties(List.of(TestTokens.CLIENT_ID))
		.appId("app_1")
		.tenantId("tenant_1")
		.revocationCheck((session) -> "ses_revoked".equals(session.getSessionId()))
		.cache(new VerifiedTokenCache(64))
		.clock(Clock.fixed(NOW, ZoneOffset.UTC))
		.build();

	private static final RSASSAVerifier PUBLISHED;

	static {
		try {
			PUBLISHED = new RSASSAVerifier(TestTokens.KEY.toRSAPublicKey());
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@FuzzTest(maxDuration = "45s")
	void verify(byte[] input) {
		List<byte[]> lines = FuzzLines.split(input, 3);
		String mode = FuzzLines.text(lines.get(0));
		if (lines.size() == 3 && (mode.equals("S") || mode.equals("A"))) {
			String signingInput = b64(lines.get(1)) + "." + b64(lines.get(2));
			if (mode.equals("S")) {
				String token = signingInput + "." + sign(TestTokens.KEY, signingInput);
				check(token);
				mustBeRefused(signingInput + "." + flipped(sign(TestTokens.KEY, signingInput)));
				mustBeRefused(b64(lines.get(1)) + "." + b64(concat(lines.get(2), " ")) + "."
						+ sign(TestTokens.KEY, signingInput));
			}
			mustBeRefused(signingInput + "." + sign(TestTokens.ATTACKER_KEY, signingInput));
		}
		else {
			String text = FuzzLines.text(input);
			check(mode.equals("R") && text.length() > 1 ? text.substring(2) : text);
		}
	}

	/** Verifies the token: accepted only when it is properly signed and its claims are the configured ones. */
	private static void check(String token) {
		Outcome outcome = Outcome.of(token);
		if (outcome.rejection() != null) {
			assertRejection(token, outcome.rejection());
			return;
		}
		TryMellonSession session = outcome.session();
		assertThat(signedByPublishedKey(token)).as("accepted token signed by the published key").isTrue();
		assertThat(session.getIssuer()).isEqualTo(TestTokens.ISSUER);
		assertThat(session.getAudience()).contains(TestTokens.CLIENT_ID);
		assertThat(session.getAppId()).isEqualTo("app_1");
		assertThat(session.getTenantId()).isEqualTo("tenant_1");
		assertThat(session.getSessionId()).isNotEqualTo("ses_revoked");
		assertThat(session.getExpiresAt()).isAfter(NOW.minusSeconds(31));
		assertThat(session.getSubject()).isNotEmpty();
	}

	/** A token whose signature does not match must never verify. */
	private static void mustBeRefused(String token) {
		Outcome outcome = Outcome.of(token);
		assertThat(outcome.rejection()).as("a token whose signature does not match is refused").isNotNull();
		assertRejection(token, outcome.rejection());
	}

	private static void assertRejection(String token, SessionTokenException ex) {
		assertThat(EXPECTED).as("rejection code").contains(ex.getErrorCode());
		int dot = token.lastIndexOf('.');
		String signature = (dot >= 0) ? token.substring(dot + 1) : "";
		if (signature.length() >= 16) {
			assertThat(String.valueOf(ex.getMessage())).as("rejection message").doesNotContain(signature);
		}
	}

	/** An independent check: the exact signing input, RS256, under the published key. */
	private static boolean signedByPublishedKey(String token) {
		try {
			JWSObject jws = JWSObject.parse(token);
			return JWSAlgorithm.RS256.equals(jws.getHeader().getAlgorithm()) && jws.verify(PUBLISHED);
		}
		catch (ParseException | JOSEException | IllegalStateException ex) {
			return false;
		}
	}

	private static String sign(com.nimbusds.jose.jwk.RSAKey key, String signingInput) {
		try {
			return new RSASSASigner(key).sign(new com.nimbusds.jose.JWSHeader(JWSAlgorithm.RS256),
					signingInput.getBytes(StandardCharsets.US_ASCII))
				.toString();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The signature with its first byte changed. */
	private static String flipped(String signature) {
		byte[] bytes = new Base64URL(signature).decode();
		bytes[0] ^= 0x01;
		return Base64URL.encode(bytes).toString();
	}

	private static byte[] concat(byte[] bytes, String suffix) {
		byte[] tail = suffix.getBytes(StandardCharsets.UTF_8);
		byte[] joined = new byte[bytes.length + tail.length];
		System.arraycopy(bytes, 0, joined, 0, bytes.length);
		System.arraycopy(tail, 0, joined, bytes.length, tail.length);
		return joined;
	}

	/** What the verifier did: a session, or a rejection; any other exception escapes. */
	private record Outcome(TryMellonSession session, SessionTokenException rejection) {

		static Outcome of(String token) {
			try {
				return new Outcome(VERIFIER.verify(token), null);
			}
			catch (SessionTokenException ex) {
				return new Outcome(null, ex);
			}
		}

	}

	private static String b64(byte[] bytes) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

}
