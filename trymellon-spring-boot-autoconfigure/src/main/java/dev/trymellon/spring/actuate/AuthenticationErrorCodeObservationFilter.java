package dev.trymellon.spring.actuate;

import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationFilter;
import org.jspecify.annotations.Nullable;

import dev.trymellon.spring.session.SessionTokenException;

import org.springframework.security.authentication.AuthenticationObservationContext;

/**
 * Adds the TryMellon error code to Spring Security's own authentication observation
 * ({@code spring.security.authentications}): the low-cardinality key {@value #KEY}, the
 * {@link dev.trymellon.spring.session.TryMellonErrorCode} of a refused session token, or
 * {@code none} for every other outcome and authentication (the key is on every such
 * observation, so that the meters of one name keep one set of tags). A bounded set of
 * values, never the token or the user.
 *
 * @author TryMellon
 * @since 0.2.0
 */
public class AuthenticationErrorCodeObservationFilter implements ObservationFilter {

	/** The key added. */
	public static final String KEY = "trymellon.error.code";

	private static final KeyValue NONE = KeyValue.of(KEY, "none");

	@Override
	public Observation.Context map(Observation.Context context) {
		if (context instanceof AuthenticationObservationContext) {
			SessionTokenException refusal = refusal(context.getError());
			context.addLowCardinalityKeyValue(
					(refusal != null) ? KeyValue.of(KEY, refusal.getErrorCode().name()) : NONE);
		}
		return context;
	}

	private static @Nullable SessionTokenException refusal(
			@Nullable Throwable error) {
		for (Throwable cause = error; cause != null; cause = cause.getCause()) {
			if (cause instanceof SessionTokenException refusal) {
				return refusal;
			}
			if (cause.getCause() == cause) {
				break;
			}
		}
		return null;
	}

}
