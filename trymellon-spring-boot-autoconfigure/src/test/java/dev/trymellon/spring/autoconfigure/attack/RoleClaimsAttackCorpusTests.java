package dev.trymellon.spring.autoconfigure.attack;

import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import dev.trymellon.spring.autoconfigure.attack.TokenRow.Attack;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static dev.trymellon.spring.autoconfigure.attack.TokenRow.refused;
import static dev.trymellon.spring.session.TryMellonErrorCode.FORBIDDEN;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Client-asserted roles with the explicit opt-in {@code trymellon.authorities.role-claims=roles}:
 * a value that only looks like a role once case-folded by Unicode rules (dotless ı, long
 * ſ), or that carries a NUL or an invisible character, grants nothing. Each row asks the
 * endpoint the look-alike aims at (403), then {@code /api/me} to check that no
 * {@code ROLE_} authority at all came out of it. Rows {@code R..}.
 */
@SpringBootTest(classes = AttackApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "trymellon.client-id=client_test123",
				"trymellon.authorities.role-claims=roles" })
class RoleClaimsAttackCorpusTests extends TokenCorpus {

	static Stream<TokenRow> rows() {
		List<TokenRow> rows = List.of(
				refused("roles: \"adm\\u0131n\" (dotless i): /api/admin", FORBIDDEN, grantsNothing("adm\u0131n", "/api/admin")),
				refused("roles: \"\\u017fuperuser\" (long s): /api/superuser", FORBIDDEN,
						grantsNothing("\u017fuperuser", "/api/superuser")),
				refused("roles: \"adm\\u0000in\" (NUL): /api/admin", FORBIDDEN, grantsNothing("adm\u0000in", "/api/admin")),
				refused("roles: \"admin\\u200b\" (zero-width space): /api/admin", FORBIDDEN,
						grantsNothing("admin\u200b", "/api/admin")),
				refused("roles: fullwidth \"\\uff41\\uff44\\uff4d\\uff49\\uff4e\": /api/admin", FORBIDDEN,
						grantsNothing("\uff41\uff44\uff4d\uff49\uff4e", "/api/admin")),
				refused("roles: \"ADM\\u0130N\" (dotted capital I): /api/admin", FORBIDDEN,
						grantsNothing("ADM\u0130N", "/api/admin")),
				refused("roles: \"\\u0430dmin\" (Cyrillic a): /api/admin", FORBIDDEN,
						grantsNothing("\u0430dmin", "/api/admin")),
				refused("role: \"admin\" while only 'roles' is opted in: /api/admin", FORBIDDEN,
						(wire) -> TokenAttackCorpusTests.bearer(wire, "/api/admin",
								Forge.token(Forge.withCustomClaims("{\"role\":\"admin\"}")))));
		return IntStream.range(0, rows.size())
			.mapToObj((i) -> rows.get(i).named(String.format("R%02d %s", i + 1, rows.get(i).name())));
	}

	/**
	 * Checks on {@code /api/me} that the value grants no {@code ROLE_} authority, then
	 * answers the protected endpoint's refusal.
	 */
	private static Attack grantsNothing(String role, String endpoint) {
		return (wire) -> {
			String token = Forge.token(Forge.withCustomClaims("{\"roles\":" + Forge.quote(role) + "}"));
			Answer me = TokenAttackCorpusTests.bearer(wire, token);
			assertThat(me.status()).as(me.toString()).isEqualTo(200);
			assertThat(me.body()).as("authorities granted for %s", role).doesNotContain("ROLE_");
			return TokenAttackCorpusTests.bearer(wire, endpoint, token);
		};
	}

	@Test
	void controlOptedInAsciiRoleIsGranted() throws Exception {
		Answer answer = TokenAttackCorpusTests.bearer(this.wire, "/api/admin",
				Forge.token(Forge.withCustomClaims("{\"roles\":\"admin\"}")));
		assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
		assertThat(answer.body()).isEqualTo(AttackApplication.PROTECTED + " admin user_123");
	}

	@Test
	void controlOptedInSuperuserRoleIsGranted() throws Exception {
		Answer answer = TokenAttackCorpusTests.bearer(this.wire, "/api/superuser",
				Forge.token(Forge.withCustomClaims("{\"roles\":\"editor superuser\"}")));
		assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
	}

}
