package dev.trymellon.spring.aot;

import java.lang.reflect.RecordComponent;

import org.junit.jupiter.api.Test;

import dev.trymellon.spring.webhook.SessionRevokedEvent;
import dev.trymellon.spring.webhook.WebhookEnvelope;

import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.core.io.support.SpringFactoriesLoader;

import static org.assertj.core.api.Assertions.assertThat;

class TryMellonRuntimeHintsTests {

	private final RuntimeHints hints = new RuntimeHints();

	TryMellonRuntimeHintsTests() {
		new TryMellonRuntimeHints().registerHints(this.hints, getClass().getClassLoader());
	}

	@Test
	void registrarIsListedInAotFactories() {
		assertThat(SpringFactoriesLoader.forResourceLocation("META-INF/spring/aot.factories")
			.load(RuntimeHintsRegistrar.class)).anyMatch(TryMellonRuntimeHints.class::isInstance);
	}

	@Test
	void webhookPayloadRecordsCanBeBoundByJackson() throws Exception {
		for (Class<?> payload : TryMellonRuntimeHints.WEBHOOK_PAYLOADS) {
			assertThat(RuntimeHintsPredicates.reflection().onType(payload)).as(payload.getName()).accepts(this.hints);
			assertThat(RuntimeHintsPredicates.reflection()
				.onConstructorInvocation(payload.getDeclaredConstructors()[0])).as(payload.getName()).accepts(this.hints);
		}
		for (RecordComponent component : SessionRevokedEvent.class.getRecordComponents()) {
			assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(component.getAccessor()))
				.as(component.getName())
				.accepts(this.hints);
		}
		assertThat(RuntimeHintsPredicates.reflection().onType(WebhookEnvelope.class)).accepts(this.hints);
	}

	@Test
	void caffeineCacheClassesCanBeCreatedByName() {
		assertThat(TryMellonRuntimeHints.caffeineCacheClasses()).hasSize(3).allSatisfy((type) -> {
			assertThat(type.getName()).startsWith("com.github.benmanes.caffeine.cache.");
			assertThat(RuntimeHintsPredicates.reflection()
				.onType(type)
				.withMemberCategory(MemberCategory.INVOKE_DECLARED_CONSTRUCTORS)).accepts(this.hints);
		});
	}

	@Test
	void configurationMetadataIsAResource() {
		for (String file : TryMellonRuntimeHints.METADATA) {
			assertThat(RuntimeHintsPredicates.resource().forResource(file)).as(file).accepts(this.hints);
		}
	}

}
