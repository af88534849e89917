package dev.trymellon.spring.webhook.servlet;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.util.Assert;

import dev.trymellon.spring.webhook.DeliveryResult;
import dev.trymellon.spring.webhook.TryMellonWebhookReceiver;
import dev.trymellon.spring.webhook.WebhookHeaders;

/**
 * Servlet filter that hands TryMellon webhook deliveries on exactly one path to a
 * {@link TryMellonWebhookReceiver} and answers them itself; every other request passes
 * through untouched.
 * <p>
 * A request is the webhook when its URI, less the context path, equals the receiver's
 * path character for character (no decoding, no normalisation): variants with a
 * trailing slash, path parameters ({@code ;x=y}), percent-encoding or another case are
 * not the webhook and go down the chain to the application's own security. A webhook
 * request is never passed down the chain, whatever its method, so the filter, when
 * registered ahead of Spring Security, neither needs nor opens any security rule.
 * <p>
 * The filter checks the method ({@code POST}, else {@code 405} with
 * {@code Allow: POST}) and the declared length, lets the receiver check the headers, then
 * reads the body, holding at most one byte more than the receiver's limit whatever the
 * transfer encoding, and answers the receiver's result: its status with
 * {@code Cache-Control: no-store}, an empty body for {@code 200}, else a generic
 * {@code application/problem+json} body that never says which check failed. (Before
 * 0.2.0 this filter was {@code dev.trymellon.spring.webhook.TryMellonWebhookFilter} and ran
 * the checks itself.)
 *
 * @author TryMellon
 * @since 0.2.0
 */
public final class TryMellonWebhookFilter implements Filter {

	private final TryMellonWebhookReceiver receiver;

	private final String path;

	/**
	 * Creates a filter answering on the receiver's path.
	 * @param receiver the receiver
	 */
	public TryMellonWebhookFilter(TryMellonWebhookReceiver receiver) {
		Assert.notNull(receiver, "receiver must not be null");
		this.receiver = receiver;
		this.path = receiver.getPath();
	}

	/**
	 * The path this filter answers on.
	 * @return the path, relative to the context path
	 */
	public String getPath() {
		return this.path;
	}

	@Override
	public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
			throws IOException, ServletException {
		if (request instanceof HttpServletRequest httpRequest && response instanceof HttpServletResponse httpResponse
				&& isWebhookPath(httpRequest)) {
			answer(httpResponse, receive(httpRequest));
			return;
		}
		chain.doFilter(request, response);
	}

	private boolean isWebhookPath(HttpServletRequest request) {
		String uri = request.getRequestURI();
		String contextPath = request.getContextPath();
		if (uri == null || contextPath == null || !uri.startsWith(contextPath)) {
			return false;
		}
		return uri.length() - contextPath.length() == this.path.length() && uri.endsWith(this.path);
	}

	private DeliveryResult receive(HttpServletRequest request) {
		if (!"POST".equals(request.getMethod())) {
			return this.receiver.reject(DeliveryResult.METHOD_NOT_ALLOWED);
		}
		long declaredLength = request.getContentLengthLong();
		if (declaredLength > this.receiver.getMaxBodySize()) {
			return this.receiver.reject(DeliveryResult.BODY_TOO_LARGE);
		}
		WebhookHeaders headers = (name) -> headerValues(request, name);
		DeliveryResult rejection = this.receiver.checkHeaders(headers);
		if (rejection != null) {
			return rejection;
		}
		byte[] body;
		try {
			body = BoundedBody.read(request.getInputStream(), declaredLength, this.receiver.getMaxBodySize());
		}
		catch (IOException ex) {
			return this.receiver.reject(DeliveryResult.BODY_UNREADABLE);
		}
		if (body == null) {
			return this.receiver.reject(DeliveryResult.BODY_TOO_LARGE);
		}
		return this.receiver.receive(headers, body);
	}

	private static List<String> headerValues(HttpServletRequest request, String name) {
		Enumeration<String> values = request.getHeaders(name);
		if (values == null || !values.hasMoreElements()) {
			return Collections.emptyList();
		}
		String first = values.nextElement();
		if (!values.hasMoreElements()) {
			return Collections.singletonList(first);
		}
		List<String> all = new ArrayList<>();
		all.add(first);
		while (values.hasMoreElements()) {
			all.add(values.nextElement());
		}
		return all;
	}

	private static void answer(HttpServletResponse response, DeliveryResult result) throws IOException {
		response.setStatus(result.status());
		response.setHeader("Cache-Control", "no-store");
		if (result == DeliveryResult.METHOD_NOT_ALLOWED) {
			response.setHeader("Allow", "POST");
		}
		byte[] problem = result.problemBody();
		if (problem.length > 0) {
			response.setContentType("application/problem+json");
			response.setContentLength(problem.length);
			response.getOutputStream().write(problem);
		}
		else {
			response.setContentLength(0);
		}
		response.flushBuffer();
	}

	@Override
	public String toString() {
		return "TryMellonWebhookFilter[" + this.path + "]";
	}

}
