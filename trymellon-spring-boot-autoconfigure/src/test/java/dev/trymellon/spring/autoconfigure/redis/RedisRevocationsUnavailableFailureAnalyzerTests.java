package dev.trymellon.spring.autoconfigure.redis;

import java.io.IOException;
import java.net.ServerSocket;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.trymellon.spring.autoconfigure.TryMellonAutoConfiguration;
import dev.trymellon.spring.autoconfigure.revocation.TryMellonRevocationAutoConfiguration;
import dev.trymellon.spring.redis.RedisRevocationsUnavailableException;
import dev.trymellon.spring.redis.RedisTestSupport;
import dev.trymellon.spring.testfixtures.StaticKeysConfiguration;
import dev.trymellon.spring.testfixtures.TestTokens;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Redis on the classpath but unreachable at startup: one analysis naming where it
 * connected and the fixes, never a password.
 */
@ExtendWith(OutputCaptureExtension.class)
class RedisRevocationsUnavailableFailureAnalyzerTests {

	private static final String PASSWORD = "s3cr3t-redis-pw";

	private int closedPort;

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TryMellonAutoConfiguration.class,
				TryMellonRevocationAutoConfiguration.class, TryMellonRedisAutoConfiguration.class,
				DataRedisAutoConfiguration.class))
		.withUserConfiguration(StaticKeysConfiguration.class)
		.withPropertyValues("trymellon.client-id=" + TestTokens.CLIENT_ID);

	@BeforeEach
	void findClosedPort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			this.closedPort = socket.getLocalPort();
		}
	}

	private Throwable startupFailure(String... properties) {
		Throwable[] failure = new Throwable[1];
		this.runner.withPropertyValues(properties).run((context) -> {
			assertThat(context).hasFailed();
			failure[0] = context.getStartupFailure();
		});
		assertThat(failure[0]).hasCauseInstanceOf(RedisRevocationsUnavailableException.class);
		return failure[0];
	}

	private static FailureAnalysis analyze(Throwable failure, String... properties) {
		MockEnvironment environment = new MockEnvironment();
		for (String property : properties) {
			int equals = property.indexOf('=');
			environment.setProperty(property.substring(0, equals), property.substring(equals + 1));
		}
		FailureAnalysis analysis = new RedisRevocationsUnavailableFailureAnalyzer(environment).analyze(failure);
		assertThat(analysis).isNotNull();
		return analysis;
	}

	@Test
	void hostAndPortThenNamesThemAndTheFixesButNotThePassword() {
		String[] properties = { "spring.data.redis.host=" + RedisTestSupport.HOST,
				"spring.data.redis.port=" + this.closedPort, "spring.data.redis.password=" + PASSWORD };
		FailureAnalysis analysis = analyze(startupFailure(properties), properties);
		assertThat(analysis.getDescription())
			.startsWith("TryMellon could not read the shared revocations from Redis at 127.0.0.1:" + this.closedPort
					+ " (spring.data.redis.host and spring.data.redis.port): ")
			.contains("Connection refused")
			.doesNotContain(PASSWORD);
		assertThat(analysis.getAction()).contains("'spring.data.redis.*'")
			.contains("'trymellon.redis.enabled=false'")
			.doesNotContain(PASSWORD);
		assertThat(analysis.getCause()).isInstanceOf(RedisRevocationsUnavailableException.class);
	}

	@Test
	void urlThenNamesItWithoutItsCredentials() {
		String[] properties = { "spring.data.redis.url=redis://alice:" + PASSWORD + "@127.0.0.1:" + this.closedPort
				+ "/2" };
		FailureAnalysis analysis = analyze(startupFailure(properties), properties);
		assertThat(analysis.getDescription())
			.contains("at redis://127.0.0.1:" + this.closedPort + "/2 (spring.data.redis.url): ")
			.doesNotContain(PASSWORD)
			.doesNotContain("alice");
	}

	@Test
	void nothingConfiguredThenSaysTheDefaultsWereUsed() {
		Throwable failure = startupFailure("spring.data.redis.port=" + this.closedPort);
		assertThat(analyze(failure).getDescription()).contains(
				"at localhost:6379 (the defaults of spring.data.redis.host and spring.data.redis.port): ");
		assertThat(analyze(failure, "spring.data.redis.port=6380", "spring.data.redis.database=3").getDescription())
			.contains("at localhost:6380, database 3 (spring.data.redis.host and spring.data.redis.port): ");
	}

	@Test
	void sentinelOrClusterThenNamesTheirNodes() {
		Throwable failure = startupFailure("spring.data.redis.port=" + this.closedPort);
		assertThat(analyze(failure, "spring.data.redis.sentinel.master=mymaster",
				"spring.data.redis.sentinel.nodes=10.0.0.1:26379,10.0.0.2:26379", "spring.data.redis.password=" + PASSWORD)
			.getDescription())
			.contains("the Sentinel nodes [10.0.0.1:26379, 10.0.0.2:26379] (spring.data.redis.sentinel.nodes, "
					+ "master 'mymaster')")
			.doesNotContain(PASSWORD);
		assertThat(analyze(failure, "spring.data.redis.cluster.nodes=10.0.0.1:7000").getDescription())
			.contains("the cluster nodes [10.0.0.1:7000] (spring.data.redis.cluster.nodes)");
	}

	@Test
	void applicationStartupPrintsTheAnalysis(CapturedOutput output) {
		// Arguments, to win over this module's test application.properties (Redis off).
		assertThatException().isThrownBy(() -> new SpringApplicationBuilder(Application.class)
			.web(WebApplicationType.NONE)
			.run("--trymellon.client-id=" + TestTokens.CLIENT_ID, "--trymellon.redis.enabled=true",
					"--spring.data.redis.host=" + RedisTestSupport.HOST, "--spring.data.redis.port=" + this.closedPort,
					"--spring.data.redis.password=" + PASSWORD));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("TryMellon could not read the shared revocations from Redis at 127.0.0.1:" + this.closedPort)
			.contains("set 'trymellon.redis.enabled=false'")
			.doesNotContain(PASSWORD);
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ DataRedisAutoConfiguration.class, TryMellonAutoConfiguration.class,
			TryMellonRevocationAutoConfiguration.class, TryMellonRedisAutoConfiguration.class })
	@Import(StaticKeysConfiguration.class)
	static class Application {

	}

}
