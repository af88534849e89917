package dev.trymellon.spring.autoconfigure.security;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.trymellon.spring.authority.ClaimsSessionAuthoritiesMapper;
import dev.trymellon.spring.authority.LookupSessionAuthoritiesMapper;
import dev.trymellon.spring.authority.SessionAuthoritiesMapper;
import dev.trymellon.spring.authority.UserAuthoritiesLookup;
import dev.trymellon.spring.session.TryMellonSession;
import dev.trymellon.spring.web.SessionFactors;
import dev.trymellon.spring.webhook.CredentialRevokedEvent;
import dev.trymellon.spring.webhook.RecoveryEnrollmentCompletedEvent;
import dev.trymellon.spring.webhook.SessionLogoutEvent;
import dev.trymellon.spring.webhook.SessionRevokedEvent;
import dev.trymellon.spring.webhook.TryMellonWebhookEvent;
import dev.trymellon.spring.webhook.UnknownWebhookEvent;
import dev.trymellon.spring.webhook.UserLockedEvent;

import org.springframework.beans.factory.NoUniqueBeanDefinitionException;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The authorities auto-configuration: safe defaults, the custom-claims warning, startup
 * validation of names and prefixes, and the cached {@link UserAuthoritiesLookup}.
 */
@ExtendWith(OutputCaptureExtension.class)
class TryMellonSecurityAutoConfigurationTests {

