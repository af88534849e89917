package dev.trymellon.spring.autoconfigure.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.trymellon.spring.autoconfigure.load.LoadTokens.Kind;
import dev.trymellon.spring.session.offline.JwksKeySource;
import dev.trymellon.spring.session.offline.VerifiedTokenCache;
import dev.trymellon.spring.webhook.TestWebhookSigner;

import static org.awaitility.Awaitility.await;

/**
 * One run of the load suite: {@link #THREADS} client threads each send
 * {@link #requests} requests over loopback while the conductor (the calling thread)
 * publishes the next key, revokes sessions and locks users by signed webhooks, and
 * retires the main key, at fixed fractions of the traffic. Records every request's
 * token, logical times and answer for {@link LoadModel}.
 */
final class LoadRun {

	static final int THREADS = 2;

	static final long SEED = 0x5EED_15L;

	private static final Pattern CODE = Pattern.compile("\"code\":\"([A-Z_]+)\"");

	final int requests;

	final LoadTokens tokens;

	final LoadModel model;

	final int[] token;

	final long[] before;

	final long[] after;

	final int[] status;

	final String[] detail;

	/** Webhook answers other than 200, described. */
	final List<String> webhookFailures = new CopyOnWriteArrayList<>();

	final Set<String> revokedSessions = new LinkedHashSet<>();

	final Set<String> revokedSessionUsers = new LinkedHashSet<>();

	final Set<String> lockedUsers = new LinkedHashSet<>();

	/** Sessions revoked while the clients ran. */
	final List<Integer> liveRevoked = new ArrayList<>();

	final LongAccumulator cachePeak = new LongAccumulator(Math::max, 0);

	final AtomicInteger webhooks = new AtomicInteger();

	private final AtomicInteger completed = new AtomicInteger();

	private final int hot;

	private final int preRevoked;

	private final URI base;

	private final LocalJwks jwks;

	private final JwksKeySource keys;

	private final VerifiedTokenCache cache;

	private final HttpClient webhookClient = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	LoadRun(int requests, LoadTokens tokens, int hot, int preRevoked, URI base, LocalJwks jwks, JwksKeySource keys,
			VerifiedTokenCache cache) {
		this.requests = requests;
		this.tokens = tokens;
		this.model = new LoadModel(tokens.sessions);
		this.hot = hot;
		this.preRevoked = preRevoked;
		this.base = base;
		this.jwks = jwks;
		this.keys = keys;
		this.cache = cache;
		int total = THREADS * requests;
		this.token = new int[total];
		this.before = new long[total];
		this.after = new long[total];
		this.status = new int[total];
		this.detail = new String[total];
	}

	/** Revokes sessions {@code [sessions - preRevoked, sessions)}, before the traffic. */
	void revokeBefore() {
		for (int s = this.tokens.sessions - this.preRevoked; s < this.tokens.sessions; s++) {
			revokeSession(s, false);
		}
	}

	/**
	 * Sends one request of each kind of token under each key, unrecorded, so that the
	 * classes of every path are loaded and initialized before the traffic is measured.
	 */
	void warmUp() throws IOException, InterruptedException {
		HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
		int valid = this.tokens.sessions - this.preRevoked;
		List<Integer> indexes = new ArrayList<>();
		for (int k = 0; k < 2; k++) {
			indexes.add(this.tokens.bySession[valid - 1][k]);
			indexes.add(this.tokens.bySession[valid][k]);
			for (Kind kind : List.of(Kind.EXPIRED, Kind.FORGED_SIGNER, Kind.FORGED_PAYLOAD)) {
				indexes.add(this.tokens.others[kind.ordinal()][k][0]);
			}
		}
		for (int index : indexes) {
			http.send(HttpRequest.newBuilder(this.base.resolve(LoadApplication.PATH))
				.header("Authorization", "Bearer " + this.tokens.get(index).value())
				.build(), BodyHandlers.discarding());
		}
	}

	/** Runs the clients and, on the calling thread, the conductor. */
	void run() throws InterruptedException {
		Thread[] clients = new Thread[THREADS];
		for (int t = 0; t < THREADS; t++) {
			int thread = t;
			clients[t] = new Thread(() -> client(thread), "load-client-" + t);
			clients[t].start();
		}
		try {
			conduct();
		}
		finally {
			for (Thread client : clients) {
				client.join();
			}
		}
	}

	private void conduct() {
		int total = THREADS * this.requests;
		int live = Math.max(20, Math.min(200, total / 250));
		int valid = this.tokens.sessions - this.preRevoked;
		List<Integer> targets = new ArrayList<>();
		for (int s = 3; s < valid && targets.size() < live; s += 7) {
			targets.add(s);
		}
		int[] locked = { 0, firstUserWithoutTargets(valid / 4, valid) };
		waitFor(total / 10);
		publishNext();
		for (int i = 0; i < targets.size(); i++) {
			double at = 0.15 + 0.75 * i / targets.size();
			waitFor((int) (total * at));
			if (i == targets.size() / 3 || i == 2 * targets.size() / 3) {
				lockUser(locked[(i == targets.size() / 3) ? 0 : 1]);
			}
			if (i == targets.size() / 2) {
				retireMain();
			}
			revokeSession(targets.get(i), i % 5 == 0);
			this.liveRevoked.add(targets.get(i));
		}
	}

	private static int firstUserWithoutTargets(int from, int valid) {
		for (int u = from; 2 * u + 1 < valid; u++) {
			if ((2 * u) % 7 != 3 && (2 * u + 1) % 7 != 3) {
				return u;
			}
		}
		throw new IllegalStateException("No user left to lock");
	}

