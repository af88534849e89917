package dev.trymellon.spring.test.devissuer;

import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.WebApplicationContext;

/**
 * {@code POST /dev/tokens?user=...&roles=...}, one annotated controller for Spring MVC and
 * WebFlux: the request type {@code R} is the stack's ({@link HttpServletRequest} or
 * {@link ServerHttpRequest}, resolved by each stack from the concrete class), and only
 * reading the client's address differs. It answers {@code 403} to a client that is not
 * loopback, judged by the connection's remote address (behind a proxy on the same host
 * every client is loopback, so the development issuer must never run behind one),
 * {@code 400} to an invalid request (both as {@code application/problem+json}), else
 * {@code 200} with {@code {"token": "..."}}. A singleton of the context registered with
 * the issuer, so that it exists exactly while the issuer runs, also when the bean
 * definitions were processed ahead of time.
 *
 * @param <R> the web stack's request type
 */
@RestController
abstract class DevelopmentTokenEndpoint<R> {

	static final String BEAN_NAME = "devTokenController";

	private final DevelopmentTokens tokens;

	private DevelopmentTokenEndpoint(DevelopmentTokens tokens) {
		this.tokens = tokens;
	}

	/**
	 * The endpoint on Spring MVC: the servlet request's remote address is a literal,
	 * never looked up.
	 */
	static DevelopmentTokenEndpoint<HttpServletRequest> servlet(DevelopmentTokens tokens) {
		return new DevelopmentTokenEndpoint<>(tokens) {
			@Override
			boolean isLoopback(HttpServletRequest request) {
				return DevelopmentTokens.isLoopback(request.getRemoteAddr());
			}
		};
	}

	/**
	 * The endpoint on WebFlux: the connection's address is already resolved by the
	 * server, so nothing is looked up. Minting is a signature in memory, fine on an event
	 * loop.
	 */
	static DevelopmentTokenEndpoint<ServerHttpRequest> reactive(DevelopmentTokens tokens) {
		return new DevelopmentTokenEndpoint<>(tokens) {
			@Override
			boolean isLoopback(ServerHttpRequest request) {
				return DevelopmentTokens.isLoopback(request.getRemoteAddress());
			}
		};
	}

	/** Whether the context is a servlet web application's; only with Spring MVC present. */
	static boolean isServletContext(ApplicationContext context) {
		return context instanceof WebApplicationContext;
	}

	abstract boolean isLoopback(R request);

	@PostMapping(DevelopmentTokens.PATH)
	ResponseEntity<?> mint(@RequestParam(name = "user", required = false) @Nullable String user,
			@RequestParam(name = "roles", required = false) @Nullable String roles, R request) {
		if (!isLoopback(request)) {
			return problem(HttpStatus.FORBIDDEN, "The development issuer answers requests from this machine only");
		}
		if (!DevelopmentTokens.isValidRequest(user, roles)) {
			return problem(HttpStatus.BAD_REQUEST, "'user' is required; 'user' and 'roles' are printable and at most "
					+ DevelopmentTokens.MAX_LENGTH + " characters");
		}
		return ResponseEntity.ok(Map.of("token", this.tokens.mint(user, roles)));
	}

	private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String detail) {
		return ResponseEntity.status(status).body(ProblemDetail.forStatusAndDetail(status, detail));
	}

}
