package dev.trymellon.spring.autoconfigure;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.trymellon.spring.revocation.RevocationStore;
import dev.trymellon.spring.revocation.RevocationStoreStatus;
import dev.trymellon.spring.session.SessionTokenVerifier;
import dev.trymellon.spring.session.offline.JwksKeySource;
import dev.trymellon.spring.session.offline.VerifiedTokenCache;
import dev.trymellon.spring.webhook.TryMellonWebhookReceiver;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.core.io.Resource;

/**
 * Logs one INFO line once the context's singletons exist: what TryMellon checks tokens
 * with and where its parts are. Issuer, key source (the JWKS URL, or the static key
 * location), audience check (the client id and audiences, which are public), token
 * cache, revocation store, webhook path, validation mode and sandbox. Never a secret: no
 * webhook signing secret, and URLs are written without user info or query values.
 */
final class TryMellonStartupSummary implements SmartInitializingSingleton {

	private static final Log logger = LogFactory.getLog(TryMellonStartupSummary.class);

	private final TryMellonProperties properties;

	private final ObjectProvider<SessionTokenVerifier> verifier;

	private final ObjectProvider<JwksKeySource> keys;

	private final ObjectProvider<VerifiedTokenCache> cache;

	private final ObjectProvider<RevocationStore> revocationStore;

	private final ObjectProvider<TryMellonWebhookReceiver> webhookReceiver;

	TryMellonStartupSummary(TryMellonProperties properties, ObjectProvider<SessionTokenVerifier> verifier,
			ObjectProvider<JwksKeySource> keys, ObjectProvider<VerifiedTokenCache> cache,
			ObjectProvider<RevocationStore> revocationStore, ObjectProvider<TryMellonWebhookReceiver> webhookReceiver) {
		this.properties = properties;
		this.verifier = verifier;
		this.keys = keys;
		this.cache = cache;
		this.revocationStore = revocationStore;
		this.webhookReceiver = webhookReceiver;
	}

	@Override
	public void afterSingletonsInstantiated() {
		if (logger.isInfoEnabled()) {
			logger.info(summary());
		}
	}

	String summary() {
		SessionTokenVerifier tokenVerifier = this.verifier.getIfUnique();
		JwksKeySource keySource = this.keys.getIfUnique();
		StringBuilder line = new StringBuilder("TryMellon: ");
		if (tokenVerifier == null) {
			line.append("no session token verifier");
		}
		else if (keySource == null) {
			line.append("verifier ").append(tokenVerifier.getClass().getSimpleName()).append(" (the application's)");
		}
		else {
			line.append("issuer ")
				.append(this.properties.isIssuerCheck() ? "'" + this.properties.getIssuer() + "'" : "not checked");
			line.append(", keys ").append(keySource(keySource));
			line.append(", audience ").append(audience());
			VerifiedTokenCache tokenCache = this.cache.getIfUnique();
			line.append(", token cache ")
				.append((tokenCache != null) ? "on (max " + maxCacheSize() + ")" : "off");
		}
		line.append(", revocations ").append(revocations());
		TryMellonWebhookReceiver receiver = this.webhookReceiver.getIfUnique();
		line.append(", webhook ").append((receiver != null) ? "POST " + receiver.getPath() : "off");
		line.append(", validation mode offline");
		line.append(", sandbox ").append(this.properties.getSandbox().isEnabled() ? "ON" : "off");
		return line.toString();
	}

	private long maxCacheSize() {
		Long maxSize = this.properties.getToken().getCache().getMaxSize();
		return (maxSize != null) ? maxSize : VerifiedTokenCache.DEFAULT_MAX_SIZE;
	}

	private String keySource(JwksKeySource keySource) {
		URI uri = keySource.status().uri();
		if (uri != null) {
			return "from " + withoutSecrets(uri);
		}
		Resource location = this.properties.getJwks().getLocation();
		return (location != null) ? "static from " + describe(location) : "static";
	}

	private String audience() {
		if (!this.properties.isAudienceCheck()) {
			return "check OFF";
		}
		List<String> audiences = new ArrayList<>();
		String clientId = this.properties.getClientId();
		if (clientId != null && !clientId.isBlank()) {
			audiences.add(clientId.trim());
		}
		for (String audience : this.properties.getAudiences()) {
			if (audience != null && !audience.isBlank()) {
				audiences.add(audience.trim());
			}
		}
		return "checked " + audiences;
	}

	private String revocations() {
		if (!this.properties.getRevocation().isEnabled()) {
			return "off";
		}
		RevocationStore store = this.revocationStore.getIfUnique();
		if (store == null) {
			return "none";
		}
		RevocationStoreStatus status = store.status();
		if (status == null) {
			return store.getClass().getSimpleName();
		}
		return status.kind() + ("redis".equals(status.kind())
				? " (key prefix '" + PropertyChecks.redisKeyPrefix(this.properties) + "')" : "");
	}

	private static String describe(Resource location) {
		try {
			return withoutSecrets(location.getURI());
		}
		catch (Exception ex) {
			return location.getDescription();
		}
	}

	/** The URL without user info, and with its query values hidden. */
	static String withoutSecrets(URI uri) {
		if (!uri.isAbsolute() || uri.isOpaque()) {
			return uri.getScheme() + ":…";
		}
		StringBuilder text = new StringBuilder(uri.getScheme()).append("://");
		if (uri.getHost() != null) {
			text.append(uri.getHost());
		}
		if (uri.getPort() != -1) {
			text.append(':').append(uri.getPort());
		}
		if (uri.getRawPath() != null) {
			text.append(uri.getRawPath());
		}
		String query = uri.getRawQuery();
		if (query != null) {
			text.append('?').append(hideValues(query));
		}
		return text.toString();
	}

	private static String hideValues(String query) {
		StringBuilder hidden = new StringBuilder();
		for (String pair : query.split("&")) {
			if (!hidden.isEmpty()) {
				hidden.append('&');
			}
			int equals = pair.indexOf('=');
			hidden.append((equals >= 0) ? pair.substring(0, equals) + "=…" : "…");
		}
		return hidden.toString();
	}

	@Override
	public String toString() {
		return "TryMellonStartupSummary";
	}

}
