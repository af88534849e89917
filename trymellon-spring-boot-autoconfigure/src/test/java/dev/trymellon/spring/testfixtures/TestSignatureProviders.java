package dev.trymellon.spring.testfixtures;

import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.NoSuchProviderException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Security;
import java.security.Signature;
import java.security.SignatureException;
import java.security.SignatureSpi;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

/**
 * JCA providers for the signature-provider tests, registered nowhere: each offers
 * {@code SHA256withRSA} (the JDK's {@code SunRsaSign} doing the work) and counts the
 * {@link Signature} objects made of it. {@link Counting} and {@link AlwaysValid} are
 * also listed in the test {@code META-INF/services/java.security.Provider}, so that the
 * auto-configuration finds them by name.
 */
public final class TestSignatureProviders {

	private TestSignatureProviders() {
	}

	/** The names of the providers registered with {@link Security}, in order. */
	public static List<String> registered() {
		return Arrays.stream(Security.getProviders()).map(Provider::getName).toList();
	}

	/**
	 * The JDK's verification, counted in {@link #SIGNATURES} (static: the service loader
	 * makes its own instance).
	 */
	public static final class Counting extends Provider {

		public static final String NAME = "TryMellonTestCounting";

		public static final AtomicInteger SIGNATURES = new AtomicInteger();

		public Counting() {
			super(NAME, "1.0", "Counts SHA256withRSA signatures, verified by SunRsaSign");
			putService(new SignatureService(this, SIGNATURES, null));
		}

	}

	/** Says every signature is valid. */
	public static final class AlwaysValid extends Provider {

		public static final String NAME = "TryMellonTestAlwaysValid";

		public AlwaysValid() {
			super(NAME, "1.0", "Accepts every SHA256withRSA signature");
			putService(new SignatureService(this, new AtomicInteger(), true));
		}

	}

	/** Says no signature is valid. */
	public static final class NeverValid extends Provider {

		public static final String NAME = "TryMellonTestNeverValid";

		public NeverValid() {
			super(NAME, "1.0", "Refuses every SHA256withRSA signature");
			putService(new SignatureService(this, new AtomicInteger(), false));
		}

	}

	/** Offers no signature at all, as a native provider whose library did not load. */
	public static final class Empty extends Provider {

		public static final String NAME = "TryMellonTestEmpty";

		public Empty() {
			super(NAME, "1.0", "Offers nothing");
		}

	}

	private static final class SignatureService extends Provider.Service {

		private final AtomicInteger count;

		private final @Nullable Boolean answer;

		SignatureService(Provider provider, AtomicInteger count, @Nullable Boolean answer) {
			super(provider, "Signature", "SHA256withRSA", DelegatingSignature.class.getName(), null, null);
			this.count = count;
			this.answer = answer;
		}

		@Override
		public Object newInstance(@Nullable Object constructorParameter) throws NoSuchAlgorithmException {
			this.count.incrementAndGet();
			try {
				return new DelegatingSignature(Signature.getInstance("SHA256withRSA", "SunRsaSign"), this.answer);
			}
			catch (NoSuchProviderException ex) {
				throw new NoSuchAlgorithmException(ex);
			}
		}

	}

	private static final class DelegatingSignature extends SignatureSpi {

		private final Signature delegate;

		private final @Nullable Boolean answer;

		DelegatingSignature(Signature delegate, @Nullable Boolean answer) {
			this.delegate = delegate;
			this.answer = answer;
		}

		@Override
		protected void engineInitVerify(PublicKey publicKey) throws InvalidKeyException {
			this.delegate.initVerify(publicKey);
		}

		@Override
		protected void engineInitSign(PrivateKey privateKey) {
			throw new UnsupportedOperationException("verification only");
		}

		@Override
		protected void engineUpdate(byte b) throws SignatureException {
			this.delegate.update(b);
		}

		@Override
		protected void engineUpdate(byte[] b, int off, int len) throws SignatureException {
			this.delegate.update(b, off, len);
		}

		@Override
		protected byte[] engineSign() {
			throw new UnsupportedOperationException("verification only");
		}

		@Override
		protected boolean engineVerify(byte[] sigBytes) throws SignatureException {
			boolean valid = this.delegate.verify(sigBytes);
			return (this.answer != null) ? this.answer : valid;
		}

		@Override
		@Deprecated
		protected void engineSetParameter(String param, Object value) {
			throw new UnsupportedOperationException();
		}

		@Override
		@Deprecated
		protected Object engineGetParameter(String param) {
			throw new UnsupportedOperationException();
		}

	}

}
