package dev.trymellon.spring.autoconfigure.attack;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import dev.trymellon.spring.autoconfigure.attack.Forge.Json;
import dev.trymellon.spring.autoconfigure.attack.Forge.X5c;
import dev.trymellon.spring.session.TryMellonSession;
import dev.trymellon.spring.testfixtures.TestTokens;


import static dev.trymellon.spring.autoconfigure.attack.TokenRow.refused;
import static dev.trymellon.spring.autoconfigure.attack.TokenRow.serverRefused;
import static dev.trymellon.spring.session.TryMellonErrorCode.ALGORITHM_NOT_ALLOWED;
import static dev.trymellon.spring.session.TryMellonErrorCode.AUDIENCE_MISMATCH;
import static dev.trymellon.spring.session.TryMellonErrorCode.AUTHORIZED_PARTY_MISMATCH;
import static dev.trymellon.spring.session.TryMellonErrorCode.CUSTOM_CLAIMS_TOO_LARGE;
import static dev.trymellon.spring.session.TryMellonErrorCode.FORBIDDEN;
import static dev.trymellon.spring.session.TryMellonErrorCode.INVALID_REQUEST;
import static dev.trymellon.spring.session.TryMellonErrorCode.ISSUER_MISMATCH;
import static dev.trymellon.spring.session.TryMellonErrorCode.JWT_KID_MISMATCH;
import static dev.trymellon.spring.session.TryMellonErrorCode.SANDBOX_TOKEN_REJECTED;
import static dev.trymellon.spring.session.TryMellonErrorCode.SESSION_EXPIRED;
import static dev.trymellon.spring.session.TryMellonErrorCode.SESSION_REVOKED;
import static dev.trymellon.spring.session.TryMellonErrorCode.SIGNATURE_INVALID;
import static dev.trymellon.spring.session.TryMellonErrorCode.TOKEN_LIFETIME_TOO_LONG;
import static dev.trymellon.spring.session.TryMellonErrorCode.TOKEN_MALFORMED;
import static dev.trymellon.spring.session.TryMellonErrorCode.TOKEN_MISSING;
import static dev.trymellon.spring.session.TryMellonErrorCode.TOKEN_NOT_YET_VALID;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The token attack corpus: crafted requests against the default configuration over real
 * HTTP, each a named row with the exact status and error code it must get. None may be
 * answered 500, none may reach a protected endpoint's body. Rows {@code T..} are the
 * classic attacks, rows {@code N..} the defect classes of "safe by default" (issue 9).
 * The positive controls at the end prove that the forging itself is sound: a row fails
 * on the one thing it changes.
 */
@AttackServer
class TokenAttackCorpusTests extends TokenCorpus {

	/**
	 * Every row, numbered: {@code T01...} the classic attacks, {@code N01...} the defect
	 * classes of issue 9.
	 */
	static Stream<TokenRow> rows() {
		List<TokenRow> classic = new ArrayList<>();
		classic.addAll(requestRows());
		classic.addAll(structureRows());
		classic.addAll(algorithmRows());
		classic.addAll(keyRows());
		classic.addAll(signatureRows());
		classic.addAll(claimRows());
		classic.addAll(revocationRows());
		List<TokenRow> safeByDefault = new ArrayList<>();
		safeByDefault.addAll(sessionIdRows());
		safeByDefault.addAll(canonicalEncodingRows());
		safeByDefault.addAll(numericDateRows());
		safeByDefault.addAll(strictJsonRows());
		safeByDefault.addAll(lifetimeRows());
		safeByDefault.addAll(clientAssertedRoleRows());
		return Stream.concat(numbered("T", classic), numbered("N", safeByDefault));
	}

	private static Stream<TokenRow> numbered(String prefix, List<TokenRow> rows) {
		return IntStream.range(0, rows.size())
			.mapToObj((i) -> rows.get(i).named(String.format("%s%02d %s", prefix, i + 1, rows.get(i).name())));
	}

	static int rowCount() {
		return (int) rows().count();
	}

	// ---------------------------------------------------------------- classic

