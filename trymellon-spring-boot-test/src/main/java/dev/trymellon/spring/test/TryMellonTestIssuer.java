package dev.trymellon.spring.test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.PlainObject;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.jspecify.annotations.Nullable;

import dev.trymellon.spring.session.TryMellonSession;

import org.springframework.util.Assert;

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
 * outages. Thread-safe. Close it to stop the HTTP server.
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

	private final HttpServer server;

	private final URI baseUrl;

	private final String issuer;

	private final String audience;

	private final Duration tokenLifetime;

	private final Clock clock;

	/** Every key this issuer ever signed with, by kid, retired ones included. */
	private final Map<String, RSAKey> keys = new LinkedHashMap<>();

	/** The published keys, the current signing key first. */
	private final List<RSAKey> published = new CopyOnWriteArrayList<>();

	private final AtomicInteger jwksRequests = new AtomicInteger();

	private volatile boolean jwksAvailable = true;

	private volatile boolean closed;

	private TryMellonTestIssuer(Builder builder) throws IOException {
		this.clock = builder.clock;
		this.tokenLifetime = builder.tokenLifetime;
		this.audience = builder.audience;
		RSAKey first = (builder.key != null) ? builder.key : generateKey();
		this.keys.put(first.getKeyID(), first);
		this.published.add(first);
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.server.createContext(JWKS_PATH, this::serveJwks);
		this.server.start();
		this.baseUrl = URI.create("http://127.0.0.1:" + this.server.getAddress().getPort());
		this.issuer = (builder.issuer != null) ? builder.issuer : this.baseUrl.toString();
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
		return this.baseUrl;
	}

	/**
	 * Returns the URL of the JWKS, for {@code trymellon.jwks.uri}.
	 * @return the JWKS URL
	 */
	public URI getJwksUri() {
		return this.baseUrl.resolve(JWKS_PATH);
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
	 * Returns the key id of the current signing key.
	 * @return the current {@code kid}
	 */
	public String getKeyId() {
		return this.published.get(0).getKeyID();
	}

	/**
	 * Returns the key ids currently served in the JWKS, the signing key first.
	 * @return the published key ids
	 */
	public List<String> getPublishedKeyIds() {
		return this.published.stream().map(JWK::getKeyID).toList();
	}

	/**
	 * Returns the public keys currently served in the JWKS.
	 * @return the public JWKS
	 */
	public JWKSet getJwkSet() {
		return new JWKSet(new ArrayList<JWK>(this.published)).toPublicJWKSet();
	}

	/**
	 * Returns how many times the JWKS endpoint was requested, for asserting caching and
	 * refresh behaviour.
	 * @return the number of JWKS requests
	 */
	public int getJwksRequestCount() {
		return this.jwksRequests.get();
	}

	/**
	 * Makes the JWKS endpoint answer {@code 503} ({@code false}) or the keys again
	 * ({@code true}), to test a TryMellon outage.
	 * @param available whether the keys are served
	 */
	public void setJwksAvailable(boolean available) {
		this.jwksAvailable = available;
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
		return new TokenBuilder();
	}

	/**
	 * Generates a new signing key and publishes it first in the JWKS; the previous keys
	 * stay published (as during a TryMellon key rotation) until {@link #retireKey(String)
	 * retired}. Tokens minted afterwards are signed with the new key.
	 * @return the new key's {@code kid}
	 */
	public String rotateKey() {
		RSAKey next = generateKey();
		synchronized (this.keys) {
			this.keys.put(next.getKeyID(), next);
			this.published.add(0, next);
		}
		return next.getKeyID();
	}

	/**
	 * Removes a key from the JWKS. Tokens it signed then fail verification once the
	 * verifier refreshes its keys. The current signing key cannot be retired.
	 * @param keyId the {@code kid} to retire
	 */
	public void retireKey(String keyId) {
		Assert.isTrue(!keyId.equals(getKeyId()), "The current signing key cannot be retired; rotate first");
		synchronized (this.keys) {
			Assert.isTrue(this.keys.containsKey(keyId), () -> "Unknown key id " + keyId);
			this.published.removeIf((key) -> key.getKeyID().equals(keyId));
		}
	}

	/**
	 * Stops the HTTP server. Idempotent.
	 */
	@Override
	public void close() {
		if (!this.closed) {
			this.closed = true;
			this.server.stop(0);
		}
	}

	@Override
	public String toString() {
		return "TryMellonTestIssuer[" + this.baseUrl + ", issuer=" + this.issuer + ", audience=" + this.audience
				+ ", keys=" + getPublishedKeyIds() + "]";
	}

	private void serveJwks(HttpExchange exchange) throws IOException {
		try (exchange) {
			this.jwksRequests.incrementAndGet();
			String method = exchange.getRequestMethod();
			if (!"GET".equals(method) && !"HEAD".equals(method)) {
				exchange.getResponseHeaders().set("Allow", "GET, HEAD");
				exchange.sendResponseHeaders(405, -1);
				return;
			}
			if (!this.jwksAvailable) {
				exchange.sendResponseHeaders(503, -1);
				return;
			}
			byte[] body = getJwkSet().toString().getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.getResponseHeaders().set("Cache-Control", "public, max-age=3600");
			if ("HEAD".equals(method)) {
				exchange.sendResponseHeaders(200, -1);
				return;
			}
			exchange.sendResponseHeaders(200, body.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		}
	}

	private static RSAKey generateKey() {
		try {
			return new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE)
				.algorithm(JWSAlgorithm.RS256)
				.keyIDFromThumbprint(true)
				.generate();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("Cannot generate an RSA key", ex);
		}
	}

	private RSAKey key(String keyId) {
		synchronized (this.keys) {
			RSAKey key = this.keys.get(keyId);
			Assert.notNull(key, () -> "Unknown key id " + keyId);
			return key;
		}
	}

	/**
	 * Configures a {@link TryMellonTestIssuer}.
	 *
	 * @since 0.1.0
	 */
	public static final class Builder {

		private @Nullable RSAKey key;

		private @Nullable String issuer;

		private String audience = DEFAULT_AUDIENCE;

		private Duration tokenLifetime = Duration.ofHours(1);

		private Clock clock = Clock.systemUTC();

		private Builder() {
		}

		/**
		 * Uses the given key pair as the first signing key instead of a generated one.
		 * @param keyPair an RSA key pair
		 * @param keyId its {@code kid}, or {@code null} for the RFC 7638 thumbprint
		 * @return this builder
		 */
		public Builder keyPair(KeyPair keyPair, @Nullable String keyId) {
			Assert.notNull(keyPair, "keyPair cannot be null");
			Assert.isInstanceOf(RSAPublicKey.class, keyPair.getPublic(), "An RSA key pair is required");
			Assert.isInstanceOf(RSAPrivateKey.class, keyPair.getPrivate(), "An RSA key pair is required");
			RSAKey.Builder builder = new RSAKey.Builder((RSAPublicKey) keyPair.getPublic())
				.privateKey((RSAPrivateKey) keyPair.getPrivate())
				.keyUse(KeyUse.SIGNATURE)
				.algorithm(JWSAlgorithm.RS256);
			try {
				this.key = (keyId != null) ? builder.keyID(keyId).build() : builder.keyIDFromThumbprint().build();
			}
			catch (JOSEException ex) {
				throw new IllegalArgumentException("Cannot compute the key's thumbprint", ex);
			}
			return this;
		}

		/**
		 * Uses the given RSA JWK (with its private part and {@code kid}) as the first
		 * signing key.
		 * @param key the key
		 * @return this builder
		 */
		public Builder key(RSAKey key) {
			Assert.notNull(key, "key cannot be null");
			Assert.isTrue(key.isPrivate(), "The key must include its private part");
			Assert.hasText(key.getKeyID(), "The key must have a kid");
			this.key = key;
			return this;
		}

		/**
		 * Sets the issuer ({@code iss}) of minted tokens; defaults to the server's base
		 * URL.
		 * @param issuer the issuer
		 * @return this builder
		 */
		public Builder issuer(String issuer) {
			Assert.hasText(issuer, "issuer cannot be empty");
			this.issuer = issuer;
			return this;
		}

		/**
		 * Sets the default audience ({@code aud}) of minted tokens; defaults to
		 * {@value TryMellonTestIssuer#DEFAULT_AUDIENCE}.
		 * @param audience the audience, normally the application's client id
		 * @return this builder
		 */
		public Builder audience(String audience) {
			Assert.hasText(audience, "audience cannot be empty");
			this.audience = audience;
			return this;
		}

		/**
		 * Sets the default lifetime of minted tokens ({@code exp - iat}); defaults to one
		 * hour.
		 * @param tokenLifetime the lifetime
		 * @return this builder
		 */
		public Builder tokenLifetime(Duration tokenLifetime) {
			Assert.isTrue(tokenLifetime != null && !tokenLifetime.isNegative() && !tokenLifetime.isZero(),
					"tokenLifetime must be positive");
			this.tokenLifetime = tokenLifetime;
			return this;
		}

		/**
		 * Sets the clock that {@code iat} and {@code exp} are computed from; defaults to
		 * the system UTC clock.
		 * @param clock the clock
		 * @return this builder
		 */
		public Builder clock(Clock clock) {
			Assert.notNull(clock, "clock cannot be null");
			this.clock = clock;
			return this;
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
	 * Builds one session token. Every setter is optional; the defaults give a valid token.
	 * Values are not validated, so that negative tests can build any malformed token.
	 *
	 * @since 0.1.0
	 */
	public final class TokenBuilder {

		private final Map<String, Object> claims = new LinkedHashMap<>();

		private final Map<String, Object> customClaims = new LinkedHashMap<>();

		private final List<String> removed = new ArrayList<>();

		private final Map<String, Object> headerParameters = new LinkedHashMap<>();

		private @Nullable String subject;

		private Instant issuedAt;

		private @Nullable Instant expiresAt;

		private List<String> audience = List.of(TryMellonTestIssuer.this.audience);

		private String tokenIssuer = TryMellonTestIssuer.this.issuer;

		private String signingKeyId = getKeyId();

		private @Nullable String headerKeyId;

		private boolean omitKeyId;

		private boolean unknownKey;

		private JWSAlgorithm algorithm = JWSAlgorithm.RS256;

		private boolean unsigned;

		private @Nullable JOSEObjectType type = JOSEObjectType.JWT;

		private TokenBuilder() {
			this.issuedAt = TryMellonTestIssuer.this.clock.instant();
		}

		/**
		 * Sets {@code sub}; defaults to the user id, else {@code test-user}.
		 * @param subject the subject
		 * @return this builder
		 */
		public TokenBuilder subject(String subject) {
			this.subject = subject;
			return this;
		}

		/**
		 * Sets {@code user_id} (and {@code sub}, unless set with {@link #subject}).
		 * @param userId the TryMellon user id
		 * @return this builder
		 */
		public TokenBuilder userId(String userId) {
			return claim("user_id", userId);
		}

		/**
		 * Sets {@code external_user_id}.
		 * @param externalUserId the application's id for the user
		 * @return this builder
		 */
		public TokenBuilder externalUserId(String externalUserId) {
			return claim("external_user_id", externalUserId);
		}

		/**
		 * Sets {@code tenant_id}.
		 * @param tenantId the tenant id
		 * @return this builder
		 */
		public TokenBuilder tenantId(String tenantId) {
			return claim("tenant_id", tenantId);
		}

		/**
		 * Sets {@code app_id}.
		 * @param appId the application id
		 * @return this builder
		 */
		public TokenBuilder appId(String appId) {
			return claim("app_id", appId);
		}

		/**
		 * Sets {@code sid}, the session id.
		 * @param sessionId the session id
		 * @return this builder
		 */
		public TokenBuilder sessionId(String sessionId) {
			return claim("sid", sessionId);
		}

		/**
		 * Sets {@code jti}.
		 * @param tokenId the token id
		 * @return this builder
		 */
		public TokenBuilder tokenId(String tokenId) {
			return claim("jti", tokenId);
		}

		/**
		 * Sets the {@code roles} custom claim to the roles joined with spaces
		 * ({@code "admin editor"}), as a front end would send it. The starter grants
		 * them only when the application maps that claim
		 * ({@code trymellon.authorities.role-claims}).
		 * @param roles the roles
		 * @return this builder
		 */
		public TokenBuilder roles(String... roles) {
			return customClaim("roles", String.join(" ", roles));
		}

		/**
		 * Adds a custom claim under {@value TryMellonSession#CUSTOM_CLAIMS_NAMESPACE}.
		 * TryMellon issues scalar values only; anything else can be set here to test how
		 * it is handled.
		 * @param name the claim name
		 * @param value the value
		 * @return this builder
		 */
		public TokenBuilder customClaim(String name, Object value) {
			this.customClaims.put(name, value);
			return this;
		}

		/**
		 * Sets any top-level claim, replacing a default one ({@code iat}, {@code exp}
		 * and other times are numbers of seconds).
		 * @param name the claim name
		 * @param value the value
		 * @return this builder
		 */
		public TokenBuilder claim(String name, Object value) {
			this.claims.put(name, value);
			this.removed.remove(name);
			return this;
		}

		/**
		 * Leaves a claim out of the token, a default one included ({@code sub},
		 * {@code iat}, {@code exp}, {@code iss}, {@code aud}).
		 * @param name the claim name
		 * @return this builder
		 */
		public TokenBuilder withoutClaim(String name) {
			this.claims.remove(name);
			this.removed.add(name);
			return this;
		}

		/**
		 * Sets {@code iss}; defaults to the issuer's.
		 * @param issuer the issuer
		 * @return this builder
		 */
		public TokenBuilder issuer(String issuer) {
			this.tokenIssuer = issuer;
			return this;
		}

		/**
		 * Sets {@code aud}; one value is written as a string, several as an array.
		 * Defaults to the issuer's audience.
		 * @param audience the audiences
		 * @return this builder
		 */
		public TokenBuilder audience(String... audience) {
			this.audience = List.of(audience);
			return this;
		}

		/**
		 * Sets {@code iat}; defaults to now. {@code exp} follows unless set.
		 * @param issuedAt the issue time
		 * @return this builder
		 */
		public TokenBuilder issuedAt(Instant issuedAt) {
			this.issuedAt = issuedAt;
			return this;
		}

		/**
		 * Sets {@code exp}; defaults to {@code iat} plus the issuer's token lifetime.
		 * @param expiresAt the expiry time
		 * @return this builder
		 */
		public TokenBuilder expiresAt(Instant expiresAt) {
			this.expiresAt = expiresAt;
			return this;
		}

		/**
		 * Sets {@code exp} to {@code iat} plus the given time.
		 * @param lifetime the lifetime
		 * @return this builder
		 */
		public TokenBuilder expiresIn(Duration lifetime) {
			this.expiresAt = this.issuedAt.plus(lifetime);
			return this;
		}

		/**
		 * Makes an expired token: issued two hours ago, expired one hour ago, well past
		 * any clock skew.
		 * @return this builder
		 */
		public TokenBuilder expired() {
			Instant now = TryMellonTestIssuer.this.clock.instant();
			this.issuedAt = now.minus(Duration.ofHours(2));
			this.expiresAt = now.minus(Duration.ofHours(1));
			return this;
		}

		/**
		 * Sets {@code nbf}.
		 * @param notBefore the not-before time
		 * @return this builder
		 */
		public TokenBuilder notBefore(Instant notBefore) {
			return claim("nbf", notBefore.getEpochSecond());
		}

		/**
		 * Signs with another key this issuer generated, for example one that was rotated
		 * out or retired.
		 * @param keyId the key's {@code kid}
		 * @return this builder
		 */
		public TokenBuilder signedWithKey(String keyId) {
			key(keyId);
			this.signingKeyId = keyId;
			return this;
		}

		/**
		 * Signs with a fresh key that is not in the JWKS, while the header still names
		 * the current {@code kid}: a forged token whose signature does not verify.
		 * @return this builder
		 */
		public TokenBuilder signedWithUnknownKey() {
			this.unknownKey = true;
			return this;
		}

		/**
		 * Sets the header's {@code kid}, for example to one the JWKS does not hold.
		 * @param keyId the key id to write
		 * @return this builder
		 */
		public TokenBuilder keyId(String keyId) {
			this.headerKeyId = keyId;
			this.omitKeyId = false;
			return this;
		}

		/**
		 * Leaves {@code kid} out of the header.
		 * @return this builder
		 */
		public TokenBuilder withoutKeyId() {
			this.omitKeyId = true;
			return this;
		}

		/**
		 * Signs with another algorithm: the other RSA ones with the RSA key; HMAC ones
		 * with the signing key's public key bytes as the secret (the classic
		 * algorithm-confusion attack); ECDSA ones with a fresh EC key that is not in the
		 * JWKS. Defaults to RS256.
		 * @param algorithm the JWS algorithm
		 * @return this builder
		 */
		public TokenBuilder algorithm(JWSAlgorithm algorithm) {
			this.algorithm = algorithm;
			this.unsigned = false;
			return this;
		}

		/**
		 * Makes an unsigned token ({@code alg: none}, empty signature).
		 * @return this builder
		 */
		public TokenBuilder unsigned() {
			this.unsigned = true;
			return this;
		}

		/**
		 * Sets the header's {@code typ}, or leaves it out when {@code null}; defaults to
		 * {@code JWT}.
		 * @param type the type
		 * @return this builder
		 */
		public TokenBuilder type(@Nullable String type) {
			this.type = (type != null) ? new JOSEObjectType(type) : null;
			return this;
		}

		/**
		 * Adds a header parameter, for example {@code jku} or {@code crit}, to test that
		 * it is ignored or refused.
		 * @param name the parameter name
		 * @param value the value
		 * @return this builder
		 */
		public TokenBuilder header(String name, Object value) {
			this.headerParameters.put(name, value);
			return this;
		}

		/**
		 * Returns the claims the token will carry.
		 * @return the claims set, as a map
		 */
		public Map<String, Object> claims() {
			Map<String, Object> all = new LinkedHashMap<>();
			all.put("iss", this.tokenIssuer);
			all.put("aud", (this.audience.size() == 1) ? this.audience.get(0) : this.audience);
			Object userId = this.claims.get("user_id");
			all.put("sub", (this.subject != null) ? this.subject
					: (userId instanceof String string) ? string : "test-user");
			all.put("iat", this.issuedAt.getEpochSecond());
			Instant expiry = (this.expiresAt != null) ? this.expiresAt
					: this.issuedAt.plus(TryMellonTestIssuer.this.tokenLifetime);
			all.put("exp", expiry.getEpochSecond());
			all.putAll(this.claims);
			if (!this.customClaims.isEmpty()) {
				all.put(TryMellonSession.CUSTOM_CLAIMS_NAMESPACE, new LinkedHashMap<>(this.customClaims));
			}
			this.removed.forEach(all::remove);
			return all;
		}

		/**
		 * Signs and serializes the token.
		 * @return the compact JWS
		 */
		public String build() {
			Payload payload = new Payload(JSONObjectUtils.toJSONString(claims()));
			if (this.unsigned) {
				Map<String, Object> header = new PlainHeader.Builder().type(this.type).build().toJSONObject();
				header.putAll(this.headerParameters);
				try {
					return new PlainObject(PlainHeader.parse(header), payload).serialize();
				}
				catch (java.text.ParseException ex) {
					throw new IllegalArgumentException("Invalid header parameters " + this.headerParameters.keySet(),
							ex);
				}
			}
			RSAKey key = key(this.signingKeyId);
			@Nullable String kid = this.omitKeyId ? null : (this.headerKeyId != null) ? this.headerKeyId : key.getKeyID();
			Map<String, Object> header = new JWSHeader.Builder(this.algorithm).keyID(kid).type(this.type).build()
				.toJSONObject();
			header.putAll(this.headerParameters);
			JWSObject jws;
			try {
				jws = new JWSObject(JWSHeader.parse(header), payload);
			}
			catch (java.text.ParseException ex) {
				throw new IllegalArgumentException("Invalid header parameters " + this.headerParameters.keySet(), ex);
			}
			try {
				jws.sign(signer(key));
			}
			catch (JOSEException ex) {
				throw new IllegalStateException("Cannot sign the token with " + this.algorithm, ex);
			}
			return jws.serialize();
		}

		private JWSSigner signer(RSAKey key) throws JOSEException {
			if (JWSAlgorithm.Family.HMAC_SHA.contains(this.algorithm)) {
				byte[] secret = key.toRSAPublicKey().getEncoded();
				return new MACSigner(Arrays.copyOf(secret, Math.max(secret.length, 64)));
			}
			if (JWSAlgorithm.Family.EC.contains(this.algorithm)) {
				Curve curve = Curve.forJWSAlgorithm(this.algorithm).iterator().next();
				ECKey ecKey = new ECKeyGenerator(curve).generate();
				return new ECDSASigner(ecKey);
			}
			RSAKey signing = this.unknownKey ? generateKey() : key;
			return new RSASSASigner(signing);
		}

	}

}
