package dev.trymellon.spring.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.nimbusds.jose.JWSAlgorithm;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.trymellon.spring.authority.ClaimsSessionAuthoritiesMapper.ClaimMapping;
import dev.trymellon.spring.authority.LookupSessionAuthoritiesMapper;
import dev.trymellon.spring.redis.RedisRevocationStore;
import dev.trymellon.spring.revocation.RevocationWebhookListener;
import dev.trymellon.spring.session.offline.JwksKeySource;
import dev.trymellon.spring.session.offline.OfflineSessionTokenVerifier;
import dev.trymellon.spring.session.offline.VerifiedTokenCache;
import dev.trymellon.spring.webhook.TryMellonWebhookReceiver;

import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.core.convert.ConversionService;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each library-backed {@code trymellon.*} property has one default, the library's: the
 * property is unset unless configured, and the default its metadata shows users (IDE
 * completion, {@code docs/configuration.md}) is the library's constant.
 */
class ConfigurationDefaultsTests {

	private static final ConversionService conversion = ApplicationConversionService.getSharedInstance();

	private final JsonNode metadata = read();

	private static JsonNode read() {
		try {
			return JsonMapper.builder()
				.build()
				.readTree(Path.of("target", "classes", "META-INF", "spring-configuration-metadata.json").toFile());
		}
		catch (RuntimeException ex) {
			throw new IllegalStateException("Build the module first: the metadata is generated at compile time", ex);
		}
	}

	private JsonNode defaultOf(String name) {
		for (JsonNode property : this.metadata.get("properties")) {
			if (property.get("name").asString().equals(name)) {
				JsonNode value = property.get("defaultValue");
				assertThat(value).as("defaultValue of " + name).isNotNull();
				return value;
			}
		}
		throw new AssertionError("No metadata for " + name);
	}

	private <T> T defaultOf(String name, Class<T> type) {
		return conversion.convert(defaultOf(name).asString(), type);
	}

	private List<String> listDefaultOf(String name) {
		List<String> values = new ArrayList<>();
		defaultOf(name).forEach((value) -> values.add(value.asString()));
		return values;
	}

	@Test
	void jwksDefaultsWhenShownToUsersThenAreTheKeySourcesConstants() {
		assertThat(defaultOf("trymellon.jwks.ttl", Duration.class)).isEqualTo(JwksKeySource.DEFAULT_TTL);
		assertThat(defaultOf("trymellon.jwks.refresh-ahead", Duration.class))
			.isEqualTo(JwksKeySource.DEFAULT_REFRESH_AHEAD);
		assertThat(defaultOf("trymellon.jwks.refresh-cooldown", Duration.class))
			.isEqualTo(JwksKeySource.DEFAULT_REFRESH_COOLDOWN);
		assertThat(defaultOf("trymellon.jwks.max-stale", Duration.class)).isEqualTo(JwksKeySource.DEFAULT_MAX_STALE);
		assertThat(defaultOf("trymellon.jwks.connect-timeout", Duration.class))
			.isEqualTo(JwksKeySource.DEFAULT_CONNECT_TIMEOUT);
		assertThat(defaultOf("trymellon.jwks.read-timeout", Duration.class))
			.isEqualTo(JwksKeySource.DEFAULT_READ_TIMEOUT);
		assertThat(defaultOf("trymellon.jwks.max-size", DataSize.class).toBytes())
			.isEqualTo(JwksKeySource.DEFAULT_MAX_SIZE);
	}

	@Test
	void tokenDefaultsWhenShownToUsersThenAreTheVerifiersConstants() {
		assertThat(defaultOf("trymellon.token.clock-skew", Duration.class))
			.isEqualTo(OfflineSessionTokenVerifier.DEFAULT_CLOCK_SKEW);
		assertThat(defaultOf("trymellon.token.max-lifetime", Duration.class))
			.isEqualTo(OfflineSessionTokenVerifier.DEFAULT_MAX_LIFETIME);
		assertThat(defaultOf("trymellon.token.max-length").asInt())
			.isEqualTo(OfflineSessionTokenVerifier.DEFAULT_MAX_LENGTH);
		assertThat(listDefaultOf("trymellon.token.algorithms")).containsExactlyInAnyOrderElementsOf(
				OfflineSessionTokenVerifier.DEFAULT_ALGORITHMS.stream().map(JWSAlgorithm::getName).toList());
		assertThat(defaultOf("trymellon.token.cache.max-size").asLong()).isEqualTo(VerifiedTokenCache.DEFAULT_MAX_SIZE);
		assertThat(listDefaultOf("trymellon.revocation.session-id-claims"))
			.isEqualTo(OfflineSessionTokenVerifier.DEFAULT_SESSION_ID_CLAIMS);
		assertThat(defaultOf("trymellon.sandbox.token").asString())
			.isEqualTo(OfflineSessionTokenVerifier.DEFAULT_SANDBOX_TOKEN);
	}

