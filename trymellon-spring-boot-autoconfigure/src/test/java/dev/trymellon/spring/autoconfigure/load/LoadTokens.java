package dev.trymellon.spring.autoconfigure.load;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;

import dev.trymellon.spring.testfixtures.TestTokens;

/**
 * The tokens the load suite sends, minted before the run: for each session two valid
 * tokens (one signed with {@link TestTokens#KEY}, the key being retired, one with
 * {@link TestTokens#NEXT_KEY}, the key being introduced); and, under each of the two
 * {@code kid}s, expired tokens, tokens signed with a key nobody publishes, and tokens
 * whose payload was altered under a valid signature. Session {@code s} belongs to user
 * {@code s / 2}, so every user has two sessions.
 */
final class LoadTokens {

	static final int MAIN = 0;

	static final int NEXT = 1;

	static final RSAKey[] KEYS = { TestTokens.KEY, TestTokens.NEXT_KEY };

	private static final RSAKey FORGER = TestTokens.generate("k_forger");

	enum Kind {

		/** Signed by a published key; accepted unless its session or user is revoked. */
		SESSION,

		/** Expired an hour ago. */
		EXPIRED,

		/** Signed with another key under the published {@code kid}. */
		FORGED_SIGNER,

		/** Another payload (another user) under a valid token's header and signature. */
		FORGED_PAYLOAD

	}

	/**
	 * One token.
	 * @param value the compact JWS
	 * @param kind what it is
	 * @param key the key its header names ({@link #MAIN} or {@link #NEXT})
	 * @param session its session, {@code -1} for none
	 * @param body what the application answers for it when accepted
	 */
	record LoadToken(String value, Kind kind, int key, int session, String body) {
	}

	final List<LoadToken> all = new ArrayList<>();

	/** Index in {@link #all} of the token of session {@code s} under key {@code k}: {@code [s][k]}. */
	final int[][] bySession;

	/** Indexes in {@link #all} by kind (other than sessions) and key: {@code [kind][key][i]}. */
	final int[][][] others;

	final int sessions;

	LoadTokens(int sessions, int perKind) {
		this.sessions = sessions;
		Instant now = Instant.now();
		this.bySession = new int[sessions][2];
		for (int s = 0; s < sessions; s++) {
			for (int k = 0; k < 2; k++) {
				String user = userId(s);
				String token = sign(KEYS[k], KEYS[k].getKeyID(), sessionClaims(now, s).build());
				this.bySession[s][k] = add(new LoadToken(token, Kind.SESSION, k, s, user + " " + sessionId(s)));
			}
		}
		this.others = new int[Kind.values().length][2][perKind];
		for (int k = 0; k < 2; k++) {
			String kid = KEYS[k].getKeyID();
			for (int i = 0; i < perKind; i++) {
				Instant issued = now.minusSeconds(7200);
				JWTClaimsSet expired = sessionClaims(issued, i).expirationTime(Date.from(issued.plusSeconds(3600)))
					.build();
				this.others[Kind.EXPIRED.ordinal()][k][i] = add(
						new LoadToken(sign(KEYS[k], kid, expired), Kind.EXPIRED, k, -1, ""));
				this.others[Kind.FORGED_SIGNER.ordinal()][k][i] = add(new LoadToken(
						sign(FORGER, kid, sessionClaims(now, i).build()), Kind.FORGED_SIGNER, k, -1, ""));
				this.others[Kind.FORGED_PAYLOAD.ordinal()][k][i] = add(new LoadToken(
						alteredPayload(this.all.get(this.bySession[i][k]).value(), now, i), Kind.FORGED_PAYLOAD, k,
						-1, ""));
			}
		}
	}

	static String sessionId(int session) {
		return "sess_" + session;
	}

	static String userId(int session) {
		return "usr_" + (session / 2);
	}

	LoadToken get(int index) {
		return this.all.get(index);
	}

	private int add(LoadToken token) {
		this.all.add(token);
		return this.all.size() - 1;
	}

	private static JWTClaimsSet.Builder sessionClaims(Instant issued, int session) {
		return TestTokens.claims(issued)
			.subject(userId(session))
			.claim("user_id", userId(session))
			.claim("sid", sessionId(session));
	}

	private static String sign(RSAKey key, String kid, JWTClaimsSet claims) {
		return TestTokens.sign(key, new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(kid).build(), claims);
	}

	/** The token's header and signature around the payload of another user's session. */
	private static String alteredPayload(String token, Instant now, int session) {
		String[] parts = token.split("\\.");
		JWTClaimsSet claims = sessionClaims(now, session).subject("usr_admin").claim("user_id", "usr_admin").build();
		return parts[0] + "." + TestTokens.b64(JSONObjectUtils.toJSONString(claims.toJSONObject())) + "." + parts[2];
	}

}
