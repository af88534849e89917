package dev.trymellon.spring.webhook;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A delivery as an adapter hands it to the receiver: headers (names without regard to
 * case, values in order) and the raw body. No servlet or reactive type.
 */
final class TestDelivery implements WebhookHeaders {

	private final Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

	private final byte[] body;

	TestDelivery(byte[] body) {
		this.body = body;
	}

	TestDelivery addHeader(String name, String value) {
		this.headers.computeIfAbsent(name, (key) -> new ArrayList<>()).add(value);
		return this;
	}

	TestDelivery removeHeader(String name) {
		this.headers.remove(name);
		return this;
	}

	byte[] body() {
		return this.body;
	}

	@Override
	public List<String> get(String name) {
		return List.copyOf(this.headers.getOrDefault(name, List.of()));
	}

}