	private static List<TokenRow> requestRows() {
		String valid = Forge.token(Forge.claims());
		return List.of(refused("no Authorization header", TOKEN_MISSING, (wire) -> wire.get("/api/me")),
				refused("Basic credentials instead of Bearer", TOKEN_MISSING,
						(wire) -> wire.get("/api/me", "Authorization", "Basic dXNlcjpwYXNzd29yZA==")),
				refused("'Bearerx' scheme glued to a valid token", TOKEN_MISSING,
						(wire) -> wire.get("/api/me", "Authorization", "Bearerx" + valid)),
				refused("'Bearer' without a token", TOKEN_MALFORMED,
						(wire) -> wire.get("/api/me", "Authorization", "Bearer")),
				refused("two spaces after Bearer", TOKEN_MALFORMED,
						(wire) -> wire.get("/api/me", "Authorization", "Bearer  " + valid)),
				refused("two Authorization headers with the same valid token", INVALID_REQUEST,
						(wire) -> wire.get("/api/me", "Authorization", "Bearer " + valid, "Authorization",
								"Bearer " + valid)),
				// Tomcat refuses control characters in header values before any filter runs
				serverRefused("control character U+0001 inside the token (raw socket)", 400,
						(wire) -> rawBearer(wire, insert(valid, 20, "\u0001"))),
				serverRefused("NUL byte inside the token (raw socket)", 400,
						(wire) -> rawBearer(wire, insert(valid, 20, "\u0000"))),
				serverRefused("DEL inside the token (raw socket)", 400,
						(wire) -> rawBearer(wire, insert(valid, 20, "\u007f"))),
				refused("Latin-1 byte 0xE9 inside the token (raw socket)", TOKEN_MALFORMED,
						(wire) -> rawBearer(wire, insert(valid, 20, "\u00e9"))),
				refused("zero-width space (UTF-8) inside the token (raw socket)", TOKEN_MALFORMED,
						(wire) -> wire.raw("GET", "/api/me")
							.headerBytes("Authorization", ("Bearer " + insert(valid, 20, "\u200b")).getBytes(StandardCharsets.UTF_8))
							.send()),
				refused("tab after Bearer instead of a space (raw socket)", TOKEN_MALFORMED,
						(wire) -> wire.raw("GET", "/api/me").header("Authorization", "Bearer\t" + valid).send()),
				refused("token one character over the 8192 limit", TOKEN_MALFORMED,
						(wire) -> bearer(wire, valid + "A".repeat(8193 - valid.length()))),
				refused("token of 60000 characters", TOKEN_MALFORMED,
						(wire) -> bearer(wire, "eyJ" + "A".repeat(60_000))),
				serverRefused("Authorization header over the server's 64 KB limit", 400,
						(wire) -> bearer(wire, "eyJ" + "A".repeat(70_000))));
	}

	private static List<TokenRow> structureRows() {
		String[] valid = Forge.segments(Forge.token(Forge.claims()));
		String header = valid[0];
		String payload = valid[1];
		String signature = valid[2];
		String jweHeader = Forge.b64("{\"alg\":\"RSA-OAEP-256\",\"enc\":\"A256GCM\",\"kid\":\"k_main\"}");
		return List.of(
				refused("two segments (no signature part)", TOKEN_MALFORMED,
						(wire) -> bearer(wire, header + "." + payload)),
				refused("four segments (an extra part)", TOKEN_MALFORMED,
						(wire) -> bearer(wire, header + "." + payload + "." + signature + "." + signature)),
				refused("JWE compact serialization (five segments)", TOKEN_MALFORMED,
						(wire) -> bearer(wire, jweHeader + "." + Forge.b64(random(256)) + "." + Forge.b64(random(12))
								+ "." + Forge.b64(random(64)) + "." + Forge.b64(random(16)))),
				refused("empty header segment", TOKEN_MALFORMED,
						(wire) -> bearer(wire, "." + payload + "." + signature)),
				refused("empty signature segment", TOKEN_MALFORMED,
						(wire) -> bearer(wire, header + "." + payload + ".")),
				refused("standard base64 alphabet ('/') in the payload, validly signed", TOKEN_MALFORMED,
						(wire) -> {
							String standard = Base64.getEncoder()
								.withoutPadding()
								.encodeToString(Forge.claims().str("x", "???>>>").toString().getBytes(StandardCharsets.UTF_8));
							assertThat(standard).containsAnyOf("/", "+");
							return bearer(wire, Forge.signSegments(header, standard));
						}),
				refused("'*' inside the token", TOKEN_MALFORMED,
						(wire) -> bearer(wire, header + "." + payload + "*." + signature)),
				refused("padding '==' after the signature", TOKEN_MALFORMED,
						(wire) -> bearer(wire, header + "." + payload + "." + signature + "==")),
				refused("padding '=' after the header", TOKEN_MALFORMED,
						(wire) -> bearer(wire, header + "=." + payload + "." + signature)),
				refused("header is not JSON", TOKEN_MALFORMED,
						(wire) -> bearer(wire, Forge.signSegments(Forge.b64("hello"), payload))),
				refused("header is a JSON array", TOKEN_MALFORMED,
						(wire) -> bearer(wire, Forge.signSegments(Forge.b64("[\"RS256\",\"k_main\"]"), payload))),
				refused("payload is not JSON, validly signed", TOKEN_MALFORMED,
						(wire) -> bearer(wire, Forge.signSegments(header, Forge.b64("user_123 is admin")))),
				refused("payload is a JSON array, validly signed", TOKEN_MALFORMED,
						(wire) -> bearer(wire, Forge.signSegments(header, Forge.b64("[{\"sub\":\"user_123\"}]")))));
	}