	@Test
	void webhookDefaultsWhenShownToUsersThenAreTheReceiversConstants() {
		assertThat(defaultOf("trymellon.webhook.path").asString()).isEqualTo(TryMellonWebhookReceiver.DEFAULT_PATH);
		assertThat(listDefaultOf("trymellon.webhook.signature-headers"))
			.isEqualTo(TryMellonWebhookReceiver.DEFAULT_SIGNATURE_HEADERS);
		assertThat(defaultOf("trymellon.webhook.tolerance", Duration.class))
			.isEqualTo(TryMellonWebhookReceiver.DEFAULT_TOLERANCE);
		assertThat(defaultOf("trymellon.webhook.max-body-size", DataSize.class).toBytes())
			.isEqualTo(TryMellonWebhookReceiver.DEFAULT_MAX_BODY_SIZE);
		assertThat(defaultOf("trymellon.webhook.replay-ttl", Duration.class))
			.isEqualTo(TryMellonWebhookReceiver.DEFAULT_REPLAY_TTL);
		assertThat(defaultOf("trymellon.webhook.processing-lease", Duration.class))
			.isEqualTo(TryMellonWebhookReceiver.DEFAULT_PROCESSING_LEASE);
	}

	@Test
	void authoritiesRevocationAndRedisDefaultsWhenShownToUsersThenAreTheLibrarysConstants() {
		assertThat(defaultOf("trymellon.authorities.cache.ttl", Duration.class))
			.isEqualTo(LookupSessionAuthoritiesMapper.DEFAULT_TIME_TO_LIVE);
		assertThat(defaultOf("trymellon.authorities.cache.max-size").asLong())
			.isEqualTo(LookupSessionAuthoritiesMapper.DEFAULT_MAXIMUM_SIZE);
		assertThat(defaultOf("trymellon.revocation.retention", Duration.class))
			.isEqualTo(RevocationWebhookListener.DEFAULT_RETENTION);
		assertThat(defaultOf("trymellon.redis.key-prefix").asString()).isEqualTo(RedisRevocationStore.DEFAULT_KEY_PREFIX);
		assertThat(defaultOf("trymellon.redis.resync-interval", Duration.class))
			.isEqualTo(RedisRevocationStore.DEFAULT_RESYNC_INTERVAL);
	}

	@Test
	void groupsWhenNotSetThenAreNullSoTheLibraryDefaultApplies() {
		TryMellonProperties properties = new TryMellonProperties();
		TryMellonProperties.Webhook webhook = properties.getWebhook();
		TryMellonProperties.Authorities.Cache cache = properties.getAuthorities().getCache();
		TryMellonProperties.Authorities.ClaimMapping mapping = new TryMellonProperties.Authorities.ClaimMapping();
		assertThat(new Object[] { webhook.getPath(), webhook.getSignatureHeaders(), webhook.getTolerance(),
				webhook.getMaxBodySize(), webhook.getReplayTtl(), webhook.getProcessingLease(), cache.getTtl(),
				cache.getMaxSize(), mapping.getPrefix(), mapping.getDelimiter(), mapping.getUpperCase(),
				properties.getRevocation().getRetention(), properties.getRedis().getKeyPrefix(),
				properties.getRedis().getResyncInterval() })
			.containsOnlyNulls();
		assertThat(PropertyChecks.redisKeyPrefix(properties)).isEqualTo(RedisRevocationStore.DEFAULT_KEY_PREFIX);
		assertThat(ClaimMapping.DEFAULT.delimiter()).isEqualTo(", ");
		assertThat(ClaimMapping.DEFAULT.upperCase()).isTrue();
	}

	@Test
	void libraryBackedPropertiesWhenNotSetThenAreNullSoTheLibraryDefaultApplies() {
		TryMellonProperties properties = new TryMellonProperties();
		TryMellonProperties.Jwks jwks = properties.getJwks();
		TryMellonProperties.Token token = properties.getToken();
		assertThat(new Object[] { jwks.getTtl(), jwks.getRefreshAhead(), jwks.getRefreshCooldown(),
				jwks.getMaxStale(), jwks.getConnectTimeout(), jwks.getReadTimeout(), jwks.getMaxSize(),
				token.getClockSkew(), token.getMaxLifetime(), token.getMaxLength(), token.getAlgorithms(),
				token.getCache().getMaxSize(), properties.getRevocation().getSessionIdClaims(),
				properties.getSandbox().getToken() })
			.containsOnlyNulls();
	}

	@Test
	void sharedTokenValuesWhenNotSetThenTheVerifiersDefaults() {
		TryMellonProperties properties = new TryMellonProperties();
		assertThat(PropertyChecks.clockSkew(properties)).isEqualTo(OfflineSessionTokenVerifier.DEFAULT_CLOCK_SKEW);
		assertThat(PropertyChecks.maxLifetime(properties)).isEqualTo(OfflineSessionTokenVerifier.DEFAULT_MAX_LIFETIME);
		assertThat(PropertyChecks.maxLength(properties)).isEqualTo(OfflineSessionTokenVerifier.DEFAULT_MAX_LENGTH);
	}

}
