package dev.trymellon.spring.fuzz;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.code_intelligence.jazzer.junit.FuzzTest;

import dev.trymellon.spring.authority.ClaimsSessionAuthoritiesMapper;
import dev.trymellon.spring.authority.ClaimsSessionAuthoritiesMapper.ClaimMapping;
import dev.trymellon.spring.session.TryMellonSession;

import org.springframework.security.core.GrantedAuthority;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes {@link ClaimsSessionAuthoritiesMapper} with role claims and claim mappings
 * configured, on arbitrary custom-claim values.
 * <p>
 * Input: one custom claim per line, {@code <kind><name>=<value>}, the kind being
 * {@code s} (string), {@code n} (number, as a decimal), {@code b} (boolean:
 * {@code true} when the value is), {@code l} (a list of the comma-separated parts) or
 * {@code m} (an object holding the value).
 * <p>
 * A failure: any exception; an authority that is not the default one, the name of a
 * boolean claim, or a configured prefix followed by 1 to 64 canonical characters
 * ({@code [A-Z0-9_.:-]}; any case for the mapping that keeps it); the default authority missing; a second call answering differently.
 */
class AuthoritiesMapperFuzzTests {

	private static final Pattern CANONICAL = Pattern.compile("[A-Z0-9_.:-]{1,64}");

	private static final Pattern CANONICAL_ANY_CASE = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");

	private static final ClaimsSessionAuthoritiesMapper MAPPER = mapper();

	private static ClaimsSessionAuthoritiesMapper mapper() {
		ClaimsSessionAuthoritiesMapper mapper = new ClaimsSessionAuthoritiesMapper();
		mapper.setRoleClaims(List.of("roles", "groups"));
		mapper.addClaimMapping("plan", ClaimMapping.DEFAULT);
		mapper.addClaimMapping("beta", new ClaimMapping("FEATURE_", "", true));
		mapper.addClaimMapping("scope", new ClaimMapping("SCOPE_", " ", false));
		mapper.setDefaultAuthorities(List.of("SESSION"));
		return mapper;
	}

	@FuzzTest(maxDuration = "30s")
	void map(byte[] input) {
		Map<String, Object> claims = new LinkedHashMap<>();
		for (String line : FuzzLines.text(input).split("\n", -1)) {
			int equals = line.indexOf('=');
			if (line.isEmpty() || equals < 1) {
				continue;
			}
			claims.put(line.substring(1, equals), value(line.charAt(0), line.substring(equals + 1)));
		}
		TryMellonSession session = TryMellonSession.builder("user_1").customClaims(claims).build();

		Collection<GrantedAuthority> authorities = MAPPER.getAuthorities(session);
		List<String> names = authorities.stream().map(GrantedAuthority::getAuthority).toList();
		assertThat(names).as("default authority").contains("SESSION");
		for (String name : names) {
			assertThat(isCanonical(name)).as("canonical authority '%s'", name).isTrue();
		}
		assertThat(names).as("no duplicates").doesNotHaveDuplicates();
		assertThat(MAPPER.getAuthorities(session).stream().map(GrantedAuthority::getAuthority).toList())
			.as("the same answer twice")
			.isEqualTo(names);
	}

	private static boolean isCanonical(String name) {
		// SESSION: the default authority; PLAN: "plan": true (a boolean grants the claim's name)
		if (name.equals("SESSION") || name.equals("PLAN")) {
			return true;
		}
		for (String prefix : List.of("ROLE_", "PLAN_", "FEATURE_")) {
			if (name.startsWith(prefix) && CANONICAL.matcher(name.substring(prefix.length())).matches()) {
				return true;
			}
		}
		return name.startsWith("SCOPE_") && CANONICAL_ANY_CASE.matcher(name.substring("SCOPE_".length())).matches();
	}

	private static Object value(char kind, String text) {
		return switch (kind) {
			case 'n' -> number(text);
			case 'b' -> Boolean.valueOf(text.equals("true"));
			case 'l' -> List.of(text.split(",", -1));
			case 'm' -> Map.of("value", text);
			default -> text;
		};
	}

	private static Object number(String text) {
		try {
			BigDecimal decimal = new BigDecimal(text);
			return (decimal.scale() <= 0 && decimal.abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) < 0)
					? (Object) decimal.longValueExact() : (Object) decimal.doubleValue();
		}
		catch (NumberFormatException | ArithmeticException ex) {
			return text.length();
		}
	}

}
