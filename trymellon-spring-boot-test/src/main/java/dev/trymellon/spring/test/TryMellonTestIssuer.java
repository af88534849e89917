package dev.trymellon.spring.test;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.jwk.JWKSet;
import org.jspecify.annotations.Nullable;

import dev.trymellon.spring.session.TryMellonSession;

/**
 * A local stand-in for TryMellon's token service, for tests and development: it holds RSA
 * signing keys, serves them as a JWKS on {@code 127.0.0.1} (ephemeral port, JDK
 * {@code HttpServer}), and mints session tokens shaped like TryMellon's (RS256, header
 * {@code kid}, claims {@code iss}, {@code aud}, {@code sub}, {@code iat}, {@code exp},
 * optional ids and the {@value TryMellonSession#CUSTOM_CLAIMS_NAMESPACE} object).
 * <p>
 * Point the starter at it with {@link #properties()} (or let
 * {@link AutoConfigureTryMellon @AutoConfigureTryMellon} or {@link TryMellonExtension} do
 * it), then mint tokens:
 * <pre class="code">
 * try (TryMellonTestIssuer issuer = TryMellonTestIssuer.start()) {
 *     String token = issuer.token().userId("u1").roles("admin").build();
 *     String expired = issuer.token().expired().build();
 *     String forged = issuer.token().signedWithUnknownKey().build();
 * }
 * </pre>
 * Keys can be rotated ({@link #rotateKey()}) and retired ({@link #retireKey(String)}), and
 * the JWKS endpoint can be made unavailable ({@link #setJwksAvailable(boolean)}) to test
 * outages. The same server stands in for TryMellon's backend validation API
 * ({@link #api()}), so that the base URL is also the {@code trymellon.api-base-url}.
 * Thread-safe. Close it to stop the HTTP server.
 *
 * @author TryMellon
 * @since 0.1.0
 */
public final class TryMellonTestIssuer implements AutoCloseable {

	/**
	 * The audience ({@code aud}) tokens carry unless another is configured: the client id
	 * that {@link AutoConfigureTryMellon @AutoConfigureTryMellon} sets when the
	 * application has none.
	 */
	public static final String DEFAULT_AUDIENCE = "test-client-id";

	/**
	 * The path the JWKS is served on.
	 */
	public static final String JWKS_PATH = "/.well-known/jwks.json";

	private final IssuerKeys keys;

	private final IssuerServer server;

	private final String issuer;

	private final String audience;

	private final Duration tokenLifetime;

	private final Clock clock;

	private final @Nullable String appId;

	private final @Nullable String tenantId;

	private final TryMellonTestApi api;

	private TryMellonTestIssuer(Builder builder) throws IOException {
		this.clock = builder.clock;
		this.tokenLifetime = builder.tokenLifetime;
		this.audience = builder.audience;
		this.keys = new IssuerKeys(builder.key);
		this.server = new IssuerServer(this.keys::publicJwkSet);
		this.issuer = (builder.issuer != null) ? builder.issuer : this.server.baseUrl().toString();
		this.appId = builder.appId;
		this.tenantId = builder.tenantId;
		this.api = new TryMellonTestApi(this);
		this.api.mountOn(this.server);
	}

	/**
	 * Starts an issuer with a fresh 2048-bit RSA key, issuer {@link #getBaseUrl()},
	 * audience {@value #DEFAULT_AUDIENCE} and one-hour tokens.
	 * @return the running issuer
	 */
	public static TryMellonTestIssuer start() {
		return builder().start();
	}

	/**
	 * Starts configuring an issuer.
	 * @return a builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Returns the base URL of the local HTTP server, {@code http://127.0.0.1:<port>}.
	 * @return the base URL
	 */
	public URI getBaseUrl() {
		return this.server.baseUrl();
	}

	/**
	 * Returns the URL of the JWKS, for {@code trymellon.jwks.uri}.
	 * @return the JWKS URL
	 */
	public URI getJwksUri() {
		return getBaseUrl().resolve(JWKS_PATH);
	}

	/**
	 * Returns the issuer ({@code iss}) of minted tokens, for {@code trymellon.issuer}. By
	 * default the base URL.
	 * @return the issuer
	 */
	public String getIssuer() {
		return this.issuer;
	}

	/**
	 * Returns the default audience ({@code aud}) of minted tokens, for
	 * {@code trymellon.client-id}.
	 * @return the audience
	 */
	public String getAudience() {
		return this.audience;
	}

	/**
	 * Returns the application id minted tokens carry as {@code app_id} by default, if
	 * one was configured ({@link Builder#appId(String)}).
	 * @return the application id, or {@code null}
	 * @since 0.2.0
	 */
	public @Nullable String getAppId() {
		return this.appId;
	}

	/**
	 * Returns the stand-in for TryMellon's backend validation API that this issuer's
	 * server also serves, on {@link #getBaseUrl()}: {@code GET /v1/sessions/validate} and
	 * {@code POST /oauth/introspect} for this issuer's tokens, with revocations,
	 * programmable faults and request counts.
	 * @return the stand-in API
	 * @since 0.2.0
	 */
	public TryMellonTestApi api() {
		return this.api;
	}

