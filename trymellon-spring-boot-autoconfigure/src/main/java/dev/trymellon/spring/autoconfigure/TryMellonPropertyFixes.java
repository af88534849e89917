package dev.trymellon.spring.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The fix for each {@code trymellon.*} property the starter refuses at startup, keyed by
 * the property name or a prefix of it (the longest match wins), as the failure analyzers
 * print it.
 */
final class TryMellonPropertyFixes {

	static final String REFERENCE = "The properties are described in docs/configuration.md.";

	private static final Map<String, String> FIXES = new LinkedHashMap<>();

	static {
		FIXES.put("trymellon.client-id", "Set 'trymellon.client-id' to your TryMellon application's client id "
				+ "(for example --trymellon.client-id=client_abc123, or the TRYMELLON_CLIENT_ID environment "
				+ "variable), or list the accepted ones in 'trymellon.audiences'. Only if tokens of every TryMellon "
				+ "application may be accepted, set 'trymellon.audience-check=false'.");
		FIXES.put("trymellon.audiences", "Set 'trymellon.client-id' (or 'trymellon.audiences') to the client ids "
				+ "whose tokens this application accepts.");
		FIXES.put("trymellon.webhook.signing-secrets", "Set 'trymellon.webhook.signing-secrets' to the webhook "
				+ "signing secret of your TryMellon application, from the environment (for example "
				+ "trymellon.webhook.signing-secrets=${TRYMELLON_WEBHOOK_SECRET}); it has at least 16 characters "
				+ "after the optional 'whsec_' prefix. List the old and the new secret, comma-separated, while you "
				+ "rotate. Remove the property to switch the webhook receiver off; "
				+ "'trymellon.webhook.allow-short-secrets=true' is for tests only.");
		FIXES.put("trymellon.webhook.path", "Set 'trymellon.webhook.path' to a plain absolute path such as "
				+ "/webhooks/trymellon (letters, digits and '-._~', no trailing '/').");
		FIXES.put("trymellon.webhook.", "Fix the value as the reason says, or remove the property to use its "
				+ "default.");
		FIXES.put("trymellon.sandbox.enabled", "Sandbox mode accepts a public mock token: remove "
				+ "'trymellon.sandbox.enabled=true' from the configuration this profile reads (keep it in a "
				+ "development profile such as application-dev.properties). Only if the active profile is not a "
				+ "production one, remove it from 'trymellon.sandbox.forbidden-profiles'.");
		FIXES.put("trymellon.sandbox.token", "Remove 'trymellon.sandbox.token' to use the documented sandbox token.");
		FIXES.put("trymellon.jwks.location", "Point 'trymellon.jwks.location' at a readable JWKS document "
				+ "(for example classpath:trymellon-jwks.json or file:/etc/trymellon/jwks.json), or remove it and "
				+ "let the keys be fetched from 'trymellon.jwks.uri' (default: the API base URL's "
				+ "/.well-known/jwks.json).");
		FIXES.put("trymellon.jwks.uri", "Set 'trymellon.jwks.uri' to an absolute https URL, for example "
				+ "https://api.trymellonauth.com/.well-known/jwks.json, or remove it to use the API base URL's.");
		FIXES.put("trymellon.api-base-url", "Set 'trymellon.api-base-url' to an absolute https URL such as "
				+ "https://api.trymellonauth.com, or remove it to use that default.");
		FIXES.put("trymellon.jwks.", "Set a positive duration (for example 1h, 30s) or size (for example 512KB), "
				+ "or remove the property to use its default.");
		FIXES.put("trymellon.issuer", "Set 'trymellon.issuer' to the 'iss' of your tokens (default "
				+ "https://api.trymellonauth.com), or, only for tokens of an issuer you trust by other means, "
				+ "'trymellon.issuer-check=false'.");
		FIXES.put("trymellon.token.algorithms", "List RSA or ECDSA algorithms only, for example "
				+ "trymellon.token.algorithms=RS256; 'none' and HMAC are never accepted.");
		FIXES.put("trymellon.token.signature-provider", "Put the provider's jar on the classpath and set "
				+ "'trymellon.token.signature-provider' to its Provider.getName(); for Amazon Corretto Crypto Provider, "
				+ "software.amazon.cryptools:AmazonCorrettoCryptoProvider with this platform's classifier (for "
				+ "example linux-x86_64) and the name AmazonCorrettoCryptoProvider. Where the provider's native "
				+ "library does not load, remove the property: the JDK's providers verify signatures, about half "
				+ "as fast.");
		FIXES.put("trymellon.token.", "Fix the value as the reason says, or remove the property to use its "
				+ "default.");
		FIXES.put("trymellon.revocation.retention", "Set 'trymellon.revocation.retention' to at least "
				+ "'trymellon.token.max-lifetime' plus twice 'trymellon.token.clock-skew' (the reason gives the "
				+ "value), or lower 'trymellon.token.max-lifetime'.");
		FIXES.put("trymellon.revocation.", "Fix the value as the reason says, or remove the property to use its "
				+ "default.");
		FIXES.put("trymellon.redis.", "Fix the value as the reason says, or remove the property to use its "
				+ "default; 'trymellon.redis.enabled=false' keeps revocations in memory instead.");
		FIXES.put("trymellon.security.permit-paths", "List path patterns that start with '/', for example "
				+ "trymellon.security.permit-paths=/,/public/**.");
		FIXES.put("trymellon.authorities.", "Fix the claim mapping as the reason says (docs/configuration.md, "
				+ "'Authorities'), or remove it: by default no claim grants anything.");
	}

	private TryMellonPropertyFixes() {
	}

	/** The fix for the property, or a general one. */
	static String forProperty(String name) {
		String best = null;
		for (String key : FIXES.keySet()) {
			boolean matches = key.endsWith(".") ? name.startsWith(key) : name.equals(key) || name.startsWith(key + "[");
			if (matches && (best == null || key.length() > best.length())) {
				best = key;
			}
		}
		String fix = (best != null) ? FIXES.get(best) : "Fix the value as the reason says.";
		return fix + " " + REFERENCE;
	}

	/** Whether the property holds a secret, whose value is never printed. */
	static boolean isSecret(String name) {
		String lower = name.toLowerCase(java.util.Locale.ROOT);
		return lower.contains("secret") || lower.contains("password") || lower.contains("credential");
	}

}
