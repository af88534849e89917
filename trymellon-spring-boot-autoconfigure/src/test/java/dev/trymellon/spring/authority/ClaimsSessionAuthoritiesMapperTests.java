package dev.trymellon.spring.authority;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.trymellon.spring.authority.ClaimsSessionAuthoritiesMapper.ClaimMapping;
import dev.trymellon.spring.session.TryMellonSession;

import static org.assertj.core.api.Assertions.assertThat;

class ClaimsSessionAuthoritiesMapperTests {

	private final ClaimsSessionAuthoritiesMapper mapper = new ClaimsSessionAuthoritiesMapper();

	@Test
	void rolesWhenSpaceSeparatedThenUpperCasedRoleAuthorities() {
		assertThat(names(Map.of("roles", "admin editor"))).containsExactly("ROLE_ADMIN", "ROLE_EDITOR");
	}

	@Test
	void rolesWhenCommaAndSpacesThenSplitOnBoth() {
		assertThat(names(Map.of("roles", " admin, editor ,,viewer  "))).containsExactly("ROLE_ADMIN", "ROLE_EDITOR",
				"ROLE_VIEWER");
	}

	@Test
	void rolesWhenBothDefaultClaimsThenBothReadWithoutDuplicates() {
		assertThat(names(Map.of("roles", "admin", "role", "admin"))).containsExactly("ROLE_ADMIN");
	}

	@Test
	void rolesWhenNotAStringThenIgnored() {
		assertThat(names(Map.of("roles", true, "role", 7))).isEmpty();
	}

	@Test
	void claimsWhenNotConfiguredThenNothingGranted() {
		assertThat(names(Map.of("plan", "pro", "admin", true, "scope", "all"))).isEmpty();
	}

	@Test
	void topLevelClaimsWhenRoleNamedThenNeverRead() {
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
		assertThat(names(Map.of("team", "red blue"))).containsExactly("TEAM_RED BLUE");
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
		this.mapper.setDefaultAuthorities(List.of("SCOPE_app", " "));
		assertThat(names(Map.of())).containsExactly("SCOPE_app");
		assertThat(names(Map.of("roles", "admin"))).containsExactly("SCOPE_app", "ROLE_ADMIN");
	}

	private List<String> names(Map<String, Object> customClaims) {
		TryMellonSession session = TryMellonSession.builder("user_1").customClaims(customClaims).build();
		return this.mapper.getAuthorities(session).stream().map(Object::toString).toList();
	}

}
