package dev.trymellon.spring.autoconfigure;

import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.trymellon.spring.session.offline.JwksKeySource;
import dev.trymellon.spring.session.offline.VerifiedTokenCache;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * A value the library refuses is reported as an invalid property, naming it, the value
 * and the fix; the token values several components read are checked once, here.
 */
class PropertyChecksTests {

	@Test
	void checkedWhenTheLibraryRefusesTheValueThenTheFailureNamesTheProperty() {
		JwksKeySource.Builder builder = JwksKeySource.fromUri(URI.create("https://keys.example.test/jwks"));
		assertThatExceptionOfType(InvalidConfigurationPropertyValueException.class)
			.isThrownBy(() -> PropertyChecks.checked("trymellon.jwks.ttl", "Must be positive", builder::ttl)
				.accept(Duration.ZERO))
			.satisfies((ex) -> {
				assertThat(ex.getName()).isEqualTo("trymellon.jwks.ttl");
				assertThat(ex.getValue()).isEqualTo(Duration.ZERO);
				assertThat(ex.getReason()).isEqualTo("Must be positive");
			});
	}

	@Test
	void checkedWhenTheLibraryAcceptsTheValueThenItIsSet() {
		StringBuilder set = new StringBuilder();
		PropertyChecks.checked("trymellon.x", "reason", set::append).accept("value");
		assertThat(set).hasToString("value");
	}

	@Test
	void checkedWhenTheSetterFailsOtherwiseThenThatFailureIsNotRelabelled() {
		assertThatIllegalStateException().isThrownBy(() -> PropertyChecks.checked("trymellon.x", "reason", (value) -> {
			throw new IllegalStateException("not a property problem");
		}).accept("value")).withMessage("not a property problem");
	}

	@Test
	void creatingWhenTheFactoryRefusesTheValueThenTheFailureNamesTheProperty() {
		assertThatExceptionOfType(InvalidConfigurationPropertyValueException.class)
			.isThrownBy(() -> PropertyChecks.creating("trymellon.token.cache.max-size", "Must be positive",
					(Long size) -> new VerifiedTokenCache(size))
				.apply(0L))
			.satisfies((ex) -> assertThat(ex.getName()).isEqualTo("trymellon.token.cache.max-size"));
	}

	@Test
	void sharedTokenValuesWhenInvalidThenEachNamesItsProperty() {
		TryMellonProperties properties = new TryMellonProperties();
		properties.getToken().setClockSkew(Duration.ofSeconds(-1));
		properties.getToken().setMaxLifetime(Duration.ZERO);
		properties.getToken().setMaxLength(0);
		assertThatExceptionOfType(InvalidConfigurationPropertyValueException.class)
			.isThrownBy(() -> PropertyChecks.clockSkew(properties))
			.satisfies((ex) -> assertThat(ex.getName()).isEqualTo("trymellon.token.clock-skew"));
		assertThatExceptionOfType(InvalidConfigurationPropertyValueException.class)
			.isThrownBy(() -> PropertyChecks.maxLifetime(properties))
			.satisfies((ex) -> assertThat(ex.getName()).isEqualTo("trymellon.token.max-lifetime"));
		assertThatExceptionOfType(InvalidConfigurationPropertyValueException.class)
			.isThrownBy(() -> PropertyChecks.maxLength(properties))
			.satisfies((ex) -> assertThat(ex.getName()).isEqualTo("trymellon.token.max-length"));
	}

	@Test
	void sharedTokenValuesWhenSetThenUsed() {
		TryMellonProperties properties = new TryMellonProperties();
		properties.getToken().setClockSkew(Duration.ZERO);
		properties.getToken().setMaxLifetime(Duration.ofMinutes(10));
		properties.getToken().setMaxLength(100);
		assertThat(PropertyChecks.clockSkew(properties)).isZero();
		assertThat(PropertyChecks.maxLifetime(properties)).isEqualTo(Duration.ofMinutes(10));
		assertThat(PropertyChecks.maxLength(properties)).isEqualTo(100);
	}

}
