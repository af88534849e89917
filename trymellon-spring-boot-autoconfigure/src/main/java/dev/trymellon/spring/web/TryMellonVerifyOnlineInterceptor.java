package dev.trymellon.spring.web;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.trymellon.spring.remote.RemoteSessionChecker;
import dev.trymellon.spring.remote.TryMellonVerifyOnline;

import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.util.Assert;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Enforces {@link TryMellonVerifyOnline} in Spring MVC: before an annotated handler
 * method (or a method of an annotated controller) runs, TryMellon's API must confirm the
 * request's session now; otherwise the entry point answers and the handler is not
 * called. The auto-configuration registers it for every handler.
 *
 * @author TryMellon
 * @since 0.2.0
 */
public final class TryMellonVerifyOnlineInterceptor implements HandlerInterceptor {

	private static final Log logger = LogFactory.getLog(TryMellonVerifyOnlineInterceptor.class);

	private static final Rule NOT_ANNOTATED = new Rule(false, null);

	private final RemoteSessionChecker checker;

	private final SessionTokenResolver resolver;

	private final AuthenticationEntryPoint entryPoint;

	private final Map<Key, Rule> rules = new ConcurrentHashMap<>();

	private SecurityContextHolderStrategy securityContextHolderStrategy = SecurityContextHolder
		.getContextHolderStrategy();

	/**
	 * Creates an interceptor.
	 * @param checker asks TryMellon's API
	 * @param resolver reads the token from the request again
	 * @param entryPoint answers refused requests
	 */
	public TryMellonVerifyOnlineInterceptor(RemoteSessionChecker checker, SessionTokenResolver resolver,
			AuthenticationEntryPoint entryPoint) {
		Assert.notNull(checker, "checker cannot be null");
		Assert.notNull(resolver, "resolver cannot be null");
		Assert.notNull(entryPoint, "entryPoint cannot be null");
		this.checker = checker;
		this.resolver = resolver;
		this.entryPoint = entryPoint;
	}

	/**
	 * Sets the security context holder strategy. Defaults to
	 * {@link SecurityContextHolder#getContextHolderStrategy()}.
	 * @param securityContextHolderStrategy the strategy
	 */
	public void setSecurityContextHolderStrategy(SecurityContextHolderStrategy securityContextHolderStrategy) {
		Assert.notNull(securityContextHolderStrategy, "securityContextHolderStrategy cannot be null");
		this.securityContextHolderStrategy = securityContextHolderStrategy;
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
			throws Exception {
		if (!(handler instanceof HandlerMethod method)) {
			return true;
		}
		Rule rule = this.rules.computeIfAbsent(new Key(method.getBeanType(), method.getMethod()),
				TryMellonVerifyOnlineInterceptor::rule);
		if (!rule.annotated()) {
			return true;
		}
		return OnlineChecks.check(request, response, rule.maxAge(), this.checker, this.resolver, this.entryPoint,
				this.securityContextHolderStrategy);
	}

	private static Rule rule(Key key) {
		TryMellonVerifyOnline annotation = AnnotatedElementUtils.findMergedAnnotation(key.method(),
				TryMellonVerifyOnline.class);
		if (annotation == null) {
			annotation = AnnotatedElementUtils.findMergedAnnotation(key.beanType(), TryMellonVerifyOnline.class);
		}
		if (annotation == null) {
			return NOT_ANNOTATED;
		}
		String maxAge = annotation.maxAge().trim();
		if (maxAge.isEmpty()) {
			return new Rule(true, null);
		}
		try {
			Duration parsed = DurationStyle.detectAndParse(maxAge);
			return new Rule(true, parsed.isNegative() ? null : parsed);
		}
		catch (IllegalArgumentException ex) {
			logger.error("@TryMellonVerifyOnline(maxAge = \"" + maxAge + "\") on " + key.beanType().getName() + "."
					+ key.method().getName() + " is not a duration; every request to it is checked online");
			return new Rule(true, null);
		}
	}

	private record Key(Class<?> beanType, Method method) {
	}

	private record Rule(boolean annotated, @Nullable Duration maxAge) {
	}

}
