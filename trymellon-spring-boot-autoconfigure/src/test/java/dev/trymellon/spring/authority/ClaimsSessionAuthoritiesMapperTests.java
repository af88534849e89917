package dev.trymellon.spring.authority;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.trymellon.spring.authority.ClaimsSessionAuthoritiesMapper.ClaimMapping;
import dev.trymellon.spring.session.TryMellonSession;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ClaimsSessionAuthoritiesMapperTests {

	private final ClaimsSessionAuthoritiesMapper mapper = new ClaimsSessionAuthoritiesMapper();

	@Test
	void rolesWhenDefaultThenNoCustomClaimGrantsAnything() {
		assertThat(names(Map.of("roles", "admin", "role", "admin", "plan", "pro", "beta", true))).isEmpty();
		assertThat(this.mapper.getIgnoredValueCount()).isZero();
	}

	@Test
	void rolesWhenSpaceSeparatedThenUpperCasedRoleAuthorities() {
		roleClaims();
		assertThat(names(Map.of("roles", "admin editor"))).containsExactly("ROLE_ADMIN", "ROLE_EDITOR");
	}

	@Test
	void rolesWhenCommaAndSpacesThenSplitOnBoth() {
		roleClaims();
		assertThat(names(Map.of("roles", " admin, editor ,,viewer  "))).containsExactly("ROLE_ADMIN", "ROLE_EDITOR",
				"ROLE_VIEWER");
	}

	@Test
	void rolesWhenBothClaimsThenBothReadWithoutDuplicates() {
		roleClaims();
		assertThat(names(Map.of("roles", "admin", "role", "admin"))).containsExactly("ROLE_ADMIN");
	}

	@Test
	void rolesWhenNotAStringThenIgnoredAndCounted() {
		roleClaims();
		assertThat(names(Map.of("roles", true, "role", 7))).isEmpty();
		assertThat(this.mapper.getIgnoredValueCount()).isEqualTo(2);
	}

	@Test
	void claimsWhenNotConfiguredThenNothingGranted() {
		assertThat(names(Map.of("plan", "pro", "admin", true, "scope", "all"))).isEmpty();
	}

	@Test
	void topLevelClaimsWhenRoleNamedThenNeverRead() {
		roleClaims();
		TryMellonSession session = TryMellonSession.builder("user_1").claims(Map.of("roles", "admin")).build();
		assertThat(this.mapper.getAuthorities(session)).isEmpty();
	}

	@Test
	void roleClaimsWhenChangedThenOnlyThoseRead() {
		this.mapper.setRoleClaims(List.of("groups"));
		assertThat(names(Map.of("groups", "ops", "roles", "admin"))).containsExactly("ROLE_OPS");
	}

	@Test
	void claimMappingWhenDefaultThenClaimNamePrefixAndUpperCase() {
		this.mapper.addClaimMapping("plan", ClaimMapping.DEFAULT);
		assertThat(names(Map.of("plan", "pro"))).containsExactly("PLAN_PRO");
	}

	@Test
	void claimMappingWhenPrefixDelimiterAndCaseSetThenApplied() {
		this.mapper.addClaimMapping("perms", new ClaimMapping("PERM:", "|", false));
		assertThat(names(Map.of("perms", "orders.read|orders.write"))).containsExactly("PERM:orders.read",
				"PERM:orders.write");
	}

	@Test
	void claimMappingWhenEmptyDelimiterThenWholeValue() {
		this.mapper.addClaimMapping("team", new ClaimMapping("TEAM_", "", true));
		assertThat(names(Map.of("team", "red:blue"))).containsExactly("TEAM_RED:BLUE");
		// a space is not allowed in a value: the whole value is ignored, never split
		assertThat(names(Map.of("team", "red blue"))).isEmpty();
		assertThat(this.mapper.getIgnoredValueCount()).isEqualTo(1);
	}

	@Test
	void claimMappingWhenNumberThenItsText() {
		this.mapper.addClaimMapping("tier", ClaimMapping.DEFAULT);
		assertThat(names(Map.of("tier", 2))).containsExactly("TIER_2");
	}

	@Test
	void claimMappingWhenBooleanTrueThenAuthorityNamedAfterClaim() {
		this.mapper.addClaimMapping("beta", ClaimMapping.DEFAULT);
		assertThat(names(Map.of("beta", true))).containsExactly("BETA");
	}

	@Test
	void claimMappingWhenBooleanTrueAndExplicitPrefixThenPrefixed() {
		this.mapper.addClaimMapping("beta", new ClaimMapping("FEATURE_", ", ", true));
		assertThat(names(Map.of("beta", true))).containsExactly("FEATURE_BETA");
	}

	@Test
	void claimMappingWhenBooleanFalseThenNothing() {
		this.mapper.addClaimMapping("beta", ClaimMapping.DEFAULT);
		assertThat(names(Map.of("beta", false))).isEmpty();
	}

	@Test
	void defaultAuthoritiesWhenSetThenGrantedToEverySession() {
		roleClaims();
		this.mapper.setDefaultAuthorities(List.of("SCOPE_app", " "));
		assertThat(names(Map.of())).containsExactly("SCOPE_app");
		assertThat(names(Map.of("roles", "admin"))).containsExactly("SCOPE_app", "ROLE_ADMIN");
	}

	@Test
	void defaultAuthoritiesWhenNoClaimMappedThenSameAuthoritiesEverySession() {
		this.mapper.setDefaultAuthorities(List.of("SCOPE_app", "SCOPE_app"));
		assertThat(names(Map.of("roles", "admin"))).containsExactly("SCOPE_app");
		assertThat(this.mapper.getAuthorities(session(Map.of())))
			.isSameAs(this.mapper.getAuthorities(session(Map.of())));
	}

	@ParameterizedTest
	@ValueSource(strings = { "adm\u0131n", "\u017Fuperuser", "admin\u0000", "\u0000", "ADM\u0130N",
			"\uFF21\uFF24\uFF2D\uFF29\uFF2E", "admin\u200B", "adm\u00EDn", "r\u00F4le", "admin/root",
			"admin;drop", "admin\"", "admin\\", "<admin>", "admin\u007F", "\uD83D\uDE00" })
	void roleWhenNotCanonicalAsciiThenIgnoredAndCounted(String role) {
		roleClaims();
		assertThat(names(Map.of("roles", role))).isEmpty();
		assertThat(this.mapper.getIgnoredValueCount()).isEqualTo(1);
	}

	@Test
	void roleWhenDotlessIOrLongSThenNeverMappedToAsciiLetters() {
		roleClaims();
		// Unicode upper-casing maps U+0131 to I and U+017F to S: both would forge ROLE_ADMIN and ROLE_SUPERUSER
		assertThat(names(Map.of("roles", "adm\u0131n \u017Fuperuser user"))).containsExactly("ROLE_USER");
		assertThat(this.mapper.getIgnoredValueCount()).isEqualTo(2);
	}

	@Test
	void roleWhenLongerThanMaximumThenIgnoredAndCounted() {
		roleClaims();
		String longest = "a".repeat(ClaimsSessionAuthoritiesMapper.MAX_VALUE_LENGTH);
		assertThat(names(Map.of("roles", longest))).containsExactly("ROLE_" + longest.toUpperCase(Locale.ROOT));
		assertThat(names(Map.of("roles", longest + "a"))).isEmpty();
		assertThat(this.mapper.getIgnoredValueCount()).isEqualTo(1);
	}

	@Test
	void roleWhenAllowedPunctuationThenKeptAndOnlyAsciiLettersUpperCased() {
		roleClaims();
		assertThat(names(Map.of("roles", "orders.read team:red-1 a_b"))).containsExactly("ROLE_ORDERS.READ",
				"ROLE_TEAM:RED-1", "ROLE_A_B");
	}

	@Test
	void upperCaseWhenDefaultLocaleTurkishThenStillAscii() {
		Locale previous = Locale.getDefault();
		Locale.setDefault(Locale.forLanguageTag("tr-TR"));
		try {
			roleClaims();
			this.mapper.addClaimMapping("tier", ClaimMapping.DEFAULT);
			this.mapper.addClaimMapping("invite", ClaimMapping.DEFAULT);
			assertThat(names(Map.of("roles", "admin", "tier", "gold", "invite", true))).containsExactly("ROLE_ADMIN",
					"TIER_GOLD", "INVITE");
		}
		finally {
			Locale.setDefault(previous);
		}
	}

	@Test
	void claimMappingWhenValueNotCanonicalThenIgnoredAndCounted() {
		this.mapper.addClaimMapping("plan", ClaimMapping.DEFAULT);
		this.mapper.addClaimMapping("perms", new ClaimMapping("PERM:", "|", false));
		assertThat(names(Map.of("plan", "pro\u0000 \u017Fuper basic", "perms", "orders.read|adm\u0131n")))
			.containsExactly("PLAN_BASIC", "PERM:orders.read");
		assertThat(this.mapper.getIgnoredValueCount()).isEqualTo(3);
	}

	@Test
	void claimMappingWhenUnsupportedTypeThenIgnoredAndCounted() {
		this.mapper.addClaimMapping("plan", ClaimMapping.DEFAULT);
		assertThat(names(Map.of("plan", List.of("pro")))).isEmpty();
		assertThat(this.mapper.getIgnoredValueCount()).isEqualTo(1);
	}

	@Test
	void claimMappingWhenEmptyPrefixThenValueAlone() {
		this.mapper.addClaimMapping("perm", new ClaimMapping("", ",", false));
		assertThat(names(Map.of("perm", "orders.read"))).containsExactly("orders.read");
	}

	@ParameterizedTest
	@ValueSource(strings = { "r\u00F4les", "ro les", "roles\u0000", "r\u0131ght" })
	void claimNamesWhenNotCanonicalAsciiThenRefused(String name) {
		assertThatIllegalArgumentException().isThrownBy(() -> this.mapper.setRoleClaims(List.of(name)))
			.withMessageContaining("is not a valid claim name");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.mapper.addClaimMapping(name, ClaimMapping.DEFAULT))
			.withMessageContaining("is not a valid claim name");
	}

	@Test
	void claimNameWhenLongerThanMaximumThenRefused() {
		String name = "c".repeat(ClaimsSessionAuthoritiesMapper.MAX_VALUE_LENGTH + 1);
		assertThatIllegalArgumentException().isThrownBy(() -> this.mapper.addClaimMapping(name, ClaimMapping.DEFAULT));
	}

	@ParameterizedTest
	@ValueSource(strings = { "PERM ", "R\u00D4LE_", "ROLE\u0000", "P/" })
	void prefixWhenNotCanonicalAsciiThenRefused(String prefix) {
		assertThatIllegalArgumentException().isThrownBy(() -> new ClaimMapping(prefix, ",", true))
			.withMessageContaining("Prefix '" + prefix + "' is not valid");
	}

	private void roleClaims() {
		this.mapper.setRoleClaims(List.of("roles", "role"));
	}

	private static TryMellonSession session(Map<String, Object> customClaims) {
		return TryMellonSession.builder("user_1").customClaims(customClaims).build();
	}

	private List<String> names(Map<String, Object> customClaims) {
		TryMellonSession session = TryMellonSession.builder("user_1").customClaims(customClaims).build();
		return this.mapper.getAuthorities(session).stream().map(Object::toString).toList();
	}

}
