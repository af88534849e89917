package dev.trymellon.spring.autoconfigure.revocation;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.trymellon.spring.autoconfigure.TryMellonAutoConfiguration;
import dev.trymellon.spring.autoconfigure.TryMellonProperties;
import dev.trymellon.spring.autoconfigure.webhook.TryMellonWebhookAutoConfiguration;
import dev.trymellon.spring.revocation.InMemoryRevocationStore;
import dev.trymellon.spring.revocation.Revocation;
import dev.trymellon.spring.revocation.RevocationStore;
import dev.trymellon.spring.revocation.RevocationWebhookListener;
import dev.trymellon.spring.session.SessionTokenVerifier;
import dev.trymellon.spring.session.TryMellonSession;
import dev.trymellon.spring.testfixtures.StaticKeysConfiguration;
import dev.trymellon.spring.testfixtures.TestContexts;
import dev.trymellon.spring.testfixtures.TestTokens;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class TryMellonRevocationAutoConfigurationTests {

	private static final String SECRET = "whsec_revocation_test_0123456789";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(TryMellonAutoConfiguration.class, TryMellonRevocationAutoConfiguration.class))
		.withUserConfiguration(StaticKeysConfiguration.class)
		.withPropertyValues("trymellon.client-id=" + TestTokens.CLIENT_ID);

	@Test
	void defaultsThenInMemoryStoreAndListenerAndTheVerifierRefusesRevokedSessions() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(RevocationStore.class);
			assertThat(context.getBean(RevocationStore.class)).isInstanceOf(InMemoryRevocationStore.class);
			assertThat(context).hasSingleBean(RevocationWebhookListener.class);
			Instant now = Instant.now();
			String token = TestTokens.token(now.minusSeconds(10), (claims) -> claims.claim("sid", "sess_1"));
			SessionTokenVerifier verifier = context.getBean(SessionTokenVerifier.class);
			assertThat(verifier.verify(token).getUserId()).isEqualTo("user_123");
			context.getBean(RevocationStore.class).revokeSession("sess_1", now.plusSeconds(3600));
			TestContexts.assertRevoked(context, token);
		});
	}

	@Test
	void defaultSessionIdClaimsThenSidAndSessionIdMatchExactlyAndAJtiIsNoSessionId() {
		this.runner.run((context) -> {
			Instant now = Instant.now();
			String bySid = TestTokens.token(now.minusSeconds(10), (claims) -> claims.claim("sid", "sess_1"));
			String bySessionId = TestTokens.token(now.minusSeconds(10),
					(claims) -> claims.claim("session_id", "sess_1"));
			String otherSession = TestTokens.token(now.minusSeconds(10), (claims) -> claims.claim("sid", "sess_2"));
			String byJti = TestTokens.token(now.minusSeconds(10), (claims) -> claims.jwtID("tok_1"));
			context.getBean(RevocationStore.class).revokeSession("sess_1", "user_123", now, now.plusSeconds(3600));
			TestContexts.assertRevoked(context, bySid);
			TestContexts.assertRevoked(context, bySessionId);
			TestContexts.assertRevoked(context, byJti);
			assertThat(context.getBean(SessionTokenVerifier.class).verify(otherSession).getUserId())
				.isEqualTo("user_123");
		});
	}

	@Test
	void sessionIdClaimsPropertyThenOnlyThoseClaimsMatch() {
		this.runner.withPropertyValues("trymellon.revocation.session-id-claims=tm_sid").run((context) -> {
			Instant now = Instant.now();
			String token = TestTokens.token(now.minusSeconds(10), (claims) -> claims.claim("tm_sid", "sess_1"));
			String bySid = TestTokens.token(now.minusSeconds(10), (claims) -> claims.claim("sid", "sess_1"));
			context.getBean(RevocationStore.class).revokeSession("sess_1", now.plusSeconds(3600));
			TestContexts.assertRevoked(context, token);
			assertThat(context.getBean(SessionTokenVerifier.class).verify(bySid).getUserId()).isEqualTo("user_123");
		});
	}

	@Test
	void credentialIdClaimsPropertyThenTokensOfOtherCredentialsAreAccepted() {
		this.runner.withPropertyValues("trymellon.revocation.credential-id-claims=cid").run((context) -> {
			Instant now = Instant.now();
			String revoked = TestTokens.token(now.minusSeconds(10), (claims) -> claims.claim("cid", "cred_1"));
			String other = TestTokens.token(now.minusSeconds(10), (claims) -> claims.claim("cid", "cred_2"));
			context.getBean(RevocationStore.class)
				.revokeCredential("cred_1", "user_123", now, now.plusSeconds(3600));
			TestContexts.assertRevoked(context, revoked);
			assertThat(context.getBean(SessionTokenVerifier.class).verify(other).getUserId()).isEqualTo("user_123");
		});
	}

	@Test
	void disabledThenNoStoreNoListenerAndNoCheck() {
		this.runner.withPropertyValues("trymellon.revocation.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(RevocationStore.class);
			assertThat(context).doesNotHaveBean(RevocationWebhookListener.class);
			assertThat(context).hasSingleBean(SessionTokenVerifier.class);
		});
	}

	@Test
	void disabledWithUserStoreThenTheVerifierDoesNotAskIt() {
		this.runner.withPropertyValues("trymellon.revocation.enabled=false")
			.withUserConfiguration(RevokeEverythingConfig.class)
			.run((context) -> assertThat(context.getBean(SessionTokenVerifier.class)
				.verify(TestTokens.token(Instant.now().minusSeconds(10)))
				.getUserId()).isEqualTo("user_123"));
	}

	@Test
	void userStoreThenInMemoryStoreBacksOffAndTheVerifierAsksTheUsersStore() {
		this.runner.withUserConfiguration(RevokeEverythingConfig.class).run((context) -> {
			assertThat(context).hasSingleBean(RevocationStore.class);
			assertThat(context).doesNotHaveBean(InMemoryRevocationStore.class);
			assertThat(context).hasSingleBean(RevocationWebhookListener.class);
			TestContexts.assertRevoked(context, TestTokens.token(Instant.now().minusSeconds(10)));
		});
	}

	@Test
	void twoUserStoresThenStartupFailsRatherThanSkipTheCheck() {
		this.runner.withUserConfiguration(RevokeEverythingConfig.class, SecondStoreConfig.class)
			.run((context) -> assertThat(context).hasFailed());
	}

	@Test
	void retentionNotPositiveThenStartupFailsNamingTheProperty() {
		this.runner.withPropertyValues("trymellon.revocation.retention=0s").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("trymellon.revocation.retention");
		});
	}

	@Test
	void clockSkewPropertyThenTheUserCutOffMovesWithIt() {
		Instant now = Instant.now();
		// Issued 12 s after a lock: refused with the default 30 s skew, accepted with 10 s.
		String token = TestTokens.token(now.minusSeconds(3));
		this.runner.run((context) -> {
			context.getBean(RevocationStore.class).revokeUser("user_123", now.minusSeconds(15), now.plusSeconds(3600));
			TestContexts.assertRevoked(context, token);
		});
		this.runner.withPropertyValues("trymellon.token.clock-skew=10s").run((context) -> {
			context.getBean(RevocationStore.class).revokeUser("user_123", now.minusSeconds(15), now.plusSeconds(3600));
			assertThat(context.getBean(SessionTokenVerifier.class).verify(token).getUserId()).isEqualTo("user_123");
		});
	}

	@Test
	void defaultRetentionCoversTheMaximumLifetimePlusTwiceTheSkew() {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(RevocationConfiguration.keep(context.getBean(TryMellonProperties.class)))
				.isEqualTo(Duration.ofHours(25));
		});
	}

	@Test
	void retentionShorterThanMaximumLifetimePlusTwiceTheSkewThenStartupFailsNamingBothProperties() {
		this.runner.withPropertyValues("trymellon.revocation.retention=24h").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessage("Property trymellon.revocation.retention with value 'PT24H' is invalid: Must be at least "
						+ "'trymellon.token.max-lifetime' (PT24H) plus twice 'trymellon.token.clock-skew' (PT30S), "
						+ "that is PT24H1M, or a revoked token could be accepted again once its revocation is "
						+ "forgotten. Set 'trymellon.revocation.retention' to PT24H1M or more, or lower "
						+ "'trymellon.token.max-lifetime'");
		});
	}

	@Test
	void retentionOfExactlyTheMaximumLifetimePlusTwiceTheSkewThenStarts() {
		this.runner
			.withPropertyValues("trymellon.token.max-lifetime=1h", "trymellon.token.clock-skew=5s",
					"trymellon.revocation.retention=3610s")
			.run((context) -> assertThat(RevocationConfiguration.keep(context.getBean(TryMellonProperties.class)))
				.isEqualTo(Duration.ofSeconds(3610)));
		this.runner
			.withPropertyValues("trymellon.token.max-lifetime=1h", "trymellon.token.clock-skew=5s",
					"trymellon.revocation.retention=3609s")
			.run((context) -> assertThat(context).hasFailed());
	}

	@Test
	void emptyCredentialIdClaimThenStartupFailsNamingTheProperty() {
		this.runner.withPropertyValues("trymellon.revocation.credential-id-claims=cid, ").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("trymellon.revocation.credential-id-claims");
		});
	}

	@Test
	void emptySessionIdClaimThenStartupFailsNamingTheProperty() {
		this.runner.withPropertyValues("trymellon.revocation.session-id-claims=sid, ").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("trymellon.revocation.session-id-claims");
		});
	}

	@Test
	void signedSessionRevokedWebhookThenTheCachedTokenIsRefusedAtOnce() {
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(TryMellonAutoConfiguration.class,
					TryMellonWebhookAutoConfiguration.class, TryMellonRevocationAutoConfiguration.class))
			.withUserConfiguration(StaticKeysConfiguration.class)
			.withPropertyValues("trymellon.client-id=" + TestTokens.CLIENT_ID,
					"trymellon.webhook.signing-secrets=" + SECRET)
			.run((context) -> {
				Instant now = Instant.now();
				String token = TestTokens.token(now.minusSeconds(10), (claims) -> claims.claim("sid", "sess_42"));
				String other = TestTokens.token(now.minusSeconds(10), (claims) -> claims.claim("sid", "sess_43"));
				SessionTokenVerifier verifier = context.getBean(SessionTokenVerifier.class);
				TryMellonSession session = verifier.verify(token);
				assertThat(verifier.verify(token)).isEqualTo(session);
				String body = "{\"id\":\"evt_rev_1\",\"type\":\"session.revoked\",\"created_at\":\"" + now
						+ "\",\"data\":{\"user_id\":\"user_123\",\"session_id\":\"sess_42\",\"revoked_at\":\"" + now
						+ "\"}}";
				assertThat(TestContexts.deliverWebhook(context, SECRET, body)).isEqualTo(200);
				TestContexts.assertRevoked(context, token);
				assertThat(verifier.verify(other).getClaim("sid")).isEqualTo("sess_43");
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class RevokeEverythingConfig {

		@Bean
		RevocationStore everythingRevoked() {
			return new RevocationStore() {

				@Override
				public void revoke(Revocation revocation) {
				}

				@Override
				public boolean isRevoked(TryMellonSession session) {
					return true;
				}

			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class SecondStoreConfig {

		@Bean
		InMemoryRevocationStore secondRevocationStore() {
			return new InMemoryRevocationStore();
		}

	}

}
