package dev.trymellon.spring.authority;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import dev.trymellon.spring.session.TryMellonSession;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatRuntimeException;

class LookupSessionAuthoritiesMapperTests {

	private final AtomicLong nanos = new AtomicLong();

	private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

	private final Map<String, List<String>> directory = new ConcurrentHashMap<>(
			Map.of("ada", List.of("ROLE_ADMIN", "SCOPE_orders.read"), "alice", List.of()));

	private final UserAuthoritiesLookup lookup = (userId) -> {
		this.calls.computeIfAbsent(userId, (id) -> new AtomicInteger()).incrementAndGet();
		return this.directory.getOrDefault(userId, List.of());
	};

	@Test
	void authoritiesWhenLookupAndDelegateThenBothInOrderWithoutDuplicates() {
		ClaimsSessionAuthoritiesMapper claims = new ClaimsSessionAuthoritiesMapper();
		claims.setDefaultAuthorities(List.of("SCOPE_app", "ROLE_ADMIN"));
		LookupSessionAuthoritiesMapper mapper = mapper(claims, Duration.ofMinutes(1), 100);
		assertThat(names(mapper, "ada")).containsExactly("SCOPE_app", "ROLE_ADMIN", "SCOPE_orders.read");
		assertThat(names(mapper, "alice")).containsExactly("SCOPE_app", "ROLE_ADMIN");
		assertThat(names(mapper(none(), Duration.ofMinutes(1), 100), "ada")).containsExactly("ROLE_ADMIN",
				"SCOPE_orders.read");
	}

	@Test
	void authoritiesWhenLookupHasTheUserThenCustomClaimsStillGrantNothingByDefault() {
		LookupSessionAuthoritiesMapper mapper = mapper(new ClaimsSessionAuthoritiesMapper(), Duration.ofMinutes(1),
				100);
		TryMellonSession alice = TryMellonSession.builder("alice").customClaims(Map.of("roles", "admin")).build();
		assertThat(mapper.getAuthorities(alice)).isEmpty();
	}

	@Test
	void lookupIsKeyedByTheVerifiedUserIdNotTheSubject() {
		LookupSessionAuthoritiesMapper mapper = mapper(none(), Duration.ofMinutes(1), 100);
		TryMellonSession session = TryMellonSession.builder("service-sub").userId("ada").externalUserId("alice").build();
		assertThat(mapper.getAuthorities(session)).extracting(GrantedAuthority::getAuthority)
			.containsExactly("ROLE_ADMIN", "SCOPE_orders.read");
		assertThat(this.calls).containsOnlyKeys("ada");
	}

	@Test
	void lookupWhenSameUserAgainThenCachedUntilTheTimeToLiveEnds() {
		LookupSessionAuthoritiesMapper mapper = mapper(none(), Duration.ofMinutes(1), 100);
		names(mapper, "ada");
		names(mapper, "ada");
		this.nanos.addAndGet(Duration.ofSeconds(59).toNanos());
		this.directory.put("ada", List.of("ROLE_USER"));
		assertThat(names(mapper, "ada")).containsExactly("ROLE_ADMIN", "SCOPE_orders.read");
		assertThat(this.calls.get("ada")).hasValue(1);
		this.nanos.addAndGet(Duration.ofSeconds(1).toNanos());
		assertThat(names(mapper, "ada")).containsExactly("ROLE_USER");
		assertThat(this.calls.get("ada")).hasValue(2);
	}

	@Test
	void cacheWhenMoreUsersThanMaximumThenBounded() {
		LookupSessionAuthoritiesMapper mapper = mapper(none(), Duration.ofHours(1), 2);
		for (int i = 0; i < 50; i++) {
			names(mapper, "user_" + i);
		}
		assertThat(mapper.cachedUsers()).isLessThanOrEqualTo(2);
	}

	@Test
	void cacheWhenZeroTimeToLiveThenLookupOnEveryRequest() {
		LookupSessionAuthoritiesMapper mapper = mapper(none(), Duration.ZERO, 100);
		names(mapper, "ada");
		names(mapper, "ada");
		assertThat(this.calls.get("ada")).hasValue(2);
	}

	@Test
	void evictWhenCalledThenOnlyThatUserLookedUpAgain() {
		LookupSessionAuthoritiesMapper mapper = mapper(none(), Duration.ofHours(1), 100);
		names(mapper, "ada");
		names(mapper, "alice");
		this.directory.put("ada", List.of("ROLE_USER"));
		mapper.evict("ada");
		assertThat(names(mapper, "ada")).containsExactly("ROLE_USER");
		names(mapper, "alice");
		assertThat(this.calls.get("ada")).hasValue(2);
		assertThat(this.calls.get("alice")).hasValue(1);
		mapper.evictAll();
		names(mapper, "alice");
		assertThat(this.calls.get("alice")).hasValue(2);
	}

