package dev.trymellon.spring.webhook;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.context.ApplicationEventPublisher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The body every adapter answers a result with, and the receiver builder's rules, which
 * the {@code trymellon.webhook.*} properties report as invalid values.
 */
class DeliveryResultTests {

	private final TryMellonWebhookReceiver.Builder builder = TryMellonWebhookReceiver.builder(
			new WebhookSignatureVerifier(List.of("whsec_0123456789abcdef")), new InMemoryProcessedEventStore(),
			(ApplicationEventPublisher) (event) -> {
			});

	@Test
	void problemBodyWhenAcceptedThenEmptyElseTheStatusAndItsTitleOnly() {
		assertThat(DeliveryResult.ACCEPTED.problemBody()).isEmpty();
		assertThat(DeliveryResult.DUPLICATE.problemBody()).isEmpty();
		assertThat(body(DeliveryResult.SIGNATURE_INVALID)).isEqualTo("{\"title\":\"Unauthorized\",\"status\":401}");
		assertThat(body(DeliveryResult.MALFORMED_JSON)).isEqualTo("{\"title\":\"Bad Request\",\"status\":400}");
		assertThat(body(DeliveryResult.METHOD_NOT_ALLOWED))
			.isEqualTo("{\"title\":\"Method Not Allowed\",\"status\":405}");
		assertThat(body(DeliveryResult.IN_PROGRESS)).isEqualTo("{\"title\":\"Conflict\",\"status\":409}");
		assertThat(body(DeliveryResult.BODY_TOO_LARGE)).isEqualTo("{\"title\":\"Content Too Large\",\"status\":413}");
		assertThat(body(DeliveryResult.STORE_FAILED))
			.isEqualTo("{\"title\":\"Internal Server Error\",\"status\":500}");
		for (DeliveryResult result : DeliveryResult.values()) {
			assertThat(body(result)).as(result.name()).doesNotContain(result.reason());
		}
	}

	@Test
	void problemBodyWhenChangedByACallerThenTheNextAnswerIsIntact() {
		DeliveryResult.SIGNATURE_INVALID.problemBody()[2] = 'X';
		assertThat(body(DeliveryResult.SIGNATURE_INVALID)).isEqualTo("{\"title\":\"Unauthorized\",\"status\":401}");
	}

	@Test
	void builderWhenNotSetThenTheDefaultConstants() {
		TryMellonWebhookReceiver receiver = this.builder.build();
		assertThat(receiver.getPath()).isEqualTo(TryMellonWebhookReceiver.DEFAULT_PATH).isEqualTo("/webhooks/trymellon");
		assertThat(receiver.getMaxBodySize()).isEqualTo(TryMellonWebhookReceiver.DEFAULT_MAX_BODY_SIZE)
			.isEqualTo(256 * 1024);
	}

	@Test
	void builderWhenHeaderNameIsNoHttpTokenThenRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.builder.signatureHeaders(List.of("tm signature")));
		assertThatIllegalArgumentException().isThrownBy(() -> this.builder.signatureHeaders(List.of("tm:signature")));
		assertThatIllegalArgumentException().isThrownBy(() -> this.builder.signatureHeaders(List.of("")));
		assertThatIllegalArgumentException().isThrownBy(() -> this.builder.signatureHeaders(List.of()));
		this.builder.signatureHeaders(List.of("x-custom-signature"));
	}

	@Test
	void builderWhenTtlOrLeaseUnderOneSecondThenRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.builder.replayTtl(Duration.ofMillis(999)));
		assertThatIllegalArgumentException().isThrownBy(() -> this.builder.processingLease(Duration.ofMillis(999)));
		this.builder.replayTtl(Duration.ofSeconds(1)).processingLease(Duration.ofSeconds(1));
	}

	private static String body(DeliveryResult result) {
		return new String(result.problemBody(), StandardCharsets.UTF_8);
	}

}
