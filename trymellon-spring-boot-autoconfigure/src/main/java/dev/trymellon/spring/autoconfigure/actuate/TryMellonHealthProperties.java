package dev.trymellon.spring.autoconfigure.actuate;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the {@code trymellon} health indicator.
 *
 * @author TryMellon
 * @since 0.2.0
 */
@ConfigurationProperties("trymellon.health")
public class TryMellonHealthProperties {

	/**
	 * Whether the 'trymellon' health indicator is DOWN while the shared revocation store
	 * (Redis) is unreachable. Off by default: tokens are still checked against the
	 * replica's in-memory view, and the details report the store's state.
	 */
	private boolean downWhenRedisUnreachable;

	public boolean isDownWhenRedisUnreachable() {
		return this.downWhenRedisUnreachable;
	}

	public void setDownWhenRedisUnreachable(boolean downWhenRedisUnreachable) {
		this.downWhenRedisUnreachable = downWhenRedisUnreachable;
	}

}
