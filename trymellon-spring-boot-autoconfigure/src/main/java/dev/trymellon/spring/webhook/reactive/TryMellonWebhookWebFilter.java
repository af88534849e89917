package dev.trymellon.spring.webhook.reactive;

import java.util.concurrent.Callable;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.util.Assert;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import dev.trymellon.spring.webhook.DeliveryResult;
import dev.trymellon.spring.webhook.TryMellonWebhookReceiver;
import dev.trymellon.spring.webhook.WebhookHeaders;

/**
 * Reactive {@link WebFilter} that hands TryMellon webhook deliveries on exactly one path to
 * a {@link TryMellonWebhookReceiver} and answers them itself; every other exchange passes
 * down the chain untouched. The counterpart of the servlet
 * {@code dev.trymellon.spring.webhook.servlet.TryMellonWebhookFilter}, with the same
 * checks in the same order and the same answers.
 * <p>
 * An exchange is the webhook when its raw path within the application (less
 * {@code spring.webflux.base-path}) equals the receiver's path character for character
 * (no decoding, no normalisation): variants with a trailing slash, path parameters,
 * percent-encoding or another case are not the webhook and go down the chain to the
 * application's own security. A webhook exchange never goes down the chain, whatever its
 * method, so the filter, ordered ahead of Spring Security's {@code WebFilterChainProxy}
 * ({@value #DEFAULT_ORDER} by default, before its {@code -100}), neither needs nor opens
 * any security rule.
 * <p>
 * The filter checks the method ({@code POST}, else {@code 405} with {@code Allow: POST})
 * and the declared length, lets the receiver check the headers, then reads the body while
 * it streams, counting the bytes of each buffer as it arrives and refusing the first one
 * that would take the total over the receiver's limit ({@code 413}), and answers the
 * receiver's result: its status with {@code Cache-Control: no-store}, an empty body for
 * {@code 200}, else a generic {@code application/problem+json} body that never says which
 * check failed.
 * <p>
 * No call to the receiver runs on the event loop: signature verification, parsing, the
 * de-duplication store (which may be Redis), the application's listeners (which may block
 * on a database) and even the recording of a rejection (which logs and tells the
 * {@code DeliveryListener}s) run on a {@link Scheduler} for blocking work,
 * {@link Schedulers#boundedElastic()} unless another is given.
 *
 * @author TryMellon
 * @since 0.2.0
 */
public final class TryMellonWebhookWebFilter implements WebFilter, Ordered {

	/**
	 * The default order: ten before Spring Security's {@code WebFilterChainProxy}
	 * ({@code WebFluxSecurityConfiguration.WEB_FILTER_CHAIN_FILTER_ORDER}, {@code -100}).
	 */
	public static final int DEFAULT_ORDER = -110;

	private final TryMellonWebhookReceiver receiver;

	private final String path;

	private final long maxBodySize;

	private final Scheduler scheduler;

	private int order = DEFAULT_ORDER;

	/**
	 * Creates a filter answering on the receiver's path, running the receiver on
	 * {@link Schedulers#boundedElastic()}.
	 * @param receiver the receiver
	 */
	public TryMellonWebhookWebFilter(TryMellonWebhookReceiver receiver) {
		this(receiver, Schedulers.boundedElastic());
	}

	/**
	 * Creates a filter answering on the receiver's path.
	 * @param receiver the receiver
	 * @param scheduler where the receiver runs: one that may block, never an event loop
	 */
	public TryMellonWebhookWebFilter(TryMellonWebhookReceiver receiver, Scheduler scheduler) {
		Assert.notNull(receiver, "receiver must not be null");
		Assert.notNull(scheduler, "scheduler must not be null");
		this.receiver = receiver;
		this.path = receiver.getPath();
		this.maxBodySize = receiver.getMaxBodySize();
		this.scheduler = scheduler;
	}

	/**
	 * The path this filter answers on.
	 * @return the path, relative to the application's base path
	 */
	public String getPath() {
		return this.path;
	}

	@Override
	public int getOrder() {
		return this.order;
	}

	/**
	 * Sets the order of this filter among the application's {@link WebFilter}s (default
	 * {@value #DEFAULT_ORDER}); keep it below {@code -100} so that the filter runs before
	 * Spring Security.
	 * @param order the order
	 */
	public void setOrder(int order) {
		this.order = order;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		ServerHttpRequest request = exchange.getRequest();
		if (!this.path.equals(request.getPath().pathWithinApplication().value())) {
			return chain.filter(exchange);
		}
		return receive(request).flatMap((result) -> answer(exchange.getResponse(), result));
	}

	private Mono<DeliveryResult> receive(ServerHttpRequest request) {
		if (!HttpMethod.POST.equals(request.getMethod())) {
			return offload(() -> this.receiver.reject(DeliveryResult.METHOD_NOT_ALLOWED));
		}
		long declaredLength = request.getHeaders().getContentLength();
		if (declaredLength > this.maxBodySize) {
			return offload(() -> this.receiver.reject(DeliveryResult.BODY_TOO_LARGE));
		}
		HttpHeaders requestHeaders = request.getHeaders();
		WebhookHeaders headers = requestHeaders::getOrEmpty;
		return offload(() -> this.receiver.checkHeaders(headers))
			.switchIfEmpty(Mono.defer(() -> BoundedBodyReader.read(request.getBody(), declaredLength, this.maxBodySize)
				.publishOn(this.scheduler)
				.map((body) -> this.receiver.receive(headers, body))
				.onErrorResume(BodyReadException.class, (ex) -> offload(() -> this.receiver.reject(ex.result())))));
	}

	/**
	 * Calls the receiver on the scheduler; a {@code null} answer completes empty.
	 */
	private Mono<DeliveryResult> offload(Callable<@Nullable DeliveryResult> call) {
		return Mono.fromCallable(call).subscribeOn(this.scheduler);
	}

	private static Mono<Void> answer(ServerHttpResponse response, DeliveryResult result) {
		response.setStatusCode(HttpStatusCode.valueOf(result.status()));
		HttpHeaders headers = response.getHeaders();
		headers.setCacheControl("no-store");
		if (result == DeliveryResult.METHOD_NOT_ALLOWED) {
			headers.set(HttpHeaders.ALLOW, "POST");
		}
		byte[] problem = result.problemBody();
		headers.setContentLength(problem.length);
		if (problem.length == 0) {
			return response.setComplete();
		}
		headers.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
		return response.writeWith(Mono.fromSupplier(() -> response.bufferFactory().wrap(problem)));
	}

	@Override
	public String toString() {
		return "TryMellonWebhookWebFilter[" + this.path + "]";
	}

}
