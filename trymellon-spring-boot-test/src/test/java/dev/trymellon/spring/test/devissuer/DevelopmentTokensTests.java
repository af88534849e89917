package dev.trymellon.spring.test.devissuer;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;

import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.trymellon.spring.session.TryMellonSession;
import dev.trymellon.spring.test.TryMellonTestIssuer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Minting, the request checks and the loopback judgement of {@code /dev/tokens}.
 */
class DevelopmentTokensTests {

	private final TryMellonTestIssuer issuer = TryMellonTestIssuer.builder()
		.audience("sample-client")
		.appId("app_sample")
		.tenantId("tenant_sample")
		.start();

	private final DevelopmentTokens tokens = new DevelopmentTokens(this.issuer);

	@AfterEach
	void stop() {
		this.issuer.close();
	}

	@Test
	void mintsATokenOfTheIssuerForTheUser() throws Exception {
		SignedJWT token = SignedJWT.parse(this.tokens.mint("alice", null));
		assertThat(token.getHeader().getKeyID()).isEqualTo(this.issuer.getKeyId());
		assertThat(token.getJWTClaimsSet().getClaims()).containsEntry("user_id", "alice")
			.containsEntry("app_id", "app_sample")
			.containsEntry("tenant_id", "tenant_sample")
			.doesNotContainKey(TryMellonSession.CUSTOM_CLAIMS_NAMESPACE);
		assertThat(token.getJWTClaimsSet().getAudience()).containsExactly("sample-client");
		assertThat(token.getJWTClaimsSet().getIssuer()).isEqualTo(this.issuer.getIssuer());
	}

	@Test
	void rolesBecomeTheRolesCustomClaimUnlessEmpty() throws Exception {
		Map<String, Object> admin = SignedJWT.parse(this.tokens.mint("ada", "admin ops"))
			.getJWTClaimsSet()
			.getJSONObjectClaim(TryMellonSession.CUSTOM_CLAIMS_NAMESPACE);
		assertThat(admin).containsExactly(Map.entry("roles", "admin ops"));
		assertThat(SignedJWT.parse(this.tokens.mint("ada", "")).getJWTClaimsSet().getClaims())
			.doesNotContainKey(TryMellonSession.CUSTOM_CLAIMS_NAMESPACE);
	}

	@Test
	void aUserIsRequiredAndBothArePrintableAndShort() {
		assertThat(DevelopmentTokens.isValidRequest("u1", null)).isTrue();
		assertThat(DevelopmentTokens.isValidRequest("u1", "")).isTrue();
		assertThat(DevelopmentTokens.isValidRequest("u1", "admin")).isTrue();
		assertThat(DevelopmentTokens.isValidRequest("u".repeat(256), "r".repeat(256))).isTrue();
		assertThat(DevelopmentTokens.isValidRequest(null, "admin")).isFalse();
		assertThat(DevelopmentTokens.isValidRequest("", null)).isFalse();
		assertThat(DevelopmentTokens.isValidRequest(" ", null)).isFalse();
		assertThat(DevelopmentTokens.isValidRequest("u".repeat(257), null)).isFalse();
		assertThat(DevelopmentTokens.isValidRequest("u1", "r".repeat(257))).isFalse();
		assertThat(DevelopmentTokens.isValidRequest("u1", " ")).isFalse();
		assertThat(DevelopmentTokens.isValidRequest("u1", "admin\nx")).isFalse();
		assertThat(DevelopmentTokens.isValidRequest("u\t1", null)).isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "127.0.0.1", "::1", "0:0:0:0:0:0:0:1", "127.0.0.2" })
	void literalLoopbackAddresses(String address) {
		assertThat(DevelopmentTokens.isLoopback(address)).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "203.0.113.7", "10.0.0.1", "::ffff:203.0.113.7", "0.0.0.0", "localhost", "",
			"127.0.0.1 ", "example.com" })
	void otherLiteralAddressesAndNamesAreNotLoopback(String address) {
		assertThat(DevelopmentTokens.isLoopback(address)).isFalse();
	}

	@Test
	void noAddressIsNotLoopback() {
		assertThat(DevelopmentTokens.isLoopback((String) null)).isFalse();
		assertThat(DevelopmentTokens.isLoopback((InetSocketAddress) null)).isFalse();
	}

	@Test
	void resolvedAddresses() throws Exception {
		for (String address : new String[] { "127.0.0.1", "::1", "127.0.0.2" }) {
			assertThat(DevelopmentTokens.isLoopback(new InetSocketAddress(InetAddress.getByName(address), 40000)))
				.as(address)
				.isTrue();
		}
		for (String address : new String[] { "203.0.113.7", "10.0.0.1", "::ffff:203.0.113.7", "0.0.0.0" }) {
			assertThat(DevelopmentTokens.isLoopback(new InetSocketAddress(InetAddress.getByName(address), 40000)))
				.as(address)
				.isFalse();
		}
		assertThat(DevelopmentTokens.isLoopback(InetSocketAddress.createUnresolved("localhost", 40000))).isFalse();
	}

}
