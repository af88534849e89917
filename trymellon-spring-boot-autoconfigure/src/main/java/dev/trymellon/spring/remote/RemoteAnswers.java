package dev.trymellon.spring.remote;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.jspecify.annotations.Nullable;

import dev.trymellon.spring.remote.RemoteCallListener.CacheResult;
import dev.trymellon.spring.revocation.RevocationStore;
import dev.trymellon.spring.session.SessionTokenException;
import dev.trymellon.spring.session.TryMellonSession;

/**
 * The answers of {@link RemoteSessionChecker}, per token: a bounded cache, and the calls
 * under way, so that concurrent callers asking about one token wait for a single call
 * (no lock is held while calling). A cached confirmation is used only while the
 * {@link RevocationStore} does not refuse the session it proves; a store that cannot
 * answer leaves it unusable (fail closed).
 */
final class RemoteAnswers {

	private final Cache<String, Entry> cache;

	private final ConcurrentHashMap<String, CompletableFuture<Entry>> inFlight = new ConcurrentHashMap<>();

	private final @Nullable RevocationStore revocations;

	private final Clock clock;

	private final RemoteCallListener listener;

	RemoteAnswers(Duration ttl, long maxSize, @Nullable RevocationStore revocations, Clock clock,
			RemoteCallListener listener) {
		// upkeep on the request's thread, as the verified-token cache does
		this.cache = Caffeine.newBuilder().executor(Runnable::run).maximumSize(maxSize).expireAfterWrite(ttl).build();
		this.revocations = revocations;
		this.clock = clock;
		this.listener = listener;
	}

	/**
	 * The usable cached answer about the token, else the one a call under way gets,
	 * else the one {@code fetch} gets (which caches it).
	 */
	Entry current(String token, Function<String, Entry> fetch) {
		Entry hit = this.cache.getIfPresent(token);
		if (hit != null && hit.expiresAt > this.clock.millis()) {
			if (!isStale(hit)) {
				this.listener.looked(CacheResult.HIT);
				return hit;
			}
			this.cache.asMap().remove(token, hit);
		}
		CompletableFuture<Entry> mine = new CompletableFuture<>();
		CompletableFuture<Entry> running = this.inFlight.putIfAbsent(token, mine);
		if (running != null) {
			this.listener.looked(CacheResult.JOINED);
			return await(running);
		}
		this.listener.looked(CacheResult.MISS);
		try {
			Entry entry = fetch.apply(token);
			mine.complete(entry);
			return entry;
		}
		catch (RuntimeException ex) {
			mine.completeExceptionally(ex);
			throw ex;
		}
		finally {
			this.inFlight.remove(token, mine);
		}
	}

	void put(String token, Entry entry) {
		this.cache.put(token, entry);
	}

	void evict(@Nullable String userId) {
		if (userId == null) {
			this.cache.invalidateAll();
			return;
		}
		this.cache.asMap()
			.values()
			.removeIf((entry) -> entry.validation != null && entry.validation.userId().equals(userId));
	}

	long size() {
		return this.cache.estimatedSize();
	}

	private boolean isStale(Entry entry) {
		RevocationStore store = this.revocations;
		if (store == null || entry.session == null) {
			return false;
		}
		try {
			return store.isRevoked(entry.session);
		}
		catch (RuntimeException ex) {
			// fail closed: a store that cannot answer leaves the entry unusable
			return true;
		}
	}

	private static Entry await(CompletableFuture<Entry> running) {
		try {
			return running.join();
		}
		catch (CompletionException ex) {
			if (ex.getCause() instanceof SessionTokenException failure) {
				throw ApiFailures.copy(failure);
			}
			if (ex.getCause() instanceof RuntimeException failure) {
				throw failure;
			}
			throw ex;
		}
	}

	/**
	 * One cached answer: a confirmation (with the session it proves) or a refusal.
	 */
	record Entry(@Nullable RemoteValidation validation, @Nullable TryMellonSession session,
			@Nullable SessionTokenException refusal, long expiresAt) {

		/** The answer, or its refusal thrown (a copy: one instance per caller). */
		Entry accepted() {
			SessionTokenException refusal = this.refusal;
			if (refusal != null) {
				throw ApiFailures.copy(refusal);
			}
			return this;
		}

	}

}
