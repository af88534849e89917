package dev.trymellon.spring.testfixtures;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import jakarta.servlet.Filter;

import dev.trymellon.spring.session.SessionTokenException;
import dev.trymellon.spring.session.SessionTokenVerifier;
import dev.trymellon.spring.session.TryMellonErrorCode;
import dev.trymellon.spring.webhook.TestWebhookSigner;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationContext;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Acting on a started context: deliver a signed webhook through its receiver, check that
 * its verifier refuses a token as revoked.
 */
public final class TestContexts {

	private TestContexts() {
	}

	/**
	 * Delivers the body, signed with the secret, to the context's webhook receiver.
	 * @return the HTTP status it answered
	 */
	@SuppressWarnings("unchecked")
	public static int deliverWebhook(ApplicationContext context, String secret, String body) throws Exception {
		Filter filter = ((FilterRegistrationBean<Filter>) context.getBean("tryMellonWebhookFilterRegistration"))
			.getFilter();
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/webhooks/trymellon");
		request.setContentType("application/json");
		request.setContent(body.getBytes(StandardCharsets.UTF_8));
		request.addHeader("tm-signature", TestWebhookSigner.sign(secret, body));
		request.addHeader("tm-timestamp", Instant.now().toString());
		MockHttpServletResponse response = new MockHttpServletResponse();
		filter.doFilter(request, response, new MockFilterChain());
		return response.getStatus();
	}

	/**
	 * Asserts that the context's verifier refuses the token with {@code SESSION_REVOKED}.
	 */
	public static void assertRevoked(ApplicationContext context, String token) {
		SessionTokenVerifier verifier = context.getBean(SessionTokenVerifier.class);
		assertThatExceptionOfType(SessionTokenException.class).isThrownBy(() -> verifier.verify(token))
			.satisfies((ex) -> assertThat(ex.getErrorCode()).isEqualTo(TryMellonErrorCode.SESSION_REVOKED));
	}

}
