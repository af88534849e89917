package dev.trymellon.spring.web;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.servlet.ServletException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.trymellon.spring.session.TryMellonSession;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The filter alone: Spring Security 7's authority merge, and internal errors answered and
 * logged once.
 */
@ExtendWith(OutputCaptureExtension.class)
class TryMellonAuthenticationFilterTests {

	private static final GrantedAuthority PASSWORD = FactorGrantedAuthority
		.fromAuthority(FactorGrantedAuthority.PASSWORD_AUTHORITY);

	private final TryMellonAuthenticationFilter filter = new TryMellonAuthenticationFilter(
			new TryMellonAuthenticationManagerResolver(
					new TryMellonAuthenticationProvider(
							(token) -> TryMellonSession.builder(token).build(),
							(session) -> List.of(new SimpleGrantedAuthority("ROLE_USER"))),
					new org.springframework.security.authentication.DefaultAuthenticationEventPublisher()));

	@AfterEach
	void clearContext() {
		SecurityContextHolder.clearContext();
	}

	@Test
	void mergeWhenSameUserAuthenticatedByAnotherMechanismThenItsFactorsAdded() throws Exception {
		Authentication result = authenticate("user_1", UsernamePasswordAuthenticationToken.authenticated("user_1",
				"", List.of(PASSWORD, new SimpleGrantedAuthority("ROLE_USER"))));
		assertThat(result).isInstanceOf(TryMellonAuthentication.class);
		assertThat(result.getAuthorities()).extracting(GrantedAuthority::getAuthority)
			.containsExactly("ROLE_USER", "FACTOR_BEARER", "FACTOR_PASSWORD");
	}

	@Test
	void mergeWhenAnotherUserThenNothingOfTheirsAdded() throws Exception {
		Authentication result = authenticate("user_1",
				UsernamePasswordAuthenticationToken.authenticated("user_2", "", List.of(PASSWORD)));
		assertThat(result.getName()).isEqualTo("user_1");
		assertThat(result.getAuthorities()).extracting(GrantedAuthority::getAuthority)
			.containsExactly("ROLE_USER", "FACTOR_BEARER");
	}

	@Test
	void mergeWhenEarlierTryMellonAuthenticationThenReplacedNotMerged() throws Exception {
		TryMellonAuthentication earlier = new TryMellonAuthentication(TryMellonSession.builder("user_1").build(),
				List.of(new SimpleGrantedAuthority("ROLE_ADMIN")));
		Authentication result = authenticate("user_1", earlier);
		assertThat(result).isNotSameAs(earlier);
		assertThat(result.getAuthorities()).extracting(GrantedAuthority::getAuthority)
			.containsExactly("ROLE_USER", "FACTOR_BEARER");
	}

	@Test
	void mergeWhenPreviousAuthenticationNotAuthenticatedThenNotMerged() throws Exception {
		TestingAuthenticationToken unauthenticated = new TestingAuthenticationToken("user_1", "", List.of(PASSWORD));
		unauthenticated.setAuthenticated(false);
		Authentication result = authenticate("user_1", unauthenticated);
		assertThat(result.getAuthorities()).extracting(GrantedAuthority::getAuthority)
			.containsExactly("ROLE_USER", "FACTOR_BEARER");
	}

	@Test
	void resolverBugThen500AndOneErrorLine(CapturedOutput output) throws Exception {
		this.filter.setTokenResolver((request) -> {
			throw new IllegalStateException("resolver bug near secret-token-material");
		});
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/me");
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.filter.doFilter(request, response, (req, res) -> {
			throw new AssertionError("the chain must not continue");
		});
		assertThat(response.getStatus()).isEqualTo(500);
		assertThat(response.getContentAsString()).contains("The request could not be authenticated.")
			.doesNotContain("secret-token-material");
		String log = output.getAll();
		assertThat(log.split("failed with an internal error", -1)).hasSize(2);
		assertThat(log).contains("java.lang.IllegalStateException").doesNotContain("secret-token-material");
	}

	private Authentication authenticate(String user, Authentication previous) throws ServletException, java.io.IOException {
		SecurityContext context = SecurityContextHolder.createEmptyContext();
		context.setAuthentication(previous);
		SecurityContextHolder.setContext(context);
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/me");
		request.addHeader("Authorization", "Bearer " + user);
		AtomicReference<Authentication> seen = new AtomicReference<>();
		this.filter.doFilter(request, new MockHttpServletResponse(),
				(req, res) -> seen.set(SecurityContextHolder.getContext().getAuthentication()));
		assertThat(seen.get()).isNotNull();
		return seen.get();
	}

}
