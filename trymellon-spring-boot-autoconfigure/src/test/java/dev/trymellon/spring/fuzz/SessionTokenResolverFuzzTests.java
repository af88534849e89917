package dev.trymellon.spring.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import com.code_intelligence.jazzer.junit.FuzzTest;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;

import dev.trymellon.spring.session.SessionTokenException;
import dev.trymellon.spring.session.TryMellonErrorCode;
import dev.trymellon.spring.web.DefaultSessionTokenResolver;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.web.firewall.StrictHttpFirewall;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes {@link DefaultSessionTokenResolver} (header and cookie {@code tm_session}) on a
 * {@link MockHttpServletRequest}.
 * <p>
 * Input: one line each. {@code A<value>}: an {@code Authorization} header;
 * {@code C<value>}: a {@code tm_session} cookie; {@code O<value>}: another cookie;
 * {@code F}: the request passes Spring Security's {@link StrictHttpFirewall} first (which
 * refuses some header values when they are read). Other lines are ignored.
 * <p>
 * A failure: any exception other than {@link SessionTokenException}; a code other than
 * the documented {@code TOKEN_MALFORMED} (a bad {@code Bearer} header or cookie value)
 * and {@code INVALID_REQUEST} (two headers, or different tokens in header and cookies);
 * {@code INVALID_REQUEST} for a request without two candidates; a rejection message
 * holding a header or cookie value; a token that is not in {@code b64token} syntax,
 * longer than the limit, or not exactly the token of the one {@code Bearer} header or the
 * cookie's value; no token although the request has a well-formed one.
 */
class SessionTokenResolverFuzzTests {

	private static final Pattern B64TOKEN = Pattern.compile("[A-Za-z0-9\\-._~+/]+=*");

	private static final int MAX_LENGTH = 512;

	private static final DefaultSessionTokenResolver RESOLVER = resolver();

	private static DefaultSessionTokenResolver resolver() {
		DefaultSessionTokenResolver resolver = new DefaultSessionTokenResolver();
		resolver.setCookieName("tm_session");
		resolver.setMaxLength(MAX_LENGTH);
		return resolver;
	}

	@FuzzTest(maxDuration = "30s")
	void resolve(byte[] input) {
		MockHttpServletRequest mock = new MockHttpServletRequest("GET", "/api/things");
		List<String> headers = new ArrayList<>();
		List<String> sessionCookies = new ArrayList<>();
		List<Cookie> cookies = new ArrayList<>();
		boolean firewall = false;
		for (String line : FuzzLines.text(input).split("\n", -1)) {
			if (line.isEmpty()) {
				continue;
			}
			String value = line.substring(1);
			switch (line.charAt(0)) {
				case 'A' -> {
					headers.add(value);
					mock.addHeader("Authorization", value);
				}
				case 'C' -> {
					sessionCookies.add(value);
					cookies.add(new Cookie("tm_session", value));
				}
				case 'O' -> cookies.add(new Cookie("other", value));
				case 'F' -> firewall = true;
				default -> {
				}
			}
		}
		if (!cookies.isEmpty()) {
			mock.setCookies(cookies.toArray(new Cookie[0]));
		}
		HttpServletRequest request = firewall ? new StrictHttpFirewall().getFirewalledRequest(mock) : mock;

		Outcome outcome = Outcome.of(request);
		if (outcome.rejection() != null) {
			TryMellonErrorCode code = outcome.rejection().getErrorCode();
			assertThat(code).as("refusal code").isIn(TryMellonErrorCode.TOKEN_MALFORMED, TryMellonErrorCode.INVALID_REQUEST);
			if (code == TryMellonErrorCode.INVALID_REQUEST) {
				long distinctCookies = sessionCookies.stream().filter((c) -> !c.isEmpty()).distinct().count();
				assertThat(headers.size() > 1 || distinctCookies > 1 || (!headers.isEmpty() && distinctCookies > 0))
					.as("INVALID_REQUEST needs two candidates")
					.isTrue();
			}
			String message = String.valueOf(outcome.rejection().getMessage());
			for (String candidate : concat(headers, sessionCookies)) {
				if (candidate.length() >= 8) {
					assertThat(message).as("refusal message").doesNotContain(candidate);
				}
			}
			return;
		}
		String token = outcome.token();
		String headerToken = (headers.size() == 1) ? bearerToken(headers.get(0)) : null;
		if (token == null) {
			assertThat(headerToken).as("a well-formed Bearer header is read").isNull();
			assertThat(sessionCookies.stream().filter((c) -> !c.isEmpty()).toList())
				.as("a session cookie is read")
				.isEmpty();
			return;
		}
		assertThat(B64TOKEN.matcher(token).matches()).as("b64token syntax").isTrue();
		assertThat(token.length()).as("length").isLessThanOrEqualTo(MAX_LENGTH);
		assertThat(token.equals(headerToken) || sessionCookies.contains(token)).as("a token the request carries")
			.isTrue();
	}

	/** The token of a {@code Bearer} header in RFC 6750 form, or {@code null}. */
	private static String bearerToken(String header) {
		if (header.length() < 8 || !header.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
			return null;
		}
		String token = header.substring(7);
		return (B64TOKEN.matcher(token).matches() && token.length() <= MAX_LENGTH) ? token : null;
	}

	private static List<String> concat(List<String> a, List<String> b) {
		List<String> all = new ArrayList<>(a);
		all.addAll(b);
		return all;
	}

	/** What the resolver did: a token or none, or a refusal; any other exception escapes. */
	private record Outcome(String token, SessionTokenException rejection) {

		static Outcome of(HttpServletRequest request) {
			try {
				return new Outcome(RESOLVER.resolve(request), null);
			}
			catch (SessionTokenException ex) {
				return new Outcome(null, ex);
			}
		}

	}

}
