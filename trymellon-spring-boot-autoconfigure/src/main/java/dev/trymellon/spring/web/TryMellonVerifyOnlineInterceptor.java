package dev.trymellon.spring.web;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.trymellon.spring.remote.RemoteSessionChecker;
import dev.trymellon.spring.remote.TryMellonVerifyOnline;
import dev.trymellon.spring.web.internal.OnlineCheckRule;

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

	private final RemoteSessionChecker checker;

	private final SessionTokenResolver resolver;

	private final AuthenticationEntryPoint entryPoint;

	private final Map<Key, OnlineCheckRule> rules = new ConcurrentHashMap<>();

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
		OnlineCheckRule rule = this.rules.computeIfAbsent(new Key(method.getBeanType(), method.getMethod()),
				(key) -> OnlineCheckRule.of(key.beanType(), key.method()));
		if (!rule.annotated()) {
			return true;
		}
		return OnlineChecks.check(request, response, rule.maxAge(), this.checker, this.resolver, this.entryPoint,
				this.securityContextHolderStrategy);
	}

	private record Key(Class<?> beanType, Method method) {
	}

}
