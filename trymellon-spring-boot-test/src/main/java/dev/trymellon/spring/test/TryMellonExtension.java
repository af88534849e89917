package dev.trymellon.spring.test;

import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

import org.springframework.util.Assert;

/**
 * JUnit Jupiter extension that runs one {@link TryMellonTestIssuer} per test class: started
 * before the first test, closed after the last, and injected into test and lifecycle
 * methods that declare a {@code TryMellonTestIssuer} parameter.
 * <p>
 * Declarative use:
 * <pre class="code">
 * &#64;ExtendWith(TryMellonExtension.class)
 * class VerifierTests {
 *
 *     &#64;Test
 *     void acceptsToken(TryMellonTestIssuer issuer) {
 *         new ApplicationContextRunner()
 *             .withConfiguration(AutoConfigurations.of(TryMellonAutoConfiguration.class))
 *             .withPropertyValues(issuer.propertyValues())
 *             .run((context) -&gt; ...);
 *     }
 * }
 * </pre>
 * Programmatic use, to configure the issuer:
 * <pre class="code">
 * &#64;RegisterExtension
 * static final TryMellonExtension tryMellon = new TryMellonExtension((issuer) -&gt; issuer.audience("client_abc"));
 * </pre>
 * For {@code @SpringBootTest} and test slices use
 * {@link AutoConfigureTryMellon @AutoConfigureTryMellon}, which ties the issuer to the
 * application context and sets the {@code trymellon.*} properties before it starts.
 *
 * @author TryMellon
 * @since 0.1.0
 */
public class TryMellonExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

	private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace
		.create(TryMellonExtension.class);

	private final Consumer<TryMellonTestIssuer.Builder> customizer;

	private volatile @Nullable TryMellonTestIssuer issuer;

	/**
	 * Creates an extension whose issuer has the defaults of
	 * {@link TryMellonTestIssuer#start()}.
	 */
	public TryMellonExtension() {
		this((builder) -> {
		});
	}

	/**
	 * Creates an extension whose issuer is configured by the given customizer.
	 * @param customizer configures the issuer before it starts
	 */
	public TryMellonExtension(Consumer<TryMellonTestIssuer.Builder> customizer) {
		Assert.notNull(customizer, "customizer cannot be null");
		this.customizer = customizer;
	}

	/**
	 * Returns the running issuer of the current test class.
	 * @return the issuer
	 * @throws IllegalStateException when called outside the test class's lifetime
	 */
	public TryMellonTestIssuer getIssuer() {
		TryMellonTestIssuer current = this.issuer;
		Assert.state(current != null, "The TryMellon test issuer runs only while the test class runs");
		return current;
	}

	@Override
	public void beforeAll(ExtensionContext context) {
		if (find(context) != null) {
			return; // a @Nested class shares its enclosing class's issuer
		}
		TryMellonTestIssuer.Builder builder = TryMellonTestIssuer.builder();
		this.customizer.accept(builder);
		TryMellonTestIssuer started = builder.start();
		this.issuer = started;
		context.getStore(NAMESPACE).put(context.getRequiredTestClass(), started);
	}

	@Override
	public void afterAll(ExtensionContext context) {
		TryMellonTestIssuer started = context.getStore(NAMESPACE)
			.remove(context.getRequiredTestClass(), TryMellonTestIssuer.class);
		if (started != null) {
			started.close();
			this.issuer = null;
		}
	}

	@Override
	public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		return parameterContext.getParameter().getType() == TryMellonTestIssuer.class;
	}

	@Override
	public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext)
			throws ParameterResolutionException {
		TryMellonTestIssuer current = find(extensionContext);
		if (current == null) {
			throw new ParameterResolutionException("No TryMellon test issuer is running for "
					+ extensionContext.getDisplayName() + "; register TryMellonExtension on the test class");
		}
		return current;
	}

	private static @Nullable TryMellonTestIssuer find(ExtensionContext context) {
		ExtensionContext current = context;
		while (current != null) {
			if (current.getTestClass().isPresent()) {
				TryMellonTestIssuer found = current.getStore(NAMESPACE)
					.get(current.getRequiredTestClass(), TryMellonTestIssuer.class);
				if (found != null) {
					return found;
				}
			}
			current = current.getParent().orElse(null);
		}
		return null;
	}

}
