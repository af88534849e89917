package dev.trymellon.spring.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The package boundaries of the autoconfigure module, checked on its compiled main classes so
 * that they stay true without a reviewer.
 */
class PackageBoundaryTests {

	private static final String ROOT = "dev.trymellon.spring";

	private static JavaClasses classes;

	@BeforeAll
	static void importMainClasses() {
		classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
			.importPackages(ROOT);
	}

	@Test
	void libraryPackagesNeverImportTheAutoConfiguration() {
		noClasses().that()
			.resideInAPackage(ROOT + "..")
			.and()
			.resideOutsideOfPackage(ROOT + ".autoconfigure..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage(ROOT + ".autoconfigure..")
			.because("library code must not know Boot's property names or configuration classes")
			.check(classes);
	}

	@Test
	void sessionApiNeverImportsItsImplementations() {
		noClasses().that()
			.resideInAPackage(ROOT + ".session")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage(ROOT + ".session.offline..", ROOT + ".session.remote..")
			.because("the API (SessionTokenVerifier, TryMellonSession) is independent of how a token is checked")
			.check(classes);
	}

	@Test
	void webhookNeverImportsTheWebLayer() {
		noClasses().that()
			.resideInAPackage(ROOT + ".webhook..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage(ROOT + ".web..")
			.because("webhook delivery is not session-token authentication")
			.check(classes);
	}

	@Test
	void requestPathNeverImportsRedis() {
		noClasses().that()
			.resideInAnyPackage(ROOT + ".session..", ROOT + ".web..", ROOT + ".authority..", ROOT + ".revocation..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage(ROOT + ".redis..", "org.springframework.data.redis..", "io.lettuce..")
			.because("a request is answered from memory; Redis is behind the RevocationStore SPI")
			.check(classes);
	}

	@Test
	void verificationCoreKnowsNoServletType() {
		noClasses().that()
			.resideInAnyPackage(ROOT + ".session..", ROOT + ".authority..", ROOT + ".revocation..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("jakarta.servlet..", "org.springframework.web..", "org.springframework.http..")
			.because("the same core serves servlet and reactive applications")
			.check(classes);
	}

	@Test
	void webhookReceiverKnowsNoWebStack() {
		noClasses().that()
			.resideInAPackage(ROOT + ".webhook")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("jakarta.servlet..", "org.springframework.web..", "org.springframework.http..",
					"reactor..", "org.reactivestreams..", ROOT + ".webhook.servlet..", ROOT + ".webhook.reactive..")
			.because("the same receiver serves the servlet filter and the reactive WebFilter, which adapt it")
			.check(classes);
	}

	@Test
	void sharedAnswersKnowNoWebStack() {
		noClasses().that()
			.resideInAPackage(ROOT + ".web.internal")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("jakarta.servlet..", "org.springframework.web..", "reactor..",
					"org.reactivestreams..", "org.springframework.security.web..")
			.because("the servlet and the reactive side share one definition of every answer and token rule")
			.check(classes);
	}

	@Test
	void reactiveIntegrationKnowsNoServletType() {
		noClasses().that()
			.resideInAnyPackage(ROOT + ".web.reactive..", ROOT + ".autoconfigure.web.reactive..",
					ROOT + ".browser.reactive..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("jakarta.servlet..", "org.springframework.web.servlet..",
					"org.springframework.security.web.access..", "org.springframework.security.web.authentication..")
			.because("a WebFlux application has no servlet API on its class path")
			.check(classes);
	}

	@Test
	void sharedBrowserSessionLogicKnowsNoWebStack() {
		noClasses().that()
			.resideInAnyPackage(ROOT + ".browser", ROOT + ".browser.internal")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("jakarta.servlet..", "org.springframework.web..", "reactor..",
					"org.reactivestreams..", "org.springframework.security.web..", ROOT + ".browser.servlet..",
					ROOT + ".browser.reactive..")
			.because("the servlet and the reactive session endpoints share one definition of every decision")
			.check(classes);
	}

	@Test
	void servletBrowserSessionsKnowNoReactiveType() {
		noClasses().that()
			.resideInAPackage(ROOT + ".browser.servlet..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("reactor..", "org.reactivestreams..", "org.springframework.web.server..",
					ROOT + ".browser.reactive..")
			.because("a servlet application may have no Reactor on its class path")
			.check(classes);
	}

	@Test
	void onlyTheActuateLayerImportsMicrometer() {
		noClasses().that()
			.resideOutsideOfPackages(ROOT + ".actuate..", ROOT + ".autoconfigure.actuate..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("io.micrometer..")
			.because("meters are an optional concern, registered up front by the actuate layer")
			.check(classes);
	}

}
