package dev.trymellon.spring.test;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * Runs small test classes (nested here, so that the build does not run them on their own)
 * with the JUnit launcher and checks what the extension did.
 */
class TryMellonExtensionTests {

	static final List<TryMellonTestIssuer> seen = new ArrayList<>();

	@Test
	void injectsOneRunningIssuerPerClassAndClosesIt() throws Exception {
		seen.clear();
		TestExecutionSummary summary = run(DeclarativeUse.class);
		assertThat(summary.getTestsSucceededCount()).isEqualTo(3);
		assertThat(summary.getTestsFailedCount()).isZero();
		assertThat(seen).hasSize(4);
		assertThat(seen).allSatisfy((issuer) -> assertThat(issuer).isSameAs(seen.get(0)));
		assertThatExceptionOfType(ConnectException.class).isThrownBy(() -> get(seen.get(0).getJwksUri()));
	}

	@Test
	void registeredInstanceAppliesTheCustomizerAndExposesTheIssuer() throws Exception {
		seen.clear();
		TestExecutionSummary summary = run(ProgrammaticUse.class);
		assertThat(summary.getTestsSucceededCount()).isEqualTo(1);
		assertThat(summary.getTestsFailedCount()).isZero();
		assertThat(seen).hasSize(1);
		assertThat(seen.get(0).getAudience()).isEqualTo("client_abc");
		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(ProgrammaticUse.tryMellon::getIssuer);
		assertThatExceptionOfType(ConnectException.class).isThrownBy(() -> get(seen.get(0).getJwksUri()));
	}

	private static TestExecutionSummary run(Class<?> testClass) {
		LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
			.selectors(selectClass(testClass))
			.build();
		Launcher launcher = LauncherFactory.create();
		SummaryGeneratingListener listener = new SummaryGeneratingListener();
		launcher.execute(request, listener);
		return listener.getSummary();
	}

	private static HttpResponse<String> get(URI uri) throws Exception {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
	}

	@ExtendWith(TryMellonExtension.class)
	static class DeclarativeUse {

		@BeforeAll
		static void beforeAll(TryMellonTestIssuer issuer) {
			seen.add(issuer);
		}

		@Test
		void first(TryMellonTestIssuer issuer) throws Exception {
			seen.add(issuer);
			assertThat(get(issuer.getJwksUri()).statusCode()).isEqualTo(200);
		}

		@Test
		void second(TryMellonTestIssuer issuer) {
			seen.add(issuer);
		}

		@Nested
		class Inner {

			@Test
			void sharesTheEnclosingIssuer(TryMellonTestIssuer issuer) {
				seen.add(issuer);
			}

		}

	}

	static class ProgrammaticUse {

		@RegisterExtension
		static final TryMellonExtension tryMellon = new TryMellonExtension((issuer) -> issuer.audience("client_abc"));

		@Test
		void usesTheCustomizedIssuer(TryMellonTestIssuer issuer) {
			assertThat(tryMellon.getIssuer()).isSameAs(issuer);
			seen.add(issuer);
		}

	}

}
