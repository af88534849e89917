package dev.trymellon.spring.web.internal;

import java.lang.reflect.Method;
import java.time.Duration;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.trymellon.spring.remote.TryMellonVerifyOnline;

import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.annotation.AnnotatedElementUtils;

/**
 * What {@link TryMellonVerifyOnline} asks of a handler method, read once per method by
 * the servlet interceptor and the reactive handler adapter alike: the method's annotation
 * wins over its class's; an empty or unreadable {@code maxAge} checks every request.
 *
 * @param annotated whether the method or its class carries the annotation
 * @param maxAge re-check only sessions older than this, or {@code null} to check every
 * request
 * @author TryMellon
 * @since 0.2.0
 */
public record OnlineCheckRule(boolean annotated, @Nullable Duration maxAge) {

	private static final Log logger = LogFactory.getLog(OnlineCheckRule.class);

	/**
	 * The rule of a handler that carries no annotation.
	 */
	public static final OnlineCheckRule NOT_ANNOTATED = new OnlineCheckRule(false, null);

	/**
	 * Reads the rule of a handler method.
	 * @param beanType the handler's class (whose annotation applies to all its methods)
	 * @param method the handler method
	 * @return the rule, {@link #NOT_ANNOTATED} without annotation
	 */
	public static OnlineCheckRule of(Class<?> beanType, Method method) {
		TryMellonVerifyOnline annotation = AnnotatedElementUtils.findMergedAnnotation(method,
				TryMellonVerifyOnline.class);
		if (annotation == null) {
			annotation = AnnotatedElementUtils.findMergedAnnotation(beanType, TryMellonVerifyOnline.class);
		}
		if (annotation == null) {
			return NOT_ANNOTATED;
		}
		String maxAge = annotation.maxAge().trim();
		if (maxAge.isEmpty()) {
			return new OnlineCheckRule(true, null);
		}
		try {
			Duration parsed = DurationStyle.detectAndParse(maxAge);
			return new OnlineCheckRule(true, parsed.isNegative() ? null : parsed);
		}
		catch (IllegalArgumentException ex) {
			logger.error("@TryMellonVerifyOnline(maxAge = \"" + maxAge + "\") on " + beanType.getName() + "."
					+ method.getName() + " is not a duration; every request to it is checked online");
			return new OnlineCheckRule(true, null);
		}
	}

	/**
	 * Whether a handler method or its class carries the annotation.
	 * @param beanType the handler's class
	 * @param method the handler method
	 * @return {@code true} when requests to it are checked online
	 */
	public static boolean isAnnotated(Class<?> beanType, Method method) {
		return AnnotatedElementUtils.hasAnnotation(method, TryMellonVerifyOnline.class)
				|| AnnotatedElementUtils.hasAnnotation(beanType, TryMellonVerifyOnline.class);
	}

}
