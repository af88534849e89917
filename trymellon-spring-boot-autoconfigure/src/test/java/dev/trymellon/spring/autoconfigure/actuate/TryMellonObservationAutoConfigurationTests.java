package dev.trymellon.spring.autoconfigure.actuate;

import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import org.junit.jupiter.api.Test;

import dev.trymellon.spring.actuate.AuthenticationErrorCodeObservationFilter;
import dev.trymellon.spring.actuate.JwksFetchObservations;
import dev.trymellon.spring.actuate.RevocationSyncObservations;
import dev.trymellon.spring.actuate.WebhookDeliveryObservations;
import dev.trymellon.spring.autoconfigure.TryMellonAutoConfiguration;
import dev.trymellon.spring.session.offline.JwksKeySource;
import dev.trymellon.spring.testfixtures.TestTokens;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

class TryMellonObservationAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class, TryMellonAutoConfiguration.class,
				TryMellonObservationAutoConfiguration.class))
		.withPropertyValues("trymellon.client-id=" + TestTokens.CLIENT_ID,
				"trymellon.jwks.uri=" + TestTokens.unreachableJwksUri());

	@Test
	void observationsWhenRegistryPresentThenEveryHookIsDeclaredAndTheKeySourceUsesIt() {
		this.contextRunner.withBean(TestObservationRegistry.class, TestObservationRegistry::create).run((context) -> {
			assertThat(context).hasSingleBean(JwksFetchObservations.class)
				.hasSingleBean(WebhookDeliveryObservations.class)
				.hasSingleBean(RevocationSyncObservations.class)
				.hasSingleBean(AuthenticationErrorCodeObservationFilter.class);
			assertThat(context.getBean(JwksKeySource.class).refreshNow()).isFalse();
			assertThat(context.getBean(TestObservationRegistry.class))
				.hasObservationWithNameEqualTo(JwksFetchObservations.NAME)
				.that()
				.hasLowCardinalityKeyValue("outcome", "failure");
		});
	}

	@Test
	void observationsWhenDisabledTheBootWayThenNothingIsRecorded() {
		this.contextRunner.withBean(TestObservationRegistry.class, TestObservationRegistry::create)
			.withPropertyValues("management.observations.enable.trymellon=false")
			.run((context) -> {
				context.getBean(JwksKeySource.class).refreshNow();
				assertThat(context.getBean(TestObservationRegistry.class)).doesNotHaveAnyObservation();
			});
	}

	@Test
	void observationsWhenNoRegistryThenNone() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(TryMellonObservationAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(JwksFetchObservations.class)
				.doesNotHaveBean(ObservationRegistry.class));
	}

	@Test
	void observationsWhenRedisOrSecurityAbsentThenTheirHooksAreNot() {
		this.contextRunner.withBean(TestObservationRegistry.class, TestObservationRegistry::create)
			.withClassLoader(new FilteredClassLoader("org.springframework.data.redis",
					"org.springframework.security.authentication"))
			.run((context) -> assertThat(context).hasSingleBean(JwksFetchObservations.class)
				.doesNotHaveBean(RevocationSyncObservations.class)
				.doesNotHaveBean(AuthenticationErrorCodeObservationFilter.class));
	}

}
