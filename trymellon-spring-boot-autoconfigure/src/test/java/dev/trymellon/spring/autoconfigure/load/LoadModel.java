package dev.trymellon.spring.autoconfigure.load;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import dev.trymellon.spring.autoconfigure.load.LoadTokens.LoadToken;
import dev.trymellon.spring.session.TryMellonErrorCode;

/**
 * What the application must answer, as a function of what had happened when a request
 * was sent and what may have happened by the time it was answered.
 * <p>
 * A logical clock orders everything: each client reads it just before sending a
 * request ({@code before}) and just after reading the answer ({@code after}); the
 * conductor steps it just before starting a change (a webhook sent, a JWKS document
 * swapped) and again once the change is known to be in force (the webhook answered
 * {@code 200}; the verifier's key source holds the new keys). A change whose second step
 * is {@code <= before} was in force before the request was sent; one whose first step
 * is {@code > after} began after the answer; anything else overlapped the request and
 * may go either way. The answers allowed are those of every state the request may have
 * seen; a request with one allowed answer is <em>determined</em>.
 * <p>
 * The conductor writes the steps while clients run; they are read only after the clients
 * and the conductor finished (so after {@code Thread.join}).
 */
final class LoadModel {

	static final long NEVER = Long.MAX_VALUE;

	private final AtomicLong clock = new AtomicLong();

	/** Per session: the first step of the earliest revocation that refuses it. */
	final long[] revokeStart;

	/** Per session: the second step of the earliest revocation that refuses it. */
	final long[] revokeDone;

	/** The steps around publishing the next key, then around retiring the main key. */
	long nextStart = NEVER;

	long nextDone = NEVER;

	long mainGoneStart = NEVER;

	long mainGoneDone = NEVER;

	LoadModel(int sessions) {
		this.revokeStart = new long[sessions];
		this.revokeDone = new long[sessions];
		Arrays.fill(this.revokeStart, NEVER);
		Arrays.fill(this.revokeDone, NEVER);
	}

	long read() {
		return this.clock.get();
	}

	long step() {
		return this.clock.incrementAndGet();
	}

	void revoking(int session, long start) {
		this.revokeStart[session] = Math.min(this.revokeStart[session], start);
	}

	void revoked(int session, long done) {
		this.revokeDone[session] = Math.min(this.revokeDone[session], done);
	}

	/** Every answer the request may get. */
	Set<Answer> allowed(LoadToken token, long before, long after) {
		Set<Answer> answers = new LinkedHashSet<>();
		for (boolean published : keyStates(token.key(), before, after)) {
			if (!published) {
				answers.add(Answer.refused(TryMellonErrorCode.JWT_KID_MISMATCH));
				continue;
			}
			switch (token.kind()) {
				case EXPIRED -> answers.add(Answer.refused(TryMellonErrorCode.SESSION_EXPIRED));
				case FORGED_SIGNER, FORGED_PAYLOAD -> answers.add(Answer.refused(TryMellonErrorCode.SIGNATURE_INVALID));
				case SESSION -> {
					int s = token.session();
					if (after >= this.revokeStart[s]) {
						answers.add(Answer.refused(TryMellonErrorCode.SESSION_REVOKED));
					}
					if (before < this.revokeDone[s]) {
						answers.add(new Answer(200, token.body()));
					}
				}
			}
		}
		return answers;
	}

	/** Whether the verifier may have held the key: {@code true}, {@code false}, or both. */
	private boolean[] keyStates(int key, long before, long after) {
		boolean present;
		boolean absent;
		if (key == LoadTokens.MAIN) {
			present = before < this.mainGoneDone;
			absent = after >= this.mainGoneStart;
		}
		else {
			present = after >= this.nextStart;
			absent = before < this.nextDone;
		}
		return (present && absent) ? new boolean[] { true, false } : new boolean[] { present };
	}

	/**
	 * An answer: the status and, for {@code 200}, the body; for a refusal, the problem's
	 * {@code code}.
	 */
	record Answer(int status, String detail) {

		static Answer refused(TryMellonErrorCode code) {
			return new Answer(401, code.name());
		}

		@Override
		public String toString() {
			return this.status + " " + this.detail;
		}

	}

}