	/**
	 * Returns the key id of the current signing key.
	 * @return the current {@code kid}
	 */
	public String getKeyId() {
		return this.keys.currentKeyId();
	}

	/**
	 * Returns the key ids currently served in the JWKS, the signing key first.
	 * @return the published key ids
	 */
	public List<String> getPublishedKeyIds() {
		return this.keys.publishedKeyIds();
	}

	/**
	 * Returns the public keys currently served in the JWKS.
	 * @return the public JWKS
	 */
	public JWKSet getJwkSet() {
		return this.keys.publicJwkSet();
	}

	/**
	 * Returns how many times the JWKS endpoint was requested, for asserting caching and
	 * refresh behaviour.
	 * @return the number of JWKS requests
	 */
	public int getJwksRequestCount() {
		return this.server.jwksRequestCount();
	}

	/**
	 * Makes the JWKS endpoint answer {@code 503} ({@code false}) or the keys again
	 * ({@code true}), to test a TryMellon outage.
	 * @param available whether the keys are served
	 */
	public void setJwksAvailable(boolean available) {
		this.server.setJwksAvailable(available);
	}

	/**
	 * Returns the properties that point the starter at this issuer:
	 * {@code trymellon.jwks.uri}, {@code trymellon.issuer} and {@code trymellon.client-id}.
	 * @return the properties, in that order
	 */
	public Map<String, String> properties() {
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("trymellon.jwks.uri", getJwksUri().toString());
		properties.put("trymellon.issuer", this.issuer);
		properties.put("trymellon.client-id", this.audience);
		return properties;
	}

	/**
	 * Returns {@link #properties()} as {@code key=value} strings, for
	 * {@code ApplicationContextRunner.withPropertyValues(...)} or
	 * {@code @SpringBootTest(properties = ...)}-style APIs.
	 * @return the property values
	 */
	public String[] propertyValues() {
		return properties().entrySet().stream().map((entry) -> entry.getKey() + "=" + entry.getValue())
			.toArray(String[]::new);
	}

	/**
	 * Starts a token of the default user {@code test-user}, signed with the current key,
	 * issued now and valid for the configured lifetime.
	 * @return a token builder
	 */
	public TokenBuilder token() {
		return new TokenBuilder(this);
	}

	/**
	 * Generates a new signing key and publishes it first in the JWKS; the previous keys
	 * stay published (as during a TryMellon key rotation) until {@link #retireKey(String)
	 * retired}. Tokens minted afterwards are signed with the new key.
	 * @return the new key's {@code kid}
	 */
	public String rotateKey() {
		return this.keys.rotate();
	}

	/**
	 * Removes a key from the JWKS. Tokens it signed then fail verification once the
	 * verifier refreshes its keys. The current signing key cannot be retired.
	 * @param keyId the {@code kid} to retire
	 */
	public void retireKey(String keyId) {
		this.keys.retire(keyId);
	}

	/**
	 * Stops the HTTP server, the stand-in API's included. Idempotent.
	 */
	@Override
	public void close() {
		this.server.close();
	}

	@Override
	public String toString() {
		return "TryMellonTestIssuer[" + getBaseUrl() + ", issuer=" + this.issuer + ", audience=" + this.audience
				+ ", keys=" + getPublishedKeyIds() + "]";
	}

	IssuerKeys keys() {
		return this.keys;
	}

	Clock clock() {
		return this.clock;
	}

	Duration tokenLifetime() {
		return this.tokenLifetime;
	}

	@Nullable String tenantId() {
		return this.tenantId;
	}

	/** The claims every token starts with: the configured {@code app_id} and {@code tenant_id}. */
	Map<String, Object> defaultClaims() {
		Map<String, Object> claims = new LinkedHashMap<>();
		if (this.appId != null) {
			claims.put("app_id", this.appId);
		}
		if (this.tenantId != null) {
			claims.put("tenant_id", this.tenantId);
		}
		return claims;
	}

	/**
	 * Configures a {@link TryMellonTestIssuer}.
	 *
	 * @since 0.1.0
	 */
	public static final class Builder extends IssuerSettings {

		private Builder() {
		}

		/**
		 * Starts the issuer's HTTP server.
		 * @return the running issuer
		 */
		public TryMellonTestIssuer start() {
			try {
				return new TryMellonTestIssuer(this);
			}
			catch (IOException ex) {
				throw new IllegalStateException("Cannot start the TryMellon test issuer on 127.0.0.1", ex);
			}
		}

	}

	/**
	 * Builds one session token; every setter is optional and the defaults give a valid
	 * token. Values are not validated, so that negative tests can build any malformed
	 * token.
	 *
	 * @since 0.1.0
	 */
	public static final class TokenBuilder extends TokenClaimsBuilder {

		private TokenBuilder(TryMellonTestIssuer issuer) {
			super(issuer);
		}

	}

}
