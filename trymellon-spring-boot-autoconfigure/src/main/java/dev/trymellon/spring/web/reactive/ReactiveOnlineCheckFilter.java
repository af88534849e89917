package dev.trymellon.spring.web.reactive;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import dev.trymellon.spring.remote.RemoteSessionChecker;

import org.springframework.context.ApplicationContext;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.util.Assert;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * The online checks of {@link TryMellonReactiveConfigurer#verifyOnline(ServerWebExchangeMatcher)}:
 * runs after TryMellon's authentication filter and has TryMellon's API confirm the
 * session of every exchange the first matching rule names (see
 * {@link ReactiveOnlineChecks}), off the event loop.
 */
final class ReactiveOnlineCheckFilter implements WebFilter {

	private final List<Rule> rules;

	private final RemoteSessionChecker checker;

	private final ServerAuthenticationConverter converter;

	private final ServerAuthenticationEntryPoint entryPoint;

	private ReactiveOnlineCheckFilter(List<Rule> rules, RemoteSessionChecker checker,
			ServerAuthenticationConverter converter, ServerAuthenticationEntryPoint entryPoint) {
		this.rules = List.copyOf(rules);
		this.checker = checker;
		this.converter = converter;
		this.entryPoint = entryPoint;
	}

	static ReactiveOnlineCheckFilter create(ApplicationContext context, List<Rule> rules,
			ServerAuthenticationConverter converter, ServerAuthenticationEntryPoint entryPoint) {
		RemoteSessionChecker checker = context.getBeanProvider(RemoteSessionChecker.class).getIfUnique();
		Assert.state(checker != null,
				"TryMellonReactiveConfigurer.verifyOnline(...) needs TryMellon's remote API client: add "
						+ "'spring-boot-starter-restclient' to the application (the auto-configuration then declares "
						+ "a RemoteSessionChecker bean)");
		return new ReactiveOnlineCheckFilter(rules, checker, converter, entryPoint);
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		return Flux.fromIterable(this.rules)
			.concatMap((rule) -> rule.exchanges()
				.matches(exchange)
				.filter(ServerWebExchangeMatcher.MatchResult::isMatch)
				.map((match) -> rule))
			.next()
			.flatMap((rule) -> ReactiveOnlineChecks.check(exchange, rule.maxAge(), this.checker, this.converter,
					this.entryPoint, Schedulers.boundedElastic()))
			.defaultIfEmpty(true)
			.flatMap((passed) -> passed ? chain.filter(exchange) : Mono.empty());
	}

	/**
	 * Exchanges to check online, and how old a session may be before it is.
	 */
	record Rule(ServerWebExchangeMatcher exchanges, @Nullable Duration maxAge) {
	}

}
