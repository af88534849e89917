package dev.trymellon.spring.session.offline;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.Comparator;
import java.util.Set;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.util.Base64URL;

import dev.trymellon.spring.session.offline.SigningKeys.SigningKey;

/**
 * The verifiers of an explicit JCA provider, and the check that the provider really
 * verifies before any token is handed to it. The provider is set on each verifier's own
 * JCA context, never registered with {@link java.security.Security}.
 * <p>
 * The check, for each allowed algorithm: when an RSA algorithm is allowed, a known RS256
 * signature must verify and the same signature over other bytes must not (a provider
 * whose native code did not load, or that answers wrongly, fails here, not on the first
 * request); every other algorithm must be a {@link Signature} the provider offers.
 */
final class SignatureProviders {

	/** The message {@link #PROBE_SIGNATURE} signs, with {@link #PROBE_MODULUS}'s key. */
	private static final byte[] PROBE_INPUT = "TryMellon signature provider check".getBytes(StandardCharsets.US_ASCII);

	/** The RSA-2048 modulus of the probe key (exponent 65537), base64url. */
	private static final String PROBE_MODULUS = "wIDiTjI7kL0ZbFaYJXjVPiCNWd00XwCw-hL1jYTONSAVhz4D4Qu0MkbcHEKEfBjdCbQXP52n"
			+ "32uCO8NcZCus02YZ1SHUSpZfoYx6al9mU6eOZUTEXSdkbjp593OKSXXIN4eQwFgoDcI7KdOinvM3v_9KNQX6_2xkD2Bs7EhAH2hykwn3"
			+ "l8R-JuidRSmZlYbmc7Vx5TY-mVPJLl3-zzOQ_QbBbnEV1_x-q5sE1vL4KAibqWGIfjL1k61X_UfpY3c6Ibqa6cke-7vh8s7rj1oScKNt"
			+ "qpXv7jS2V7OjAccbaT7IzqlyaJ5ouuuJiaXh68ftAIU5mnC0CkJ0LpFnJHp4KQ";

	/** The RS256 signature of {@link #PROBE_INPUT}, base64url. */
	private static final Base64URL PROBE_SIGNATURE = new Base64URL("L7C_OdKnII4xg-C_PPhtaxqeufXcIT4ctAy7ihnBXknUH273T"
			+ "Lz-qnSGloEVF2aBPH0RPreT6tNysqN2tcK2pozs_aYJ0gjDuD6GWeeU2f5Ci5C1BX46SxMreu7z9vxtxCmiycRzS_miAp4hMpNckgHv-s1"
			+ "uyvDK0gLfwUv_YrjlckK0rq8jc6LwKEXb7Y9vFJy3xOy4CNCd9jS6Y_U126iDTpRGlLFhWJsjovQW-5liuUrakXrkMWZHvy5hQHZqnIT5"
			+ "47nsAaj9hN_e7JGdXruXGNhkx-7eZecIzlTDXgwWPT5-b7Qofds0883HZ0PmfomcCAAfmdA76TClmJHF2Q");

	private SignatureProviders() {
	}

	/**
	 * Checks that the provider verifies every allowed algorithm.
	 * @param provider the provider
	 * @param algorithms the allowed algorithms
	 * @throws IllegalArgumentException naming the provider, the algorithm and what went
	 * wrong
	 */
	static void check(Provider provider, Set<JWSAlgorithm> algorithms) {
		boolean rsa = algorithms.stream().anyMatch(JWSAlgorithm.Family.RSA::contains);
		if (rsa) {
			checkRs256(provider);
		}
		algorithms.stream().sorted(Comparator.comparing(JWSAlgorithm::getName)).forEach((algorithm) -> {
			if (JWSAlgorithm.Family.RSA.contains(algorithm)) {
				checkRsa(provider, algorithm);
			}
			else {
				checkOffered(provider, algorithm);
			}
		});
	}

	/**
	 * A verifier of the key's signatures through the provider.
	 * @param key the key
	 * @param provider the provider
	 * @return the verifier
	 * @throws IllegalStateException when the key cannot have a verifier (never for a key
	 * {@link SigningKeys} kept, which built one already)
	 */
	static JWSVerifier verifier(SigningKey key, Provider provider) {
		JWSVerifier verifier;
		try {
			PublicKey publicKey = translated(key.publicKey(), provider);
			if (publicKey instanceof RSAPublicKey rsa) {
				verifier = new RSASSAVerifier(rsa);
			}
			else if (publicKey instanceof ECPublicKey ec) {
				verifier = new ECDSAVerifier(ec);
			}
			else {
				throw new IllegalStateException("No verifier for key '" + key.kid() + "'");
			}
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("No verifier for key '" + key.kid() + "'", ex);
		}
		verifier.getJCAContext().setProvider(provider);
		return verifier;
	}

