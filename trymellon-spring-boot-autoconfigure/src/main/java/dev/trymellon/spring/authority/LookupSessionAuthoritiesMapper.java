package dev.trymellon.spring.authority;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import org.jspecify.annotations.Nullable;

import dev.trymellon.spring.session.TryMellonSession;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;

/**
 * A {@link SessionAuthoritiesMapper} that grants what a delegate mapper grants plus the
 * authorities a {@link UserAuthoritiesLookup} returns for the session's verified user id
 * ({@link TryMellonSession#getUserId()}), each user's result cached for a time to live in
 * a cache of bounded size.
 * <p>
 * The auto-configuration creates one, around its {@link ClaimsSessionAuthoritiesMapper},
 * when the application declares a {@link UserAuthoritiesLookup} bean, and evicts a
 * user's entry when a revocation webhook names the user ({@code user.locked},
 * {@code session.revoked}, {@code session.logout}, {@code credential.revoked},
 * {@code recovery.enrollment.completed}). Call {@link #evict(String)} when your
 * application changes a user's authorities, so the change applies at once. The lookup
 * runs outside the cache's locks (a slow lookup never holds up other users; concurrent
 * first requests of one user may each ask it), and a result whose lookup overlapped an
 * eviction is not cached.
 * <p>
 * <strong>Fails closed.</strong> When the lookup throws, or returns {@code null}, the
 * exception reaches the authentication provider, which refuses the request (answered
 * {@code 500}); nothing is cached, so the next request asks again. A session is never
 * authenticated without its looked-up authorities.
 *
 * @author TryMellon
 * @since 0.2.0
 */
public final class LookupSessionAuthoritiesMapper implements SessionAuthoritiesMapper {

	/**
	 * How long a user's looked-up authorities are kept unless another time is set.
	 */
	public static final Duration DEFAULT_TIME_TO_LIVE = Duration.ofMinutes(1);

	/**
	 * The largest number of users whose looked-up authorities are kept unless another is
	 * set.
	 */
	public static final long DEFAULT_MAXIMUM_SIZE = 10_000;

	private final SessionAuthoritiesMapper delegate;

	private final UserAuthoritiesLookup lookup;

	private final @Nullable Cache<String, List<GrantedAuthority>> cache;

	/**
	 * Incremented before every eviction, so that a lookup that was running meanwhile
	 * cannot put back what the eviction removed.
	 */
	private final AtomicLong evictions = new AtomicLong();

	/**
	 * Creates a mapper.
	 * @param delegate the mapper whose authorities are granted too (for example a
	 * {@link ClaimsSessionAuthoritiesMapper})
	 * @param lookup the lookup of the user's authorities
	 * @param timeToLive how long a user's looked-up authorities are kept; zero to ask
	 * the lookup on every request
	 * @param maximumSize the largest number of users kept, at least 1
	 */
	public LookupSessionAuthoritiesMapper(SessionAuthoritiesMapper delegate, UserAuthoritiesLookup lookup,
			Duration timeToLive, long maximumSize) {
		this(delegate, lookup, timeToLive, maximumSize, Ticker.systemTicker());
	}

	LookupSessionAuthoritiesMapper(SessionAuthoritiesMapper delegate, UserAuthoritiesLookup lookup,
			Duration timeToLive, long maximumSize, Ticker ticker) {
		Assert.notNull(delegate, "delegate cannot be null");
		Assert.notNull(lookup, "lookup cannot be null");
		Assert.isTrue(timeToLive != null && !timeToLive.isNegative(), "timeToLive must not be negative");
		Assert.isTrue(maximumSize >= 1, "maximumSize must be at least 1");
		this.delegate = delegate;
		this.lookup = lookup;
		this.cache = timeToLive.isZero() ? null
				: Caffeine.newBuilder()
					.executor(Runnable::run) // upkeep on the request's thread, as the token cache
					.maximumSize(maximumSize)
					.expireAfterWrite(timeToLive)
					.ticker(ticker)
					.build();
	}

	/**
	 * Returns the mapper whose authorities are granted besides the looked-up ones.
	 * @return the delegate mapper
	 */
	public SessionAuthoritiesMapper getDelegate() {
		return this.delegate;
	}

	@Override
	public Collection<? extends GrantedAuthority> getAuthorities(TryMellonSession session) {
		Collection<? extends GrantedAuthority> granted = this.delegate.getAuthorities(session);
		Assert.state(granted != null, "The delegate SessionAuthoritiesMapper returned null");
		String userId = session.getUserId();
		Cache<String, List<GrantedAuthority>> cache = this.cache;
		List<GrantedAuthority> looked = (cache != null) ? cached(cache, userId) : load(userId);
		if (looked.isEmpty()) {
			return granted;
		}
		if (granted.isEmpty()) {
			return looked;
		}
		Set<String> names = new LinkedHashSet<>();
		List<GrantedAuthority> merged = new ArrayList<>(granted.size() + looked.size());
		for (GrantedAuthority authority : granted) {
			if (names.add(authority.getAuthority())) {
				merged.add(authority);
			}
		}
		for (GrantedAuthority authority : looked) {
			if (names.add(authority.getAuthority())) {
				merged.add(authority);
			}
		}
		return merged;
	}

	/**
	 * Forgets the cached authorities of a user: the next request of the user asks the
	 * lookup again.
	 * @param userId the TryMellon user id
	 */
	public void evict(String userId) {
		Assert.notNull(userId, "userId cannot be null");
		if (this.cache != null) {
			this.evictions.incrementAndGet();
			this.cache.invalidate(userId);
		}
	}

	/**
	 * Forgets the cached authorities of every user.
	 */
	public void evictAll() {
		if (this.cache != null) {
			this.evictions.incrementAndGet();
			this.cache.invalidateAll();
		}
	}

	/**
	 * The number of users whose authorities are cached, after pending evictions.
	 */
	long cachedUsers() {
		Cache<String, List<GrantedAuthority>> cache = this.cache;
		if (cache == null) {
			return 0;
		}
		cache.cleanUp();
		return cache.estimatedSize();
	}

	/**
	 * The lookup runs outside the cache's locks, so a slow lookup never blocks other
	 * users' entries; an eviction while it runs keeps its result out of the cache.
	 */
	private List<GrantedAuthority> cached(Cache<String, List<GrantedAuthority>> cache, String userId) {
		List<GrantedAuthority> cached = cache.getIfPresent(userId);
		if (cached != null) {
			return cached;
		}
		long evictions = this.evictions.get();
		List<GrantedAuthority> loaded = load(userId);
		cache.put(userId, loaded);
		if (this.evictions.get() != evictions) {
			cache.asMap().remove(userId, loaded);
		}
		return loaded;
	}

	private List<GrantedAuthority> load(String userId) {
		Collection<String> names = this.lookup.getAuthorities(userId);
		if (names == null) {
			throw new IllegalStateException("The UserAuthoritiesLookup returned null");
		}
		List<GrantedAuthority> authorities = new ArrayList<>(names.size());
		Set<String> seen = new LinkedHashSet<>();
		for (String name : names) {
			if (StringUtils.hasText(name) && seen.add(name)) {
				authorities.add(new SimpleGrantedAuthority(name));
			}
		}
		return List.copyOf(authorities);
	}

}
