package dev.trymellon.spring.web;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import dev.trymellon.spring.remote.RemoteSessionChecker;

import org.springframework.context.ApplicationContext;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.util.Assert;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The online checks of {@link TryMellonConfigurer#verifyOnline(RequestMatcher)}: runs
 * after the {@link TryMellonAuthenticationFilter} and asks TryMellon's API to confirm the
 * session of every request the first matching rule names (see {@link OnlineChecks}).
 */
final class OnlineCheckFilter extends OncePerRequestFilter {

	private final List<Rule> rules;

	private final RemoteSessionChecker checker;

	private final SessionTokenResolver resolver;

	private final AuthenticationEntryPoint entryPoint;

	private final SecurityContextHolderStrategy strategy;

	private OnlineCheckFilter(List<Rule> rules, RemoteSessionChecker checker, SessionTokenResolver resolver,
			AuthenticationEntryPoint entryPoint, SecurityContextHolderStrategy strategy) {
		this.rules = List.copyOf(rules);
		this.checker = checker;
		this.resolver = resolver;
		this.entryPoint = entryPoint;
		this.strategy = strategy;
	}

	static OnlineCheckFilter create(ApplicationContext context, List<Rule> rules, SessionTokenResolver resolver,
			AuthenticationEntryPoint entryPoint, SecurityContextHolderStrategy strategy) {
		RemoteSessionChecker checker = context.getBeanProvider(RemoteSessionChecker.class).getIfUnique();
		Assert.state(checker != null, "TryMellonConfigurer.verifyOnline(...) needs TryMellon's remote API client: "
				+ "add 'spring-boot-starter-restclient' to the application (the auto-configuration then declares a "
				+ "RemoteSessionChecker bean)");
		return new OnlineCheckFilter(rules, checker, resolver, entryPoint, strategy);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		for (Rule rule : this.rules) {
			if (rule.requests().matches(request)) {
				if (!OnlineChecks.check(request, response, rule.maxAge(), this.checker, this.resolver,
						this.entryPoint, this.strategy)) {
					return;
				}
				break;
			}
		}
		chain.doFilter(request, response);
	}

	/**
	 * Requests to check online, and how old a session may be before it is.
	 */
	record Rule(RequestMatcher requests, @Nullable Duration maxAge) {
	}

}
