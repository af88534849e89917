package dev.trymellon.sample;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The public page ({@code trymellon.security.permit-paths} opens it): a small
 * single-page application of the browser flow, in {@code static/index.html} and
 * {@code static/demo.js}. It signs in with the development issuer's tokens, exchanges
 * them for the starter's {@code HttpOnly} session cookie ({@code POST /trymellon/session})
 * and calls the API through that cookie, with the {@code X-XSRF-TOKEN} header on
 * state-changing calls.
 */
@Controller
class HomeController {

	@GetMapping("/")
	String home() {
		return "forward:/index.html";
	}

}
