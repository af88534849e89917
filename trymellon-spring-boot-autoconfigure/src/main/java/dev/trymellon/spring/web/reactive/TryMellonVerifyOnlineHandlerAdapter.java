package dev.trymellon.spring.web.reactive;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import dev.trymellon.spring.remote.RemoteSessionChecker;
import dev.trymellon.spring.remote.TryMellonVerifyOnline;
import dev.trymellon.spring.web.internal.OnlineCheckRule;

import org.springframework.beans.factory.BeanFactoryUtils;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextAware;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.AnnotationAwareOrderComparator;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;
import org.springframework.util.Assert;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.reactive.HandlerAdapter;
import org.springframework.web.reactive.HandlerResult;
import org.springframework.web.server.ServerWebExchange;

/**
 * Enforces {@link TryMellonVerifyOnline} in WebFlux, the reactive counterpart of the
 * servlet {@code TryMellonVerifyOnlineInterceptor}: a {@link HandlerAdapter} ordered
 * first, which takes the annotated handler methods (and the methods of annotated
 * controllers), has TryMellon's API confirm the exchange's session, and only then hands
 * the handler to the adapter that would have run it (Spring's
 * {@code RequestMappingHandlerAdapter}); a refused exchange is answered by the entry point
 * and the handler is not called. Being part of the dispatch rather than of a security
 * filter chain, it checks every annotated handler whatever chains the application
 * declares; an exchange that no TryMellon session authenticated is refused
 * ({@code TOKEN_MISSING}). The call to the API runs on the
 * {@link #setScheduler(Scheduler) scheduler}, never on the event loop. The token checked
 * is the one TryMellon's authentication filter authenticated, else the one the converter
 * reads. The auto-configuration declares it in reactive applications.
 *
 * @author TryMellon
 * @since 0.2.0
 */
public final class TryMellonVerifyOnlineHandlerAdapter implements HandlerAdapter, Ordered, ApplicationContextAware {

	private final RemoteSessionChecker checker;

	private final ServerAuthenticationConverter converter;

	private final ServerAuthenticationEntryPoint entryPoint;

	private final Map<Key, OnlineCheckRule> rules = new ConcurrentHashMap<>();

	private Scheduler scheduler = Schedulers.boundedElastic();

	private @Nullable ApplicationContext context;

	private volatile @Nullable List<HandlerAdapter> delegates;

	/**
	 * Creates an adapter.
	 * @param checker asks TryMellon's API
	 * @param converter reads the token of an exchange TryMellon's filter did not
	 * authenticate
	 * @param entryPoint answers refused exchanges
	 */
	public TryMellonVerifyOnlineHandlerAdapter(RemoteSessionChecker checker, ServerAuthenticationConverter converter,
			ServerAuthenticationEntryPoint entryPoint) {
		Assert.notNull(checker, "checker cannot be null");
		Assert.notNull(converter, "converter cannot be null");
		Assert.notNull(entryPoint, "entryPoint cannot be null");
		this.checker = checker;
		this.converter = converter;
		this.entryPoint = entryPoint;
	}

	/**
	 * Sets the scheduler the call to the API runs on. Defaults to
	 * {@link Schedulers#boundedElastic()}.
	 * @param scheduler the scheduler
	 */
	public void setScheduler(Scheduler scheduler) {
		Assert.notNull(scheduler, "scheduler cannot be null");
		this.scheduler = scheduler;
	}

	@Override
	public void setApplicationContext(ApplicationContext context) {
		this.context = context;
	}

	/**
	 * First of all adapters, so that no other one runs an annotated handler unchecked.
	 */
	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	@Override
	public boolean supports(Object handler) {
		return handler instanceof HandlerMethod method && rule(method).annotated();
	}

	@Override
	public Mono<HandlerResult> handle(ServerWebExchange exchange, Object handler) {
		HandlerMethod method = (HandlerMethod) handler;
		HandlerAdapter delegate = delegate(handler);
		return ReactiveOnlineChecks
			.check(exchange, rule(method).maxAge(), this.checker, this.converter, this.entryPoint, this.scheduler)
			.flatMap((passed) -> passed ? delegate.handle(exchange, handler) : Mono.empty());
	}

	private OnlineCheckRule rule(HandlerMethod method) {
		return this.rules.computeIfAbsent(new Key(method.getBeanType(), method.getMethod()),
				(key) -> OnlineCheckRule.of(key.beanType(), key.method()));
	}

	private HandlerAdapter delegate(Object handler) {
		List<HandlerAdapter> adapters = this.delegates;
		if (adapters == null) {
			ApplicationContext context = this.context;
			Assert.state(context != null, "TryMellonVerifyOnlineHandlerAdapter needs the application context");
			adapters = new ArrayList<>(
					BeanFactoryUtils.beansOfTypeIncludingAncestors(context, HandlerAdapter.class, true, false)
						.values());
			adapters.removeIf((adapter) -> adapter == this || adapter instanceof TryMellonVerifyOnlineHandlerAdapter);
			AnnotationAwareOrderComparator.sort(adapters);
			this.delegates = List.copyOf(adapters);
		}
		for (HandlerAdapter adapter : adapters) {
			if (adapter.supports(handler)) {
				return adapter;
			}
		}
		throw new IllegalStateException("No HandlerAdapter after TryMellon's online check for " + handler);
	}

	private record Key(Class<?> beanType, Method method) {
	}

}
