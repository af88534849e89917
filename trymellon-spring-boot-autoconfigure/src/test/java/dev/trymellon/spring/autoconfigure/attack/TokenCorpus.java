package dev.trymellon.spring.autoconfigure.attack;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * What every token corpus shares: the wire to the embedded server and one parameterized
 * test over the {@link TokenRow}s of the subclass's static {@code rows()}.
 */
abstract class TokenCorpus {

	@LocalServerPort
	int port;

	Wire wire;

	@BeforeEach
	void wire() {
		this.wire = new Wire(this.port);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("rows")
	void corpus(TokenRow row) throws Exception {
		row.check(this.wire);
	}

}