	private void waitFor(int completedRequests) {
		await().atMost(Duration.ofMinutes(20))
			.pollDelay(Duration.ZERO)
			.pollInterval(Duration.ofMillis(2))
			.until(() -> this.completed.get() >= completedRequests);
	}

	private void publishNext() {
		this.model.nextStart = this.model.step();
		this.jwks.publish(LoadTokens.KEYS[LoadTokens.NEXT], LoadTokens.KEYS[LoadTokens.MAIN]);
		awaitKeys(2);
		this.model.nextDone = this.model.step();
	}

	private void retireMain() {
		this.model.mainGoneStart = this.model.step();
		this.jwks.publish(LoadTokens.KEYS[LoadTokens.NEXT]);
		awaitKeys(1);
		this.model.mainGoneDone = this.model.step();
	}

	private void awaitKeys(int count) {
		await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(5))
			.until(() -> this.keys.status().keys() == count);
	}

	private void revokeSession(int session, boolean deliverTwice) {
		String user = LoadTokens.userId(session);
		String id = LoadTokens.sessionId(session);
		long start = this.model.step();
		this.model.revoking(session, start);
		String now = Instant.now().toString();
		String body = "{\"id\":\"evt_revoke_" + id + "\",\"type\":\"session.revoked\",\"created_at\":\"" + now
				+ "\",\"data\":{\"user_id\":\"" + user + "\",\"session_id\":\"" + id + "\",\"revoked_at\":\"" + now
				+ "\"}}";
		deliver(body);
		if (deliverTwice) {
			deliver(body);
		}
		this.model.revoked(session, this.model.step());
		this.revokedSessions.add(id);
		this.revokedSessionUsers.add(user);
	}

	private void lockUser(int user) {
		String userId = LoadTokens.userId(2 * user);
		long start = this.model.step();
		this.model.revoking(2 * user, start);
		this.model.revoking(2 * user + 1, start);
		String now = Instant.now().toString();
		deliver("{\"id\":\"evt_lock_" + userId + "\",\"type\":\"user.locked\",\"created_at\":\"" + now
				+ "\",\"data\":{\"user_id\":\"" + userId + "\",\"locked_at\":\"" + now + "\"}}");
		long done = this.model.step();
		this.model.revoked(2 * user, done);
		this.model.revoked(2 * user + 1, done);
		this.lockedUsers.add(userId);
		this.liveRevoked.add(2 * user);
		this.liveRevoked.add(2 * user + 1);
	}

	private void deliver(String body) {
		this.webhooks.incrementAndGet();
		HttpRequest request = HttpRequest.newBuilder(this.base.resolve("/webhooks/trymellon"))
			.timeout(Duration.ofSeconds(30))
			.header("Content-Type", "application/json")
			.header("tm-signature", TestWebhookSigner.sign(LoadApplication.SECRET, body))
			.header("tm-timestamp", Instant.now().toString())
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
		try {
			HttpResponse<String> response = this.webhookClient.send(request, BodyHandlers.ofString());
			if (response.statusCode() != 200) {
				this.webhookFailures.add(response.statusCode() + " " + response.body() + " for " + body);
			}
		}
		catch (IOException ex) {
			this.webhookFailures.add(ex + " for " + body);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private void client(int thread) {
		HttpClient http = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(5))
			.build();
		SplittableRandom random = new SplittableRandom(SEED + thread);
		URI uri = this.base.resolve(LoadApplication.PATH);
		for (int i = 0; i < this.requests; i++) {
			int slot = thread * this.requests + i;
			int index = pick(random);
			this.token[slot] = index;
			HttpRequest request = HttpRequest.newBuilder(uri)
				.timeout(Duration.ofSeconds(30))
				.header("Authorization", "Bearer " + this.tokens.get(index).value())
				.GET()
				.build();
			this.before[slot] = this.model.read();
			try {
				HttpResponse<String> response = http.send(request, BodyHandlers.ofString());
				this.status[slot] = response.statusCode();
				this.detail[slot] = detail(response.statusCode(), response.body());
			}
			catch (IOException ex) {
				this.status[slot] = -1;
				this.detail[slot] = ex.toString();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
			this.after[slot] = this.model.read();
			this.cachePeak.accumulate(this.cache.size());
			this.completed.incrementAndGet();
		}
	}

	private static String detail(int status, String body) {
		if (status == 200) {
			return body;
		}
		Matcher code = CODE.matcher(body);
		return code.find() ? code.group(1) : "no code in: " + body;
	}

	/**
	 * Half sessions (60 % of them among the hot ones, so the cache gets hits as well as
	 * evictions), 10 % sessions revoked before the run, then expired, forged signer and
	 * altered payload; either key half the time.
	 */
	private int pick(SplittableRandom random) {
		int key = random.nextInt(2);
		int roll = random.nextInt(100);
		int valid = this.tokens.sessions - this.preRevoked;
		if (roll < 50) {
			int session = (random.nextInt(10) < 6) ? random.nextInt(this.hot) : random.nextInt(valid);
			return this.tokens.bySession[session][key];
		}
		if (roll < 60) {
			return this.tokens.bySession[valid + random.nextInt(this.preRevoked)][key];
		}
		Kind kind = (roll < 75) ? Kind.EXPIRED : (roll < 88) ? Kind.FORGED_SIGNER : Kind.FORGED_PAYLOAD;
		int[] pool = this.tokens.others[kind.ordinal()][key];
		return pool[random.nextInt(pool.length)];
	}

}