	private static final String WARNING = "grant authorities from custom claims";

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TryMellonSecurityAutoConfiguration.class));

	@Test
	void mapperWhenDefaultThenRolesClaimGrantsNothing(CapturedOutput output) {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(ClaimsSessionAuthoritiesMapper.class);
			assertThat(names(context, session("user_1", Map.of("roles", "admin", "role", "admin", "admin", true))))
				.isEmpty();
		});
		assertThat(output).doesNotContain(WARNING);
	}

	@Test
	void mapperWhenDefaultAuthoritiesOnlyThenNoWarning(CapturedOutput output) {
		this.contextRunner.withPropertyValues("trymellon.authorities.default-authorities=SCOPE_app")
			.run((context) -> assertThat(names(context, session("user_1", Map.of("roles", "admin"))))
				.containsExactly("SCOPE_app"));
		assertThat(output).doesNotContain(WARNING);
	}

	@Test
	void roleClaimsWhenConfiguredThenMappedAndWarnedOnceNamingThePropertyAndTheDocs(CapturedOutput output) {
		this.contextRunner.withPropertyValues("trymellon.authorities.role-claims=roles")
			.run((context) -> {
				assertThat(names(context, session("user_1", Map.of("roles", "admin")))).containsExactly("ROLE_ADMIN");
				names(context, session("user_2", Map.of("roles", "user")));
			});
		assertThat(occurrences(output.getOut(), WARNING)).isOne();
		assertThat(output).contains("WARN")
			.contains("trymellon.authorities.role-claims=roles grant authorities from custom claims")
			.contains("a UserAuthoritiesLookup bean")
			.contains(TryMellonSecurityAutoConfiguration.DOCUMENTATION);
	}

	@Test
	void roleClaimsAndClaimMappingsWhenConfiguredThenOneWarningNamingBoth(CapturedOutput output) {
		this.contextRunner
			.withPropertyValues("trymellon.authorities.role-claims=roles,role",
					"trymellon.authorities.claims.plan.prefix=TIER_", "trymellon.authorities.claims.beta.upper-case=true")
			.run((context) -> assertThat(context).hasNotFailed());
		assertThat(occurrences(output.getOut(), WARNING)).isOne();
		assertThat(output).contains("trymellon.authorities.role-claims=roles,role and "
				+ "trymellon.authorities.claims.plan, trymellon.authorities.claims.beta grant authorities");
	}

	@Test
	void claimMappingsWhenConfiguredThenNotCanonicalValuesIgnoredAndCounted() {
		this.contextRunner
			.withPropertyValues("trymellon.authorities.role-claims=groups",
					"trymellon.authorities.claims.plan.prefix=TIER_",
					"trymellon.authorities.claims.features.delimiter=;")
			.run((context) -> {
				TryMellonSession session = session("user_1", Map.of("groups", "ops,adm\u0131n,\u017Fuperuser", "plan",
						"pro\u0000", "features", "a b;c"));
				assertThat(names(context, session)).containsExactly("ROLE_OPS", "FEATURES_C");
				assertThat(context.getBean(ClaimsSessionAuthoritiesMapper.class).getIgnoredValueCount()).isEqualTo(4);
			});
	}

	@Test
	void sessionFactorsWhenDefaultThenBearerOnlyWhateverTheClaims() {
		this.contextRunner.run((context) -> assertThat(factors(context, TryMellonSession.builder("user_1")
			.claims(Map.of("amr", List.of("webauthn"), "auth_method", "passkey"))
			.build())).containsExactly("FACTOR_BEARER"));
	}

	@Test
	void sessionFactorsWhenWebAuthnClaimConfiguredThenGrantedOnlyWhenTheClaimProvesIt() {
		this.contextRunner
			.withPropertyValues("trymellon.authorities.webauthn-factor.claim=amr",
					"trymellon.authorities.webauthn-factor.value=webauthn")
			.run((context) -> {
				assertThat(factors(context,
						TryMellonSession.builder("user_1").claims(Map.of("amr", List.of("webauthn"))).build()))
					.containsExactly("FACTOR_BEARER", "FACTOR_WEBAUTHN");
				assertThat(factors(context,
						TryMellonSession.builder("user_1").claims(Map.of("amr", List.of("otp"))).build()))
					.containsExactly("FACTOR_BEARER");
			});
	}

	@Test
	void sessionFactorsWhenOnlyClaimOrOnlyValueThenStartupFailsNamingTheMissingProperty() {
		this.contextRunner.withPropertyValues("trymellon.authorities.webauthn-factor.claim=amr")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("trymellon.authorities.webauthn-factor.value"));
		this.contextRunner.withPropertyValues("trymellon.authorities.webauthn-factor.value=webauthn")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("trymellon.authorities.webauthn-factor.claim"));
	}

	@Test
	void sessionFactorsWhenClaimIsTheCustomClaimsObjectThenStartupFails() {
		this.contextRunner
			.withPropertyValues("trymellon.authorities.webauthn-factor.claim=" + TryMellonSession.CUSTOM_CLAIMS_NAMESPACE,
					"trymellon.authorities.webauthn-factor.value=webauthn")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("trymellon.authorities.webauthn-factor.claim")
				.hasMessageContaining("Custom claims are chosen by the end user"));
	}

	@Test
	void sessionFactorsWhenUserDefinesThemThenDefaultBacksOff() {
		this.contextRunner.withBean(SessionFactors.class, SessionFactors::bearer)
			.withPropertyValues("trymellon.authorities.webauthn-factor.claim=amr",
					"trymellon.authorities.webauthn-factor.value=webauthn")
			.run((context) -> assertThat(factors(context,
					TryMellonSession.builder("user_1").claims(Map.of("amr", "webauthn")).build()))
				.containsExactly("FACTOR_BEARER"));
	}

	private static List<String> factors(AssertableApplicationContext context, TryMellonSession session) {
		return context.getBean(SessionFactors.class)
			.getAuthorities(session)
			.stream()
			.map(GrantedAuthority::getAuthority)
			.toList();
	}

	@Test
	void roleClaimsWhenNotAsciiThenStartupFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues("trymellon.authorities.role-claims=roles,r\u00F4les")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("trymellon.authorities.role-claims")
				.hasMessageContaining("r\u00F4les"));
	}

	@Test
	void claimNameWhenNotAsciiThenStartupFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues("trymellon.authorities.claims[pl\u00E4n].upper-case=true")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("trymellon.authorities.claims")
				.hasMessageContaining("is not a valid claim name"));
	}

	@Test
	void claimPrefixWhenNotAsciiThenStartupFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues("trymellon.authorities.claims.plan.prefix=T\u0130ER_")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("trymellon.authorities.claims.plan.prefix")
				.hasMessageContaining("is not valid"));
	}

	@Test
	void lookupWhenBeanThenComposedWithDefaultsAndClaimMappingsAndCached() {
		this.contextRunner.withUserConfiguration(Directory.class)
			.withPropertyValues("trymellon.authorities.default-authorities=SCOPE_app",
					"trymellon.authorities.role-claims=roles")
			.run((context) -> {
				assertThat(context).hasSingleBean(SessionAuthoritiesMapper.class);
				assertThat(context).hasSingleBean(LookupSessionAuthoritiesMapper.class);
				assertThat(context.getBean(LookupSessionAuthoritiesMapper.class).getDelegate())
					.isInstanceOf(ClaimsSessionAuthoritiesMapper.class);
				TryMellonSession ada = session("ada", Map.of("roles", "editor"));
				assertThat(names(context, ada)).containsExactly("SCOPE_app", "ROLE_EDITOR", "ROLE_ADMIN");
				assertThat(names(context, ada)).containsExactly("SCOPE_app", "ROLE_EDITOR", "ROLE_ADMIN");
				assertThat(names(context, session("alice", Map.of()))).containsExactly("SCOPE_app");
				assertThat(context.getBean(Directory.class).calls("ada")).isOne();
			});
	}

	@Test
	void lookupWhenBeanAndDefaultsThenCustomClaimsStillGrantNothing(CapturedOutput output) {
		this.contextRunner.withUserConfiguration(Directory.class).run((context) -> {
			assertThat(names(context, session("alice", Map.of("roles", "admin")))).isEmpty();
			assertThat(names(context, session("ada", Map.of()))).containsExactly("ROLE_ADMIN");
		});
		assertThat(output).doesNotContain(WARNING);
	}

	@Test
	void lookupCacheWhenZeroTimeToLiveThenAskedOnEveryRequest() {
		this.contextRunner.withUserConfiguration(Directory.class)
			.withPropertyValues("trymellon.authorities.cache.ttl=0")
			.run((context) -> {
				names(context, session("ada", Map.of()));
				names(context, session("ada", Map.of()));
				assertThat(context.getBean(Directory.class).calls("ada")).isEqualTo(2);
			});
	}

	@Test
	void lookupCacheWhenNegativeTimeToLiveThenStartupFailsNamingTheProperty() {
		this.contextRunner.withUserConfiguration(Directory.class)
			.withPropertyValues("trymellon.authorities.cache.ttl=-1s")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("trymellon.authorities.cache.ttl"));
	}

	@Test
	void lookupCacheWhenMaxSizeBelowOneThenStartupFailsNamingTheProperty() {
		this.contextRunner.withUserConfiguration(Directory.class)
			.withPropertyValues("trymellon.authorities.cache.max-size=0")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("trymellon.authorities.cache.max-size"));
	}

	@Test
	void lookupWhenTwoBeansThenStartupFails() {
		this.contextRunner.withUserConfiguration(Directory.class)
			.withBean("otherLookup", UserAuthoritiesLookup.class, () -> (userId) -> List.of("ROLE_OTHER"))
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(NoUniqueBeanDefinitionException.class));
	}

	@Test
	void mapperWhenUserDeclaresOneThenItReplacesClaimsAndLookup() {
		this.contextRunner.withUserConfiguration(Directory.class)
			.withPropertyValues("trymellon.authorities.role-claims=roles",
					"trymellon.authorities.default-authorities=SCOPE_app")
			.withBean(SessionAuthoritiesMapper.class, () -> (session) -> List.of(new SimpleGrantedAuthority("MINE")))
			.run((context) -> {
				assertThat(context).hasSingleBean(SessionAuthoritiesMapper.class);
				assertThat(context).doesNotHaveBean(ClaimsSessionAuthoritiesMapper.class);
				assertThat(context).doesNotHaveBean(LookupSessionAuthoritiesMapper.class);
				assertThat(names(context, session("ada", Map.of("roles", "admin")))).containsExactly("MINE");
				assertThat(context.getBean(Directory.class).calls("ada")).isZero();
			});
	}

	@Test
	void revocationWebhooksWhenTheyNameTheUserThenCachedAuthoritiesEvicted() {
		Instant now = Instant.now();
		List<TryMellonWebhookEvent> events = List.of(
				new UserLockedEvent("evt_1", now, null, null, Map.of(), "ada", null, now, "hard", null),
				new SessionRevokedEvent("evt_2", now, null, null, Map.of(), "ada", "sess_1", null, null, null, now),
				new SessionLogoutEvent("evt_3", now, null, null, Map.of(), "ada", "sess_1", null, now),
				new CredentialRevokedEvent("evt_4", now, null, null, Map.of(), "ada", "cred_1", now, null),
				new RecoveryEnrollmentCompletedEvent("evt_5", now, null, null, Map.of(), "ada", "ticket_1", "cred_2",
						null, now));
		this.contextRunner.withUserConfiguration(Directory.class).run((context) -> {
			Directory directory = context.getBean(Directory.class);
			names(context, session("ada", Map.of()));
			names(context, session("alice", Map.of()));
			int expected = 1;
			for (TryMellonWebhookEvent event : events) {
				context.publishEvent(event);
				names(context, session("ada", Map.of()));
				assertThat(directory.calls("ada")).as(event.type()).isEqualTo(++expected);
			}
			names(context, session("alice", Map.of()));
			assertThat(directory.calls("alice")).isOne();
		});
	}

	@Test
	void userLockedWhenRolesChangedMeanwhileThenNextSessionGetsTheNewOnes() {
		Instant now = Instant.now();
		this.contextRunner.withUserConfiguration(Directory.class).run((context) -> {
			assertThat(names(context, session("ada", Map.of()))).containsExactly("ROLE_ADMIN");
			context.getBean(Directory.class).roles.put("ada", List.of());
			assertThat(names(context, session("ada", Map.of()))).containsExactly("ROLE_ADMIN");
			context.publishEvent(new UserLockedEvent("evt_1", now, null, null, Map.of(), "ada", null, now, "hard", null));
			assertThat(names(context, session("ada", Map.of()))).isEmpty();
		});
	}

	@Test
	void webhooksWhenNoUserNamedThenNothingEvicted() {
		Instant now = Instant.now();
		this.contextRunner.withUserConfiguration(Directory.class).run((context) -> {
			names(context, session("ada", Map.of()));
			context.publishEvent(new UserLockedEvent("evt_1", now, null, null, Map.of(), null, null, now, "hard", null));
			context.publishEvent(new UnknownWebhookEvent("evt_2", "user.renamed", now, null, null,
					Map.of("user_id", "ada")));
			names(context, session("ada", Map.of()));
			assertThat(context.getBean(Directory.class).calls("ada")).isOne();
		});
	}

	private static TryMellonSession session(String userId, Map<String, Object> customClaims) {
		return TryMellonSession.builder(userId).customClaims(customClaims).build();
	}

	private static List<String> names(AssertableApplicationContext context, TryMellonSession session) {
		return context.getBean(SessionAuthoritiesMapper.class)
			.getAuthorities(session)
			.stream()
			.map(GrantedAuthority::getAuthority)
			.toList();
	}

	private static int occurrences(String text, String part) {
		int count = 0;
		for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + part.length())) {
			count++;
		}
		return count;
	}

	@Configuration(proxyBeanMethods = false)
	static class Directory {

		final Map<String, List<String>> roles = new ConcurrentHashMap<>(Map.of("ada", List.of("ROLE_ADMIN")));

		private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

		@Bean
		UserAuthoritiesLookup userAuthoritiesLookup() {
			return (userId) -> {
				this.calls.computeIfAbsent(userId, (id) -> new AtomicInteger()).incrementAndGet();
				return this.roles.getOrDefault(userId, List.of());
			};
		}

		int calls(String userId) {
			AtomicInteger count = this.calls.get(userId);
			return (count != null) ? count.get() : 0;
		}

	}

}
