package dev.trymellon.sample.gateway;

import java.util.Optional;

import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.web.server.ServerWebExchange;

import dev.trymellon.spring.session.TryMellonSession;

/**
 * Passes the verified TryMellon user id downstream in {@value #HEADER}. Every copy of that
 * header the client sent, in any case, is removed first, on every route and whether or
 * not the exchange is authenticated, so the downstream service can trust the header: it
 * holds the user id of a session the gateway verified, or it is absent.
 *
 * @author TryMellon
 * @since 0.2.0
 */
public class VerifiedUserIdHeaderFilter implements GlobalFilter, Ordered {

	/** The header the downstream service reads the user id from. */
	public static final String HEADER = "X-TryMellon-User-Id";

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		return ReactiveSecurityContextHolder.getContext()
			.map(SecurityContext::getAuthentication)
			.filter(Authentication::isAuthenticated)
			.map(Authentication::getPrincipal)
			.ofType(TryMellonSession.class)
			.map((session) -> Optional.of(session.getUserId()))
			.defaultIfEmpty(Optional.empty())
			.flatMap((userId) -> chain.filter(exchange.mutate().request((request) -> request.headers((headers) -> {
				headers.remove(HEADER);
				userId.ifPresent((id) -> headers.set(HEADER, id));
			})).build()));
	}

	/**
	 * Before the routing filters, which send the request downstream.
	 */
	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