	private static List<TokenRow> algorithmRows() {
		Json claims = Forge.claims();
		String payload = Forge.b64(claims.toString());
		KeyPair ec = Forge.ecKeyPair();
		return List.of(
				refused("alg none, empty signature", ALGORITHM_NOT_ALLOWED,
						(wire) -> bearer(wire, Forge.b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + payload + ".")),
				refused("alg none with a signature copied from a valid token", ALGORITHM_NOT_ALLOWED,
						(wire) -> bearer(wire, Forge.b64("{\"alg\":\"none\",\"kid\":\"k_main\"}") + "." + payload + "."
								+ Forge.segments(Forge.token(claims))[2])),
				refused("alg 'NONE' (upper case)", ALGORITHM_NOT_ALLOWED,
						(wire) -> bearer(wire, Forge.signSegments(Forge.b64(Forge.header().str("alg", "NONE").toString()), payload))),
				refused("HS256 keyed with the published RSA public key (DER): alg confusion", ALGORITHM_NOT_ALLOWED,
						(wire) -> bearer(wire, Forge.hs256(Forge.publicKeyDer(TestTokens.KEY),
								Forge.header().str("alg", "HS256"), claims))),
				refused("HS256 keyed with the published JWK's JSON: alg confusion", ALGORITHM_NOT_ALLOWED,
						(wire) -> bearer(wire,
								Forge.hs256(TestTokens.KEY.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8),
										Forge.header().str("alg", "HS256"), claims))),
				refused("RS512 with the published key (not in the allow-list)", ALGORITHM_NOT_ALLOWED,
						(wire) -> bearer(wire, Forge.signWith("SHA512withRSA", Forge.privateKey(TestTokens.KEY),
								Forge.header().str("alg", "RS512"), claims))),
				refused("PS256 with the published key (not in the allow-list)", ALGORITHM_NOT_ALLOWED,
						(wire) -> bearer(wire, Forge.signPs256(TestTokens.KEY, Forge.header().str("alg", "PS256"), claims))),
				refused("ES256 with an attacker's EC key under kid k_main", ALGORITHM_NOT_ALLOWED,
						(wire) -> bearer(wire, Forge.signWith("SHA256withECDSAinP1363Format", ec.getPrivate(),
								Forge.header().str("alg", "ES256"), claims))),
				refused("alg 'rs256' (lower case)", ALGORITHM_NOT_ALLOWED,
						(wire) -> bearer(wire, Forge.signSegments(Forge.b64(Forge.header().str("alg", "rs256").toString()), payload))),
				refused("alg missing", TOKEN_MALFORMED,
						(wire) -> bearer(wire, Forge.signSegments(Forge.b64(Forge.header().without("alg").toString()), payload))),
				refused("JWE header in a three-segment token", ALGORITHM_NOT_ALLOWED,
						(wire) -> bearer(wire, Forge.signSegments(
								Forge.b64("{\"alg\":\"RSA-OAEP-256\",\"enc\":\"A256GCM\",\"kid\":\"k_main\"}"), payload))));
	}

	private static List<TokenRow> keyRows() {
		Json claims = Forge.claims();
		X5c x5c = Forge.attackerCertificate();
		String attackerJwk = TestTokens.ATTACKER_KEY.toPublicJWK().toJSONString();
		return List.of(refused("kid missing", JWT_KID_MISMATCH, (wire) -> bearer(wire, Forge.token(Forge.header().without("kid"), claims))),
				refused("kid empty", JWT_KID_MISMATCH, (wire) -> bearer(wire, Forge.token(Forge.header().str("kid", ""), claims))),
				refused("kid unknown", JWT_KID_MISMATCH,
						(wire) -> bearer(wire, Forge.token(Forge.header().str("kid", "k_unknown"), claims))),
				refused("kid path traversal", JWT_KID_MISMATCH,
						(wire) -> bearer(wire, Forge.token(Forge.header().str("kid", "../../../../etc/passwd"), claims))),
				refused("kid SQL injection", JWT_KID_MISMATCH,
						(wire) -> bearer(wire, Forge.token(Forge.header().str("kid", "k_main' OR '1'='1"), claims))),
				refused("kid of 4000 characters", JWT_KID_MISMATCH,
						(wire) -> bearer(wire, Forge.token(Forge.header().str("kid", "k".repeat(4000)), claims))),
				refused("kid with CR, LF and NUL (JSON-escaped)", JWT_KID_MISMATCH,
						(wire) -> bearer(wire, Forge.token(Forge.header().str("kid", "k_main\r\n\u0000"), claims))),
				refused("kid in another case ('K_MAIN')", JWT_KID_MISMATCH,
						(wire) -> bearer(wire, Forge.token(Forge.header().str("kid", "K_MAIN"), claims))),
				refused("kid with a trailing space", JWT_KID_MISMATCH,
						(wire) -> bearer(wire, Forge.token(Forge.header().str("kid", "k_main "), claims))),
				refused("kid is a number", TOKEN_MALFORMED,
						(wire) -> bearer(wire, Forge.token(Forge.header().raw("kid", "123"), claims))),
				refused("jku pointing at the attacker's JWKS, attacker kid and key", JWT_KID_MISMATCH,
						(wire) -> bearer(wire, Forge.token(TestTokens.ATTACKER_KEY,
								Forge.header().str("kid", "k_attacker").str("jku", "http://127.0.0.1:1/jwks.json").toString(),
								claims.toString()))),
				refused("jku pointing elsewhere, kid k_main, attacker's key", SIGNATURE_INVALID,
						(wire) -> bearer(wire, Forge.token(TestTokens.ATTACKER_KEY,
								Forge.header().str("jku", "https://evil.example/jwks.json").toString(), claims.toString()))),
				refused("x5u pointing at the attacker, attacker kid and key", JWT_KID_MISMATCH,
						(wire) -> bearer(wire, Forge.token(TestTokens.ATTACKER_KEY,
								Forge.header().str("kid", "k_attacker").str("x5u", "https://evil.example/cert.pem").toString(),
								claims.toString()))),
				refused("embedded jwk (attacker's public key), attacker kid", JWT_KID_MISMATCH,
						(wire) -> bearer(wire, Forge.token(TestTokens.ATTACKER_KEY,
								Forge.header().str("kid", "k_attacker").raw("jwk", attackerJwk).toString(), claims.toString()))),
				refused("embedded jwk (attacker's public key) under kid k_main", SIGNATURE_INVALID,
						(wire) -> bearer(wire, Forge.token(TestTokens.ATTACKER_KEY,
								Forge.header().raw("jwk", attackerJwk).toString(), claims.toString()))),
				refused("x5c with the attacker's certificate, no kid", JWT_KID_MISMATCH,
						(wire) -> bearer(wire, Forge.signWith("SHA256withRSA", x5c.privateKey(),
								Forge.header().without("kid").raw("x5c", "[\"" + x5c.certificate() + "\"]"), claims))),
				refused("x5c with the attacker's certificate under kid k_main", SIGNATURE_INVALID,
						(wire) -> bearer(wire, Forge.signWith("SHA256withRSA", x5c.privateKey(),
								Forge.header().raw("x5c", "[\"" + x5c.certificate() + "\"]"), claims))));
	}

	private static List<TokenRow> signatureRows() {
		Json claims = Forge.claims();
		String[] valid = Forge.segments(Forge.token(claims));
		String[] other = Forge.segments(Forge.token(Forge.claims("user_other")));
		byte[] signature = Base64.getUrlDecoder().decode(valid[2]);
		return List.of(
				refused("signed with an unpublished key under kid k_main", SIGNATURE_INVALID,
						(wire) -> bearer(wire, Forge.token(TestTokens.ATTACKER_KEY, Forge.header().toString(), claims.toString()))),
				refused("payload swapped after signing (another user)", SIGNATURE_INVALID,
						(wire) -> bearer(wire, valid[0] + "." + Forge.b64(Forge.claims("user_admin").toString()) + "." + valid[2])),
				refused("signature of another token", SIGNATURE_INVALID,
						(wire) -> bearer(wire, valid[0] + "." + valid[1] + "." + other[2])),
				refused("signature three bytes short (canonically re-encoded)", SIGNATURE_INVALID,
						(wire) -> bearer(wire, valid[0] + "." + valid[1] + "."
								+ Forge.b64(Arrays.copyOf(signature, signature.length - 3)))),
				refused("signed with the published key but of the next key's id", JWT_KID_MISMATCH,
						(wire) -> bearer(wire, Forge.token(Forge.header().str("kid", TestTokens.NEXT_KEY.getKeyID()), claims))));
	}

	private static List<TokenRow> claimRows() {
		long now = Forge.now();
		StringBuilder elevenKeys = new StringBuilder("{");
		for (int i = 0; i < 11; i++) {
			elevenKeys.append((i > 0) ? "," : "").append("\"c").append(i).append("\":\"v\"");
		}
		elevenKeys.append('}');
		return List.of(
				refused("wrong iss", ISSUER_MISMATCH,
						(wire) -> bearer(wire, Forge.token(Forge.claims().str("iss", "https://evil.example")))),
				refused("iss missing", ISSUER_MISMATCH, (wire) -> bearer(wire, Forge.token(Forge.claims().without("iss")))),
				refused("aud of another TryMellon application", AUDIENCE_MISMATCH,
						(wire) -> bearer(wire, Forge.token(Forge.claims().str("aud", "client_other")))),
				refused("aud missing", AUDIENCE_MISMATCH, (wire) -> bearer(wire, Forge.token(Forge.claims().without("aud")))),
				refused("azp not an authorized party", AUTHORIZED_PARTY_MISMATCH,
						(wire) -> bearer(wire, Forge.token(Forge.claims().str("azp", "client_other")))),
				refused("expired an hour ago", SESSION_EXPIRED,
						(wire) -> bearer(wire, Forge.token(Forge.claims().num("iat", now - 7200).num("exp", now - 3600)))),
				refused("nbf ten minutes in the future", TOKEN_NOT_YET_VALID,
						(wire) -> bearer(wire, Forge.token(Forge.claims().num("nbf", now + 600)))),
				refused("iat ten minutes in the future", TOKEN_NOT_YET_VALID,
						(wire) -> bearer(wire, Forge.token(Forge.claims().num("iat", now + 600)))),
				refused("sub missing", TOKEN_MALFORMED, (wire) -> bearer(wire, Forge.token(Forge.claims().without("sub")))),
				refused("sub empty", TOKEN_MALFORMED, (wire) -> bearer(wire, Forge.token(Forge.claims().str("sub", "")))),
				refused("exp missing", TOKEN_MALFORMED, (wire) -> bearer(wire, Forge.token(Forge.claims().without("exp")))),
				refused("iat missing", TOKEN_MALFORMED, (wire) -> bearer(wire, Forge.token(Forge.claims().without("iat")))),
				refused("custom claims with 11 keys", CUSTOM_CLAIMS_TOO_LARGE,
						(wire) -> bearer(wire, Forge.token(Forge.withCustomClaims(elevenKeys.toString())))),
				refused("custom claims over 2 KiB", CUSTOM_CLAIMS_TOO_LARGE,
						(wire) -> bearer(wire, Forge.token(Forge.withCustomClaims("{\"big\":\"" + "a".repeat(2100) + "\"}")))),
				refused("custom claims not an object", TOKEN_MALFORMED,
						(wire) -> bearer(wire, Forge.token(Forge.withCustomClaims("\"admin\"")))),
				refused("crit naming a header parameter", TOKEN_MALFORMED,
						(wire) -> bearer(wire, Forge.token(Forge.header().raw("crit", "[\"exp\"]").raw("exp", "1"), Forge.claims()))),
				refused("unencoded payload (b64:false, crit b64)", TOKEN_MALFORMED,
						(wire) -> bearer(wire, Forge.token(Forge.header().raw("b64", "false").raw("crit", "[\"b64\"]"), Forge.claims()))),
				refused("sandbox token while sandbox mode is off", SANDBOX_TOKEN_REJECTED,
						(wire) -> bearer(wire, "trymellon_sandbox_session_token_v1")));
	}

	private static List<TokenRow> revocationRows() {
		return List.of(refused("session revoked by webhook (token carries its sid)", SESSION_REVOKED, (wire) -> {
			String user = "user_attack_sid";
			String token = Forge.token(Forge.claims(user).str("sid", "sess_attack_sid"));
			assertLetIn(wire, token);
			Deliveries.deliverAccepted(wire, sessionRevoked(user, "sess_attack_sid"));
			return bearer(wire, token);
		}), refused("user locked by webhook", SESSION_REVOKED, (wire) -> {
			String user = "user_attack_locked";
			String token = Forge.token(Forge.claims(user));
			assertLetIn(wire, token);
			Deliveries.deliverAccepted(wire, "{\"id\":\"" + Deliveries.eventId("locked")
					+ "\",\"type\":\"user.locked\",\"created_at\":\"" + Instant.now() + "\",\"data\":{\"user_id\":\""
					+ user + "\",\"locked_at\":\"" + Instant.now() + "\",\"lockout_level\":\"hard\"}}");
			return bearer(wire, token);
		}), refused("credential revoked by webhook (no credential claim: per-user rule)", SESSION_REVOKED, (wire) -> {
			String user = "user_attack_credential";
			String token = Forge.token(Forge.claims(user));
			assertLetIn(wire, token);
			Deliveries.deliverAccepted(wire, "{\"id\":\"" + Deliveries.eventId("credential")
					+ "\",\"type\":\"credential.revoked\",\"created_at\":\"" + Instant.now() + "\",\"data\":{\"user_id\":\""
					+ user + "\",\"credential_id\":\"cred_attack\",\"revoked_at\":\"" + Instant.now() + "\"}}");
			return bearer(wire, token);
		}));
	}

	// ---------------------------------------------------------------- issue 9

	/** Item 3: {@code jti} is a token id, not a session id. */
	private static List<TokenRow> sessionIdRows() {
		return List.of(refused("jti but no sid, after session.revoked for the user", SESSION_REVOKED, (wire) -> {
			String user = "user_attack_jti";
			String token = Forge.token(Forge.claims(user).str("jti", "jti_attack_1"));
			assertLetIn(wire, token);
			Deliveries.deliverAccepted(wire, sessionRevoked(user, "sess_attack_jti"));
			return bearer(wire, token);
		}));
	}

	/** Item 7: one token, one spelling. */
	private static List<TokenRow> canonicalEncodingRows() {
		String[] valid = Forge.segments(Forge.token(Forge.claims()));
		String header = Forge.b64(Forge.withUnusedBits(Forge.header().toString()));
		String payload = Forge.b64(Forge.withUnusedBits(Forge.claims().toString()));
		return List.of(
				refused("signature with its lowest unused trailing bit set", TOKEN_MALFORMED,
						(wire) -> bearer(wire, valid[0] + "." + valid[1] + "." + Forge.nonCanonical(valid[2], false))),
				refused("signature with all its unused trailing bits set", TOKEN_MALFORMED,
						(wire) -> bearer(wire, valid[0] + "." + valid[1] + "." + Forge.nonCanonical(valid[2], true))),
				refused("header with unused trailing bits set, signed as spelled", TOKEN_MALFORMED,
						(wire) -> bearer(wire, Forge.signSegments(Forge.nonCanonical(header, false), valid[1]))),
				refused("payload with unused trailing bits set, signed as spelled", TOKEN_MALFORMED,
						(wire) -> bearer(wire, Forge.signSegments(valid[0], Forge.nonCanonical(payload, true)))),
				refused("padding '=' inside the header segment", TOKEN_MALFORMED,
						(wire) -> bearer(wire, header + "==." + valid[1] + "." + valid[2])));
	}

	/** Item 8: a NumericDate is a JSON number in [0, 253402300799]. */
	private static List<TokenRow> numericDateRows() {
		long now = Forge.now();
		List<TokenRow> rows = new ArrayList<>();
		String[][] values = { { "9999999999999999", "9999999999999999" }, { "1e300", "1e300" }, { "-1", "-1" },
				{ "a string", null }, { "a boolean", "true" } };
		for (String claim : new String[] { "exp", "nbf", "iat" }) {
			long plausible = claim.equals("exp") ? now + 3600 : now - 60;
			for (String[] value : values) {
				String raw = (value[1] != null) ? value[1] : Forge.quote(Long.toString(plausible));
				String name = claim + " as " + value[0];
				rows.add(refused(name, TOKEN_MALFORMED, (wire) -> bearer(wire, Forge.token(Forge.claims().raw(claim, raw)))));
			}
		}
		rows.add(refused("exp one second after 9999-12-31T23:59:59Z", TOKEN_MALFORMED,
				(wire) -> bearer(wire, Forge.token(Forge.claims().raw("exp", "253402300800")))));
		rows.add(refused("exp as null", TOKEN_MALFORMED,
				(wire) -> bearer(wire, Forge.token(Forge.claims().raw("exp", "null")))));
		return rows;
	}

	/** Item 12 (crit) and item 12 / 7 (strict JSON: no duplicate members anywhere). */
	private static List<TokenRow> strictJsonRows() {
		Json claims = Forge.claims();
		String custom = TryMellonSession.CUSTOM_CLAIMS_NAMESPACE;
		return List.of(refused("empty crit array", TOKEN_MALFORMED,
				(wire) -> bearer(wire, Forge.token(Forge.header().raw("crit", "[]"), claims))),
				refused("duplicate kid in the header (attacker's first)", TOKEN_MALFORMED,
						(wire) -> bearer(wire, Forge.token(new Json().str("alg", "RS256").str("kid", "k_attacker").dup("kid", "\"k_main\""), claims))),
				refused("duplicate alg in the header (none, then RS256)", TOKEN_MALFORMED,
						(wire) -> bearer(wire, Forge.token(new Json().str("alg", "none").str("kid", "k_main").dup("alg", "\"RS256\""), claims))),
				refused("duplicate sub in the payload", TOKEN_MALFORMED,
						(wire) -> bearer(wire, Forge.token(Forge.claims().dup("sub", "\"user_admin\"")))),
				refused("duplicate exp in the payload (a later one wins in lenient parsers)", TOKEN_MALFORMED,
						(wire) -> bearer(wire, Forge.token(Forge.claims().dup("exp", Long.toString(Forge.now() + 365L * 86400))))),
				refused("duplicate key inside the custom claims object", TOKEN_MALFORMED,
						(wire) -> bearer(wire, Forge.token(Forge.withCustomClaims("{\"plan\":\"free\",\"plan\":\"enterprise\"}")))),
				refused("duplicate custom claims object", TOKEN_MALFORMED,
						(wire) -> bearer(wire, Forge.token(Forge.withCustomClaims("{\"plan\":\"free\"}").dup(custom, "{\"plan\":\"enterprise\"}")))));
	}

	/** Item 4: exp - iat may not exceed trymellon.token.max-lifetime (24 h). */
	private static List<TokenRow> lifetimeRows() {
		long now = Forge.now();
		return List.of(
				refused("lifetime of 24 h and one second", TOKEN_LIFETIME_TOO_LONG,
						(wire) -> bearer(wire, Forge.token(Forge.claims().num("iat", now - 60).num("exp", now - 60 + 86_401)))),
				refused("lifetime of ten years", TOKEN_LIFETIME_TOO_LONG,
						(wire) -> bearer(wire, Forge.token(Forge.claims().num("iat", now - 60).num("exp", now + 10L * 365 * 86_400)))),
				// A valid NumericDate whose cache deadline overflows Duration.toNanos (about 292
				// years ahead): answered 500 while no lifetime limit applies.
				refused("exp in the year 2500 (a valid NumericDate)", TOKEN_LIFETIME_TOO_LONG,
						(wire) -> bearer(wire, Forge.token(Forge.claims().num("exp", 16_725_225_600L)))));
	}

	/** Item 1: custom claims are asserted by the browser; by default they grant nothing. */
	private static List<TokenRow> clientAssertedRoleRows() {
		return List.of(
				refused("custom claim roles: admin, default configuration: /api/admin", FORBIDDEN,
						(wire) -> bearer(wire, "/api/admin", Forge.token(Forge.withCustomClaims("{\"roles\":\"admin\"}")))),
				refused("custom claim role: admin, default configuration: /api/admin", FORBIDDEN,
						(wire) -> bearer(wire, "/api/admin", Forge.token(Forge.withCustomClaims("{\"role\":\"admin\"}")))));
	}

	// ---------------------------------------------------------------- controls

	@Test
	void corpusHasAtLeastFortyRows() {
		assertThat(rowCount()).isGreaterThanOrEqualTo(40);
	}

	@Test
	void controlValidTokenIsLetIn() throws Exception {
		Answer answer = bearer(this.wire, Forge.token(Forge.claims()));
		assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
		assertThat(answer.body()).startsWith(AttackApplication.PROTECTED + " me user_123 ");
	}

	@Test
	void controlSchemeInAnyCaseIsLetIn() throws Exception {
		Answer answer = this.wire.get("/api/me", "Authorization", "BEARER " + Forge.token(Forge.claims()));
		assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
	}

	@Test
	void controlLifetimeOfExactly24HoursIsLetIn() throws Exception {
		long now = Forge.now();
		Answer answer = bearer(this.wire, Forge.token(Forge.claims().num("iat", now - 60).num("exp", now - 60 + 86_400)));
		assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
	}

	@Test
	void controlFractionalNumericDatesAreLetIn() throws Exception {
		long now = Forge.now();
		Answer answer = bearer(this.wire,
				Forge.token(Forge.claims().raw("iat", (now - 60) + ".25").raw("exp", (now + 3600) + ".75")));
		assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
	}

	@Test
	void controlCanonicalSpellingsOfThePaddedSegmentsAreLetIn() throws Exception {
		String header = Forge.b64(Forge.withUnusedBits(Forge.header().toString()));
		String payload = Forge.b64(Forge.withUnusedBits(Forge.claims().toString()));
		Answer answer = bearer(this.wire, Forge.signSegments(header, payload));
		assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
	}

	@Test
	void controlDistinctCustomClaimsAreLetIn() throws Exception {
		Answer answer = bearer(this.wire, Forge.token(Forge.withCustomClaims("{\"plan\":\"free\",\"beta\":true}")));
		assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
	}

	@Test
	void controlTokenWithSidOfAnotherSessionSurvivesThatSessionsRevocation() throws Exception {
		String user = "user_attack_other_session";
		String token = Forge.token(Forge.claims(user).str("sid", "sess_kept"));
		assertLetIn(this.wire, token);
		Deliveries.deliverAccepted(this.wire, sessionRevoked(user, "sess_gone"));
		assertLetIn(this.wire, token);
	}

	// ---------------------------------------------------------------- helpers

	static Answer bearer(Wire wire, String token) throws Exception {
		return bearer(wire, "/api/me", token);
	}

	static Answer bearer(Wire wire, String path, String token) throws Exception {
		return wire.get(path, "Authorization", "Bearer " + token);
	}

	static void assertLetIn(Wire wire, String token) throws Exception {
		Answer answer = bearer(wire, token);
		assertThat(answer.status()).as("the token works before the attack: %s", answer).isEqualTo(200);
	}

	private static Answer rawBearer(Wire wire, String token) throws Exception {
		return wire.raw("GET", "/api/me").header("Authorization", "Bearer " + token).send();
	}

	private static String insert(String text, int at, String inserted) {
		return text.substring(0, at) + inserted + text.substring(at);
	}

	private static byte[] random(int length) {
		byte[] bytes = new byte[length];
		new SecureRandom().nextBytes(bytes);
		return bytes;
	}

	static String sessionRevoked(String user, String sessionId) {
		Instant now = Instant.now();
		return "{\"id\":\"" + Deliveries.eventId("revoked") + "\",\"type\":\"session.revoked\",\"created_at\":\"" + now
				+ "\",\"data\":{\"user_id\":\"" + user + "\",\"session_id\":\"" + sessionId + "\",\"revoked_at\":\"" + now
				+ "\"}}";
	}

}