	/**
	 * The key as the provider's own key object, when it translates it into the same key
	 * (a native provider then converts it once, not at every verification), else the key
	 * itself.
	 */
	static PublicKey translated(PublicKey key, Provider provider) {
		try {
			Key translated = KeyFactory.getInstance(key.getAlgorithm(), provider).translateKey(key);
			if (key instanceof RSAPublicKey rsa && translated instanceof RSAPublicKey other
					&& rsa.getModulus().equals(other.getModulus())
					&& rsa.getPublicExponent().equals(other.getPublicExponent())) {
				return other;
			}
			if (key instanceof ECPublicKey ec && translated instanceof ECPublicKey other
					&& ec.getW().equals(other.getW())
					&& ec.getParams().getCurve().equals(other.getParams().getCurve())) {
				return other;
			}
		}
		catch (GeneralSecurityException | RuntimeException ex) {
			// no key factory of its own for this key type: the provider gets the key as it is
		}
		return key;
	}

	private static void checkRs256(Provider provider) {
		checkOffered(provider, JWSAlgorithm.RS256);
		RSASSAVerifier verifier = new RSASSAVerifier((RSAPublicKey) translated(probeKey(), provider));
		verifier.getJCAContext().setProvider(provider);
		JWSHeader header = new JWSHeader(JWSAlgorithm.RS256);
		byte[] other = PROBE_INPUT.clone();
		other[other.length - 1] ^= 1;
		boolean valid;
		boolean otherValid;
		try {
			valid = verifier.verify(header, PROBE_INPUT, PROBE_SIGNATURE);
			otherValid = verifier.verify(header, other, PROBE_SIGNATURE);
		}
		catch (JOSEException | RuntimeException ex) {
			throw failure(provider, JWSAlgorithm.RS256, describe(ex));
		}
		if (!valid) {
			throw failure(provider, JWSAlgorithm.RS256, "it refused a valid signature");
		}
		if (otherValid) {
			throw failure(provider, JWSAlgorithm.RS256, "it accepted a signature of other bytes");
		}
	}

	/**
	 * Asks for the algorithm's signature exactly as verification will; the probe
	 * signature is not one of it, so the answer is {@code false}, or an exception when the
	 * provider lacks the algorithm.
	 */
	private static void checkRsa(Provider provider, JWSAlgorithm algorithm) {
		checkOffered(provider, algorithm);
		RSASSAVerifier verifier = new RSASSAVerifier(probeKey());
		verifier.getJCAContext().setProvider(provider);
		try {
			verifier.verify(new JWSHeader(algorithm), PROBE_INPUT, PROBE_SIGNATURE);
		}
		catch (JOSEException | RuntimeException ex) {
			throw failure(provider, algorithm, describe(ex));
		}
	}

	/**
	 * Checks that the provider offers the algorithm's {@link Signature}, by its JCA name;
	 * RSASSA-PSS, which Nimbus asks for under more than one name, is left to the
	 * verification it does.
	 */
	private static void checkOffered(Provider provider, JWSAlgorithm algorithm) {
		String family = JWSAlgorithm.Family.RSA.contains(algorithm) ? "RSA" : "ECDSA";
		if (algorithm.getName().startsWith("PS")) {
			return;
		}
		String name = "SHA" + algorithm.getName().substring(2) + "with" + family;
		try {
			Signature.getInstance(name, provider);
		}
		catch (NoSuchAlgorithmException | RuntimeException ex) {
			throw failure(provider, algorithm, "it has no Signature " + name);
		}
	}

	private static RSAPublicKey probeKey() {
		try {
			BigInteger modulus = new BigInteger(1, new Base64URL(PROBE_MODULUS).decode());
			return (RSAPublicKey) KeyFactory.getInstance("RSA")
				.generatePublic(new RSAPublicKeySpec(modulus, BigInteger.valueOf(65537)));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("The JDK cannot read an RSA public key", ex);
		}
	}

	private static String describe(Throwable ex) {
		String message = ex.getMessage();
		return "it failed (" + ex.getClass().getSimpleName() + ((message != null) ? ": " + message : "") + ")";
	}

	private static IllegalArgumentException failure(Provider provider, JWSAlgorithm algorithm, String what) {
		return new IllegalArgumentException("JCA provider '" + provider.getName() + "' cannot verify "
				+ algorithm.getName() + " signatures: " + what);
	}

}
