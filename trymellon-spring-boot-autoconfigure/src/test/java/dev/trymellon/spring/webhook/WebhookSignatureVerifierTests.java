package dev.trymellon.spring.webhook;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class WebhookSignatureVerifierTests {

	private static final String CONTRACT_SECRET = "whsec_test_1234567890";

	private static final byte[] CONTRACT_BODY = "{\"event\":\"auth.success\",\"timestamp\":\"2026-04-15T12:00:00.000Z\"}"
		.getBytes(StandardCharsets.UTF_8);

	private static final String CONTRACT_SIGNATURE = "3411b4971afa3155b8350a9e68bec15b0267ca219bb57ea3516b8ad8ba6972ae";

	// Computed with: printf '%s' '<body>' | openssl dgst -sha256 -hmac 'whsec_second_vector_abcdef012345'
	private static final String SECOND_SECRET = "whsec_second_vector_abcdef012345";

	private static final byte[] SECOND_BODY = ("{\"id\":\"evt_01J9Z\",\"type\":\"session.revoked\","
			+ "\"created_at\":\"2026-04-15T12:00:00Z\",\"data\":{\"user_id\":\"usr_1\",\"session_id\":\"ses_1\"}}")
		.getBytes(StandardCharsets.UTF_8);

	private static final String SECOND_SIGNATURE = "80c1dd9f6121bdbc74b57d96ceb89816c5392bf90acb71e47f669e275d312334";

	// A UTF-8 byte order mark followed by non-ASCII text; openssl over the same bytes.
	static final byte[] BOM_BODY = ("\uFEFF{\"id\":\"evt_bom\",\"type\":\"user.locked\",\"data\":{\"reason\":"
			+ "\"Zu viele Versuche \u2013 gesperrt \u2713\",\"user_id\":\"usr_\u00fc\"}}")
		.getBytes(StandardCharsets.UTF_8);

	static final String BOM_SIGNATURE = "e724b1e272fff44ea3054dbd344acd738552c8472fc3732cbcf56c3333b84f1f";

	private final WebhookSignatureVerifier verifier = new WebhookSignatureVerifier(List.of(CONTRACT_SECRET));

	@Test
	void contractVectorVerifies() {
		assertThat(this.verifier.verify(CONTRACT_BODY, CONTRACT_SIGNATURE)).isTrue();
	}

	@Test
	void secondIndependentVectorVerifies() {
		WebhookSignatureVerifier verifier = new WebhookSignatureVerifier(List.of(SECOND_SECRET));
		assertThat(verifier.verify(SECOND_BODY, SECOND_SIGNATURE)).isTrue();
		assertThat(TestWebhookSigner.sign(SECOND_SECRET, SECOND_BODY)).isEqualTo(SECOND_SIGNATURE);
	}

	@Test
	void bodyWithByteOrderMarkAndNonAsciiTextVerifiesOnTheExactBytes() {
		WebhookSignatureVerifier verifier = new WebhookSignatureVerifier(List.of(SECOND_SECRET));
		assertThat(BOM_BODY[0]).isEqualTo((byte) 0xEF);
		assertThat(verifier.verify(BOM_BODY, BOM_SIGNATURE)).isTrue();
		byte[] withoutBom = new String(BOM_BODY, StandardCharsets.UTF_8).substring(1).getBytes(StandardCharsets.UTF_8);
		assertThat(verifier.verify(withoutBom, BOM_SIGNATURE)).isFalse();
	}

	@Test
	void uppercaseHexVerifies() {
		assertThat(this.verifier.verify(CONTRACT_BODY, CONTRACT_SIGNATURE.toUpperCase(Locale.ROOT))).isTrue();
	}

	@Test
	void surroundingWhitespaceIsIgnored() {
		assertThat(this.verifier.verify(CONTRACT_BODY, " " + CONTRACT_SIGNATURE + "\t")).isTrue();
	}

	@Test
	void signatureOfAnotherBodyIsRefused() {
		assertThat(this.verifier.verify(SECOND_BODY, CONTRACT_SIGNATURE)).isFalse();
	}

	@Test
	void oneChangedBodyByteIsRefused() {
		byte[] changed = CONTRACT_BODY.clone();
		changed[10] ^= 0x01;
		assertThat(this.verifier.verify(changed, CONTRACT_SIGNATURE)).isFalse();
	}

	@Test
	void oneChangedSignatureCharacterIsRefused() {
		String changed = CONTRACT_SIGNATURE.substring(0, 63) + (CONTRACT_SIGNATURE.endsWith("e") ? "f" : "e");
		assertThat(this.verifier.verify(CONTRACT_BODY, changed)).isFalse();
	}

	@Test
	void truncatedHexIsRefused() {
		assertThat(this.verifier.verify(CONTRACT_BODY, CONTRACT_SIGNATURE.substring(0, 62))).isFalse();
		assertThat(this.verifier.verify(CONTRACT_BODY, CONTRACT_SIGNATURE.substring(0, 32))).isFalse();
	}

	@Test
	void nonHexIsRefused() {
		assertThat(this.verifier.verify(CONTRACT_BODY, CONTRACT_SIGNATURE.substring(0, 63) + "g")).isFalse();
		assertThat(this.verifier.verify(CONTRACT_BODY, "sha256=" + CONTRACT_SIGNATURE.substring(7))).isFalse();
		// Full-width digits are digits to Character.digit, but not hex.
		assertThat(this.verifier.verify(CONTRACT_BODY, CONTRACT_SIGNATURE.substring(0, 63) + "\uFF10")).isFalse();
	}

	@Test
	void tenThousandCharacterSignatureIsRefused() {
		assertThat(this.verifier.verify(CONTRACT_BODY, "a".repeat(10_000))).isFalse();
		assertThat(this.verifier.verify(CONTRACT_BODY, CONTRACT_SIGNATURE.repeat(157))).isFalse();
	}

	@Test
	void missingOrEmptySignatureIsRefused() {
		assertThat(this.verifier.verify(CONTRACT_BODY, null)).isFalse();
		assertThat(this.verifier.verify(CONTRACT_BODY, "")).isFalse();
	}

	@Test
	void oldSecretStillAcceptedAfterRotation() {
		WebhookSignatureVerifier rotated = new WebhookSignatureVerifier(List.of(SECOND_SECRET, CONTRACT_SECRET));
		assertThat(rotated.verify(CONTRACT_BODY, CONTRACT_SIGNATURE)).isTrue();
		assertThat(rotated.verify(SECOND_BODY, SECOND_SIGNATURE)).isTrue();
		WebhookSignatureVerifier retired = new WebhookSignatureVerifier(List.of(SECOND_SECRET));
		assertThat(retired.verify(CONTRACT_BODY, CONTRACT_SIGNATURE)).isFalse();
	}

	@Test
	void secretIsUsedAsIsWithoutDecoding() {
		WebhookSignatureVerifier other = new WebhookSignatureVerifier(List.of("test_1234567890"));
		assertThat(other.verify(CONTRACT_BODY, CONTRACT_SIGNATURE)).isFalse();
	}

	@Test
	void emptyOrBlankSecretsAreRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> new WebhookSignatureVerifier(List.of()));
		assertThatIllegalArgumentException().isThrownBy(() -> new WebhookSignatureVerifier(List.of(" ")));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new WebhookSignatureVerifier(List.of(CONTRACT_SECRET, "")));
	}

	@Test
	void toStringDoesNotShowSecrets() {
		assertThat(this.verifier).hasToString("WebhookSignatureVerifier[1 secret(s)]");
	}

}
