package dev.trymellon.spring.webhook;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class WebhookEnvelopeTests {

	private static final Instant AT = Instant.parse("2026-04-15T11:00:00Z");

	@Test
	void dataIsCopiedReadOnlyWithoutNullMembers() {
		Map<String, Object> nested = new HashMap<>();
		nested.put("k", "v");
		nested.put("gone", null);
		List<Object> list = new ArrayList<>();
		list.add(nested);
		list.add(null);
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("list", list);
		data.put("none", null);
		WebhookEnvelope envelope = new WebhookEnvelope("evt_1", AT, "ten", "app", data);
		data.put("later", "x");
		list.add("later");
		assertThat(envelope.data()).containsOnlyKeys("list");
		@SuppressWarnings("unchecked")
		List<Object> copied = (List<Object>) envelope.data().get("list");
		assertThat(copied).containsExactly(Map.of("k", "v"), null);
		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> envelope.data().clear());
		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> copied.clear());
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> ((Map<?, ?>) copied.get(0)).clear());
	}

	@Test
	void idIsRequired() {
		assertThatIllegalArgumentException().isThrownBy(() -> WebhookEnvelope.of(" "));
		assertThatIllegalArgumentException().isThrownBy(() -> new WebhookEnvelope("", null, null, null, Map.of()));
	}

	@Test
	void ofHasOnlyAnId() {
		assertThat(WebhookEnvelope.of("evt_1")).isEqualTo(new WebhookEnvelope("evt_1", null, null, null, Map.of()));
	}

	@Test
	void eventsReadTheirEnvelope() {
		WebhookEnvelope envelope = new WebhookEnvelope("evt_1", AT, "ten", "app", Map.of("user_id", "u"));
		TryMellonWebhookEvent event = new SessionLogoutEvent(envelope, "u", "s", null, AT);
		assertThat(event.envelope()).isSameAs(envelope);
		assertThat(event.id()).isEqualTo("evt_1");
		assertThat(event.type()).isEqualTo(SessionLogoutEvent.TYPE);
		assertThat(event.createdAt()).isEqualTo(AT);
		assertThat(event.tenantId()).isEqualTo("ten");
		assertThat(event.applicationId()).isEqualTo("app");
		assertThat(event.data()).isEqualTo(Map.of("user_id", "u"));
		assertThat(new UnknownWebhookEvent(envelope, "billing.upgraded").type()).isEqualTo("billing.upgraded");
	}

	@Test
	void anEnvelopeIsRequired() {
		assertThatIllegalArgumentException().isThrownBy(() -> new SessionRevokedEvent(null, null, null, null, null,
				null, null));
		assertThatIllegalArgumentException().isThrownBy(() -> new UnknownWebhookEvent(WebhookEnvelope.of("e"), " "));
	}

	@Test
	@SuppressWarnings("removal")
	void deprecatedConstructorsBuildTheSameEvents() {
		Map<String, Object> data = Map.of("user_id", "u");
		WebhookEnvelope envelope = new WebhookEnvelope("evt_1", AT, "ten", "app", data);
		assertThat(new SessionRevokedEvent("evt_1", AT, "ten", "app", data, "u", "s", "x", "admin", "r", AT))
			.isEqualTo(new SessionRevokedEvent(envelope, "u", "s", "x", "admin", "r", AT));
		assertThat(new UserLockedEvent("evt_1", AT, "ten", "app", data, "u", null, AT, "hard", "r"))
			.isEqualTo(new UserLockedEvent(envelope, "u", null, AT, "hard", "r"));
		assertThat(new UnknownWebhookEvent("evt_1", "billing.upgraded", AT, "ten", "app", data))
			.isEqualTo(new UnknownWebhookEvent(envelope, "billing.upgraded"));
	}

}
