package dev.trymellon.spring.session.offline;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import com.nimbusds.jose.JWSAlgorithm;
import org.junit.jupiter.api.Test;

import dev.trymellon.spring.session.SessionTokenException;
import dev.trymellon.spring.session.TryMellonErrorCode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The JWS header rules on their own.
 */
class JwsHeaderRulesTests {

	private final JwsHeaderRules rules = new JwsHeaderRules(Set.of(JWSAlgorithm.RS256), null);

	private static Map<String, Object> header(Object... members) {
		Map<String, Object> header = new LinkedHashMap<>();
		for (int i = 0; i < members.length; i += 2) {
			header.put((String) members[i], members[i + 1]);
		}
		return header;
	}

	private static void assertRefused(Runnable check, TryMellonErrorCode code) {
		assertThatExceptionOfType(SessionTokenException.class).isThrownBy(check::run)
			.satisfies((ex) -> assertThat(ex.getErrorCode()).isEqualTo(code));
	}

	@Test
	void checkWhenAllowedAlgorithmAndSignedThenAnswersIt() {
		assertThat(this.rules.check(header("alg", "RS256", "kid", "k"), true).algorithm())
			.isEqualTo(JWSAlgorithm.RS256);
	}

	@Test
	void checkWhenNoAlgOrNoneOrEncOrOtherAlgThenRefusedWithItsCode() {
		assertRefused(() -> this.rules.check(header("alg", 1), true), TryMellonErrorCode.TOKEN_MALFORMED);
		assertRefused(() -> this.rules.check(header("alg", "none"), false), TryMellonErrorCode.ALGORITHM_NOT_ALLOWED);
		assertRefused(() -> this.rules.check(header("alg", "RS256", "enc", "A128GCM"), true),
				TryMellonErrorCode.ALGORITHM_NOT_ALLOWED);
		assertRefused(() -> this.rules.check(header("alg", "HS256"), true), TryMellonErrorCode.ALGORITHM_NOT_ALLOWED);
	}

	@Test
	void checkWhenCritEvenEmptyOrUnsignedThenMalformed() {
		assertRefused(() -> this.rules.check(header("alg", "RS256", "crit", java.util.List.of()), true),
				TryMellonErrorCode.TOKEN_MALFORMED);
		assertRefused(() -> this.rules.check(header("alg", "RS256"), false), TryMellonErrorCode.TOKEN_MALFORMED);
	}

	@Test
	void checkWhenExpectedTypeThenMatchedAsMediaTypeElseTypeMismatch() {
		JwsHeaderRules typed = new JwsHeaderRules(Set.of(JWSAlgorithm.RS256), "JWT");
		assertThat(typed.check(header("alg", "RS256", "typ", "application/jwt"), true)).isNotNull();
		assertRefused(() -> typed.check(header("alg", "RS256", "typ", "at+jwt"), true),
				TryMellonErrorCode.TOKEN_TYPE_MISMATCH);
		assertRefused(() -> typed.check(header("alg", "RS256"), true), TryMellonErrorCode.TOKEN_TYPE_MISMATCH);
		assertRefused(() -> typed.check(header("alg", "RS256", "typ", 7), true), TryMellonErrorCode.TOKEN_MALFORMED);
	}

	@Test
	void kidWhenMissingOrEmptyThenKidMismatchAndWhenNotAStringThenMalformed() {
		assertThat(JwsHeaderRules.kid(header("kid", "k_main"))).isEqualTo("k_main");
		assertRefused(() -> JwsHeaderRules.kid(header()), TryMellonErrorCode.JWT_KID_MISMATCH);
		assertRefused(() -> JwsHeaderRules.kid(header("kid", "")), TryMellonErrorCode.JWT_KID_MISMATCH);
		assertRefused(() -> JwsHeaderRules.kid(header("kid", 1)), TryMellonErrorCode.TOKEN_MALFORMED);
	}

}
