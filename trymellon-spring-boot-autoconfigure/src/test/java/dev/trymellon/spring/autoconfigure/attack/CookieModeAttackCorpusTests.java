package dev.trymellon.spring.autoconfigure.attack;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import dev.trymellon.spring.testfixtures.TestTokens;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static dev.trymellon.spring.autoconfigure.attack.TokenRow.csrfRefused;
import static dev.trymellon.spring.autoconfigure.attack.TokenRow.refused;
import static dev.trymellon.spring.session.TryMellonErrorCode.INVALID_REQUEST;
import static dev.trymellon.spring.session.TryMellonErrorCode.SESSION_EXPIRED;
import static dev.trymellon.spring.session.TryMellonErrorCode.SIGNATURE_INVALID;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The token corpus in cookie mode ({@code trymellon.token.cookie-name}, which turns CSRF
 * protection on in the default chain): the header and the cookie must agree, and a
 * state-changing request is exempt from CSRF only when its token really came from a
 * well-formed {@code Authorization: Bearer <token>} header. Rows {@code C..}; a CSRF
 * refusal is 403 {@code FORBIDDEN} without a {@code WWW-Authenticate} challenge.
 */
@SpringBootTest(classes = AttackApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "trymellon.client-id=client_test123",
				"trymellon.security.permit-paths=/public/**", "trymellon.token.cookie-name=TM_SESSION" })
class CookieModeAttackCorpusTests extends TokenCorpus {

	private static final String XSRF = "3f1c2a9e-7d4b-4f0e-9a61-5c2d8b7e1f00";

	static Stream<TokenRow> rows() {
		String valid = Forge.token(Forge.claims());
		String other = Forge.token(Forge.claims("user_other"));
		long now = Forge.now();
		String expired = Forge.token(Forge.claims().num("iat", now - 7200).num("exp", now - 3600));
		String forged = Forge.token(TestTokens.ATTACKER_KEY, Forge.header().toString(), Forge.claims().toString());
		List<TokenRow> rows = new ArrayList<>(List.of(
				refused("GET: header and cookie carry different tokens", INVALID_REQUEST,
						(wire) -> wire.get("/api/me", "Authorization", "Bearer " + valid, "Cookie", "TM_SESSION=" + other)),
				refused("GET: two session cookies with different values", INVALID_REQUEST,
						(wire) -> wire.get("/api/me", "Cookie", "TM_SESSION=" + valid + "; TM_SESSION=" + other)),
				refused("GET: expired token in the cookie", SESSION_EXPIRED,
						(wire) -> wire.get("/api/me", "Cookie", "TM_SESSION=" + expired)),
				refused("GET: forged token in the cookie", SIGNATURE_INVALID,
						(wire) -> wire.get("/api/me", "Cookie", "TM_SESSION=" + forged)),
				csrfRefused("POST: valid cookie, no CSRF token",
						(wire) -> post(wire, "Cookie", "TM_SESSION=" + valid)),
				csrfRefused("POST: valid cookie, CSRF header not matching the XSRF-TOKEN cookie",
						(wire) -> post(wire, "Cookie", "TM_SESSION=" + valid + "; XSRF-TOKEN=" + XSRF, "X-XSRF-TOKEN",
								"something-else")),
				csrfRefused("POST: valid cookie, CSRF header without the XSRF-TOKEN cookie",
						(wire) -> post(wire, "Cookie", "TM_SESSION=" + valid, "X-XSRF-TOKEN", XSRF)),
				// issue 9 item 9: the CSRF exemption needs a token really taken from the header
				csrfRefused("POST: 'Authorization: Bearerx' plus a valid cookie, no CSRF token",
						(wire) -> post(wire, "Authorization", "Bearerx", "Cookie", "TM_SESSION=" + valid)),
				csrfRefused("POST: 'Authorization: Bearer' without a token plus a valid cookie, no CSRF token",
						(wire) -> post(wire, "Authorization", "Bearer", "Cookie", "TM_SESSION=" + valid)),
				csrfRefused("POST: header and cookie carrying different tokens, no CSRF token",
						(wire) -> post(wire, "Authorization", "Bearer " + other, "Cookie", "TM_SESSION=" + valid)),
				csrfRefused("POST: two Authorization headers plus a valid cookie, no CSRF token",
						(wire) -> post(wire, "Authorization", "Bearer " + valid, "Authorization", "Bearer " + valid, "Cookie",
								"TM_SESSION=" + valid))));
		return IntStream.range(0, rows.size())
			.mapToObj((i) -> rows.get(i).named(String.format("C%02d %s", i + 1, rows.get(i).name())));
	}

	@Test
	void controlPostWithBearerHeaderNeedsNoCsrfToken() throws Exception {
		Answer answer = post(this.wire, "Authorization", "Bearer " + Forge.token(Forge.claims()));
		assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
		assertThat(answer.body()).isEqualTo(AttackApplication.PROTECTED + " ordered by user_123");
	}

	@Test
	void controlPostWithCookieAndCsrfTokenIsLetIn() throws Exception {
		Answer answer = post(this.wire, "Cookie", "TM_SESSION=" + Forge.token(Forge.claims()) + "; XSRF-TOKEN=" + XSRF,
				"X-XSRF-TOKEN", XSRF);
		assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
	}

	@Test
	void controlHeaderAndCookieCarryingTheSameTokenAreLetIn() throws Exception {
		String token = Forge.token(Forge.claims());
		Answer answer = this.wire.get("/api/me", "Authorization", "Bearer " + token, "Cookie", "TM_SESSION=" + token);
		assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
	}

	private static Answer post(Wire wire, String... headers) throws Exception {
		return wire.send("POST", "/api/orders", new byte[0], headers);
	}

}