	@Test
	void evictWhileALookupRunsThenItsResultIsNotCached() {
		AtomicReference<LookupSessionAuthoritiesMapper> self = new AtomicReference<>();
		AtomicInteger attempts = new AtomicInteger();
		LookupSessionAuthoritiesMapper mapper = new LookupSessionAuthoritiesMapper(none(), (userId) -> {
			if (attempts.incrementAndGet() == 1) {
				// the user is locked while the first lookup reads the old roles
				self.get().evict(userId);
				return List.of("ROLE_ADMIN");
			}
			return List.of();
		}, Duration.ofHours(1), 100, this.nanos::get);
		self.set(mapper);
		assertThat(names(mapper, "ada")).containsExactly("ROLE_ADMIN");
		assertThat(names(mapper, "ada")).isEmpty();
		assertThat(names(mapper, "ada")).isEmpty();
		assertThat(attempts).hasValue(2);
	}

	@Test
	void lookupWhenItFailsThenExceptionPropagatesAndNothingIsCached() {
		AtomicInteger attempts = new AtomicInteger();
		LookupSessionAuthoritiesMapper mapper = new LookupSessionAuthoritiesMapper(none(), (userId) -> {
			if (attempts.incrementAndGet() == 1) {
				throw new IllegalStateException("directory down");
			}
			return List.of("ROLE_ADMIN");
		}, Duration.ofHours(1), 100, this.nanos::get);
		assertThatRuntimeException().isThrownBy(() -> names(mapper, "ada")).withMessage("directory down");
		assertThat(names(mapper, "ada")).containsExactly("ROLE_ADMIN");
		assertThat(attempts).hasValue(2);
	}

	@Test
	void lookupWhenNullThenFailsAndIsNotCached() {
		AtomicInteger attempts = new AtomicInteger();
		LookupSessionAuthoritiesMapper mapper = new LookupSessionAuthoritiesMapper(none(), (userId) -> {
			attempts.incrementAndGet();
			return null;
		}, Duration.ofHours(1), 100, this.nanos::get);
		assertThatIllegalStateException().isThrownBy(() -> names(mapper, "ada"))
			.withMessage("The UserAuthoritiesLookup returned null");
		assertThatIllegalStateException().isThrownBy(() -> names(mapper, "ada"));
		assertThat(attempts).hasValue(2);
	}

	@Test
	void lookupWhenNullOrBlankEntriesThenSkippedAndOtherNamesKeptAsReturned() {
		LookupSessionAuthoritiesMapper mapper = new LookupSessionAuthoritiesMapper(none(),
				(userId) -> new ArrayList<>(Arrays.asList("ROLE_ADMIN", null, " ", "", "perm:orders/read", "ROLE_ADMIN")),
				Duration.ofHours(1), 100, this.nanos::get);
		assertThat(names(mapper, "ada")).containsExactly("ROLE_ADMIN", "perm:orders/read");
	}

	@Test
	void cachedResultWhenReturnedThenCannotBeModified() {
		LookupSessionAuthoritiesMapper mapper = mapper(none(), Duration.ofHours(1), 100);
		@SuppressWarnings("unchecked")
		List<GrantedAuthority> first = (List<GrantedAuthority>) mapper.getAuthorities(session("ada"));
		assertThatRuntimeException().isThrownBy(() -> first.add(new SimpleGrantedAuthority("ROLE_ROOT")));
		assertThat(names(mapper, "ada")).containsExactly("ROLE_ADMIN", "SCOPE_orders.read");
	}

	@Test
	void constructorWhenInvalidSettingsThenRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new LookupSessionAuthoritiesMapper(none(), this.lookup, Duration.ofSeconds(-1), 10))
			.withMessage("timeToLive must not be negative");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new LookupSessionAuthoritiesMapper(none(), this.lookup, Duration.ofSeconds(1), 0))
			.withMessage("maximumSize must be at least 1");
	}

	private LookupSessionAuthoritiesMapper mapper(SessionAuthoritiesMapper delegate, Duration ttl, long maxSize) {
		return new LookupSessionAuthoritiesMapper(delegate, this.lookup, ttl, maxSize, this.nanos::get);
	}

	private static SessionAuthoritiesMapper none() {
		return (session) -> List.of();
	}

	private static TryMellonSession session(String userId) {
		return TryMellonSession.builder(userId).build();
	}

	private static List<String> names(SessionAuthoritiesMapper mapper, String userId) {
		return mapper.getAuthorities(session(userId)).stream().map(GrantedAuthority::getAuthority).toList();
	}

}
