package dev.trymellon.sample.dev;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import dev.trymellon.spring.test.TryMellonTestIssuer;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.lang.Contract;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /dev/tokens?user=...&roles=...}: mints a session token with the development
 * issuer. Exists only while the issuer runs, and answers loopback clients only, judged by
 * the connection's remote address: behind a proxy on the same host every client is
 * loopback, so the development issuer must never run behind one.
 */
@RestController
@ConditionalOnBean(name = DevIssuerInitializer.BEAN_NAME)
class DevTokenController {

	private static final int MAX_LENGTH = 256;

	private final TryMellonTestIssuer issuer;

	DevTokenController(@Qualifier(DevIssuerInitializer.BEAN_NAME) TryMellonTestIssuer issuer) {
		this.issuer = issuer;
	}

	@PostMapping("/dev/tokens")
	ResponseEntity<?> mint(@RequestParam(name = "user", required = false) @Nullable String user,
			@RequestParam(name = "roles", required = false) @Nullable String roles, HttpServletRequest request) {
		if (!isLoopback(request.getRemoteAddr())) {
			return problem(HttpStatus.FORBIDDEN, "The development issuer answers requests from this machine only");
		}
		if (!isValid(user) || (roles != null && !roles.isEmpty() && !isValid(roles))) {
			return problem(HttpStatus.BAD_REQUEST,
					"'user' is required; 'user' and 'roles' are printable and at most " + MAX_LENGTH + " characters");
		}
		return ResponseEntity.ok(Map.of("token", mint(this.issuer, user, roles)));
	}

	static String mint(TryMellonTestIssuer issuer, String user, @Nullable String roles) {
		// The issuer's tokens carry its application and tenant ids (see DevIssuerInitializer).
		TryMellonTestIssuer.TokenBuilder token = issuer.token().userId(user);
		if (roles != null && !roles.isEmpty()) {
			token.customClaim("roles", roles);
		}
		return token.build();
	}

	private static boolean isLoopback(@Nullable String remoteAddress) {
		if (remoteAddress == null || remoteAddress.isEmpty()
				|| !remoteAddress.chars().allMatch((c) -> Character.digit(c, 16) >= 0 || c == '.' || c == ':')) {
			return false; // only literal addresses, so that nothing is looked up
		}
		try {
			return InetAddress.getByName(remoteAddress).isLoopbackAddress();
		}
		catch (UnknownHostException ex) {
			return false;
		}
	}

	@Contract("null -> false")
	private static boolean isValid(@Nullable String value) {
		return value != null && !value.isBlank() && value.length() <= MAX_LENGTH
				&& value.chars().noneMatch(Character::isISOControl);
	}

	private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String detail) {
		return ResponseEntity.status(status).body(ProblemDetail.forStatusAndDetail(status, detail));
	}

}
