package dev.trymellon.sample.dev;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * {@code POST /dev/tokens} answers loopback clients only.
 */
@SpringBootTest
@AutoConfigureMockMvc
class DevTokenEndpointTests {

	@Autowired
	MockMvc mvc;

	@Test
	void answersLoopbackClients() throws Exception {
		for (String address : new String[] { "127.0.0.1", "::1", "0:0:0:0:0:0:0:1", "127.0.0.2" }) {
			this.mvc.perform(post("/dev/tokens").param("user", "u1").with((request) -> {
				request.setRemoteAddr(address);
				return request;
			})).andExpect(status().isOk()).andExpect(jsonPath("$.token").isString());
		}
	}

	@Test
	void refusesOtherClients() throws Exception {
		for (String address : new String[] { "203.0.113.7", "10.0.0.1", "::ffff:203.0.113.7", "localhost", "" }) {
			this.mvc.perform(post("/dev/tokens").param("user", "u1").with((request) -> {
				request.setRemoteAddr(address);
				return request;
			})).andExpect(status().isForbidden()).andExpect(jsonPath("$.token").doesNotExist());
		}
	}

	@Test
	void refusesInvalidParameters() throws Exception {
		this.mvc.perform(post("/dev/tokens").param("user", " ")).andExpect(status().isBadRequest());
		this.mvc.perform(post("/dev/tokens").param("user", "u1").param("roles", "admin\nx"))
			.andExpect(status().isBadRequest());
		this.mvc.perform(post("/dev/tokens").param("user", "u".repeat(257))).andExpect(status().isBadRequest());
	}

}
