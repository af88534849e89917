package dev.trymellon.sample.webflux.dev;

import java.net.InetSocketAddress;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.trymellon.spring.test.TryMellonTestIssuer;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.lang.Contract;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /dev/tokens?user=...&roles=...}: mints a session token with the development
 * issuer, answering as the servlet sample's endpoint. Exists only while the issuer runs,
 * and answers loopback clients only, judged by the connection's remote address (already
 * resolved by Netty, so nothing is looked up): behind a proxy on the same host every
 * client is loopback, so the development issuer must never run behind one. Minting is a
 * signature in memory, fine on the event loop.
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
			@RequestParam(name = "roles", required = false) @Nullable String roles, ServerHttpRequest request) {
		if (!isLoopback(request.getRemoteAddress())) {
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

	static boolean isLoopback(@Nullable InetSocketAddress remoteAddress) {
		return remoteAddress != null && remoteAddress.getAddress() != null
				&& remoteAddress.getAddress().isLoopbackAddress();
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
