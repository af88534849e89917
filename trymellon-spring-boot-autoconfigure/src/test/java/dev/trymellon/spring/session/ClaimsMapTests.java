package dev.trymellon.spring.session;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The compact claims map: a {@link Map} like any other to its readers, in insertion
 * order, immutable.
 */
class ClaimsMapTests {

	private static Map<String, Object> source() {
		Map<String, Object> source = new LinkedHashMap<>();
		source.put("sub", "user_1");
		source.put("iat", 1_700_000_000L);
		source.put("beta", true);
		source.put("none", null);
		source.put("aud", "client_a");
		return source;
	}

	private static ClaimsMap copy(Map<?, ?> map) {
		ClaimsMap copy = ClaimsMap.copyOf(map, Function.identity());
		assertThat(copy).isNotNull();
		return copy;
	}

	@Test
	void copyOfThenSameMappingsInInsertionOrder() {
		ClaimsMap claims = copy(source());
		assertThat(claims).hasSize(5);
		assertThat(claims.keySet()).containsExactly("sub", "iat", "beta", "none", "aud");
		assertThat(new ArrayList<>(claims.values())).containsExactly("user_1", 1_700_000_000L, true, null, "client_a");
		List<String> visited = new ArrayList<>();
		claims.forEach((name, value) -> visited.add(name + "=" + value));
		assertThat(visited).containsExactly("sub=user_1", "iat=1700000000", "beta=true", "none=null", "aud=client_a");
	}

	@Test
	void getThenValueForEqualNameNotOnlyTheSameInstance() {
		ClaimsMap claims = copy(source());
		assertThat(claims.get(new String("sub".toCharArray()))).isEqualTo("user_1");
		assertThat(claims.get("iat")).isEqualTo(1_700_000_000L);
		assertThat(claims.get("missing")).isNull();
		assertThat(claims.get(null)).isNull();
		assertThat(claims.get(42)).isNull();
		assertThat(claims.getOrDefault("missing", "fallback")).isEqualTo("fallback");
		assertThat(claims.getOrDefault("none", "fallback")).isNull();
	}

	@Test
	void nullValueThenKeyPresentAndValueNull() {
		ClaimsMap claims = copy(source());
		assertThat(claims.containsKey("none")).isTrue();
		assertThat(claims.containsValue(null)).isTrue();
		assertThat(claims.containsKey("missing")).isFalse();
		assertThat(claims.containsKey(null)).isFalse();
		assertThat(claims.containsValue("absent")).isFalse();
		assertThat(claims.entrySet()).contains(Map.entry("sub", "user_1")).doesNotContain(Map.entry("sub", "other"));
	}

	@Test
	void equalsAndHashCodeThenSameAsOrdinaryMaps() {
		Map<String, Object> linked = source();
		ClaimsMap claims = copy(linked);
		Map<String, Object> hashed = new HashMap<>(linked);
		assertThat(claims).isEqualTo(linked).isEqualTo(hashed).hasSameHashCodeAs(linked).hasSameHashCodeAs(hashed);
		assertThat(linked).isEqualTo(claims);
		assertThat(hashed).isEqualTo(claims);
		assertThat(claims.toString()).isEqualTo(linked.toString());
		Map<String, Object> other = source();
		other.put("aud", "client_b");
		assertThat(claims).isNotEqualTo(other);
		assertThat(copy(Map.of())).isEqualTo(Map.of()).hasSameHashCodeAs(Map.of()).isEmpty();
	}

	@Test
	void everyMutatorThenUnsupportedEvenWhenNothingWouldChange() {
		ClaimsMap claims = copy(source());
		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> claims.put("sub", "x"));
		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> claims.remove("missing"));
		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> claims.remove("sub", "x"));
		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> claims.putAll(Map.of()));
		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(claims::clear);
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> claims.replaceAll((name, value) -> value));
		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> claims.putIfAbsent("x", 1));
		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> claims.replace("sub", "x"));
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> claims.replace("sub", "user_1", "x"));
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> claims.computeIfAbsent("x", (name) -> 1));
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> claims.computeIfPresent("sub", (name, value) -> 1));
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> claims.compute("sub", (name, value) -> 1));
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> claims.merge("sub", "x", (a, b) -> b));
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> claims.entrySet().iterator().next().setValue("x"));
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> claims.keySet().iterator().remove());
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> claims.values().removeIf((value) -> true));
		assertThat(claims).isEqualTo(source());
	}

	@Test
	void copyOfThenNullWhenTooLargeOrANameIsNotAString() {
		Map<String, Object> large = new LinkedHashMap<>();
		for (int i = 0; i <= ClaimsMap.MAX_SIZE; i++) {
			large.put("claim_" + i, i);
		}
		assertThat(ClaimsMap.copyOf(large, Function.identity())).isNull();
		large.remove("claim_0");
		assertThat(ClaimsMap.copyOf(large, Function.identity())).hasSize(ClaimsMap.MAX_SIZE).isEqualTo(large);
		Map<Object, Object> nullName = new HashMap<>();
		nullName.put(null, "x");
		assertThat(ClaimsMap.copyOf(nullName, Function.identity())).isNull();
		assertThat(ClaimsMap.copyOf(Map.of(1, "x"), Function.identity())).isNull();
	}

	@Test
	void copyOfThenValuesMappedAndSourceChangesNotSeen() {
		Map<String, Object> source = source();
		ClaimsMap claims = ClaimsMap.copyOf(source, (value) -> (value instanceof String text) ? text.toUpperCase() : value);
		source.put("sub", "changed");
		assertThat(claims).containsEntry("sub", "USER_1").containsEntry("aud", "CLIENT_A").containsEntry("beta", true);
	}

	@Test
	void serializationThenEqualImmutableClaimsMap() throws Exception {
		ClaimsMap claims = copy(source());
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
			out.writeObject(claims);
		}
		try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
			Object read = in.readObject();
			assertThat(read).isInstanceOf(ClaimsMap.class).isEqualTo(claims).hasSameHashCodeAs(claims);
			assertThat(new ArrayList<Object>(((Map<?, ?>) read).keySet())).containsExactly("sub", "iat", "beta", "none", "aud");
			assertThatExceptionOfType(UnsupportedOperationException.class)
				.isThrownBy(() -> ((ClaimsMap) read).put("sub", "x"));
		}
	}

}
