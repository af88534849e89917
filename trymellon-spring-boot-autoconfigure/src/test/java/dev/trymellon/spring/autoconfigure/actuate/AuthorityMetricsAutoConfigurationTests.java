package dev.trymellon.spring.autoconfigure.actuate;

import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import dev.trymellon.spring.authority.SessionAuthoritiesMapper;
import dev.trymellon.spring.authority.UserAuthoritiesLookup;
import dev.trymellon.spring.autoconfigure.security.TryMellonSecurityAutoConfiguration;
import dev.trymellon.spring.session.TryMellonSession;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code trymellon.authorities.ignored} meter: custom-claim values that granted
 * nothing because they are not canonical.
 */
class AuthorityMetricsAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TryMellonSecurityAutoConfiguration.class,
				TryMellonMetricsAutoConfiguration.class, MetricsAutoConfiguration.class,
				SimpleMetricsExportAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class))
		.withPropertyValues("trymellon.authorities.role-claims=roles");

	@Test
	void ignoredValuesWhenNotCanonicalThenCountedWithoutAVerifier() {
		this.contextRunner.run((context) -> {
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(ignored(registry)).isZero();
			map(context.getBean(SessionAuthoritiesMapper.class), Map.of("roles", "adm\u0131n \u017Fuperuser user"));
			map(context.getBean(SessionAuthoritiesMapper.class), Map.of("roles", "x\u0000"));
			assertThat(ignored(registry)).isEqualTo(3);
		});
	}

	@Test
	void ignoredValuesWhenLookupComposedThenStillCounted() {
		this.contextRunner.withBean(UserAuthoritiesLookup.class, () -> (userId) -> List.of("ROLE_ADMIN"))
			.run((context) -> {
				map(context.getBean(SessionAuthoritiesMapper.class), Map.of("roles", "adm\u0131n"));
				assertThat(ignored(context.getBean(MeterRegistry.class))).isEqualTo(1);
			});
	}

	@Test
	void ignoredValuesWhenApplicationMapperThenNoMeter() {
		this.contextRunner.withBean(SessionAuthoritiesMapper.class, () -> (session) -> List.of())
			.run((context) -> assertThat(context.getBean(MeterRegistry.class)
				.find("trymellon.authorities.ignored")
				.functionCounter()).isNull());
	}

	private static void map(SessionAuthoritiesMapper mapper, Map<String, Object> customClaims) {
		mapper.getAuthorities(TryMellonSession.builder("user_1").customClaims(customClaims).build());
	}

	private static double ignored(MeterRegistry registry) {
		return registry.get("trymellon.authorities.ignored").functionCounter().count();
	}

}
