package dev.trymellon.sample.webflux;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The public page ({@code trymellon.security.permit-paths} opens it) that explains the
 * demo.
 */
@RestController
class HomeController {

	private static final String PAGE = """
			<!DOCTYPE html>
			<html lang="en">
			<head><meta charset="utf-8"><title>TryMellon WebFlux sample</title></head>
			<body>
			<h1>TryMellon Spring Boot sample (WebFlux)</h1>
			<p>Every endpoint below <code>/api</code> needs a TryMellon session token in
			<code>Authorization: Bearer &lt;token&gt;</code>, checked offline against the issuer's keys.</p>
			<ul>
			<li><code>GET /api/me</code>: any valid session; shows what the token proves.</li>
			<li><code>GET /api/admin</code>: needs the <code>admin</code> role (custom claim <code>roles</code>).</li>
			<li><code>GET /api/events</code>: admin; the webhook events received, newest first.</li>
			<li><code>POST /webhooks/trymellon</code>: TryMellon's signed webhooks.</li>
			<li><code>GET /actuator/health</code>: public.</li>
			</ul>
			<p>With the development issuer on (the default when no TryMellon keys are configured), the
			log shows two ready-to-paste <code>curl</code> commands, and
			<code>curl -X POST 'http://localhost:8080/dev/tokens?user=bob&amp;roles=admin'</code>
			(from this machine only) mints more tokens.</p>
			</body>
			</html>
			""";

	@GetMapping(path = "/", produces = MediaType.TEXT_HTML_VALUE)
	String home() {
		return PAGE;
	}

}
