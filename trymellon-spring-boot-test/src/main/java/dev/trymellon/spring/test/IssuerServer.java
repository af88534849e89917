package dev.trymellon.spring.test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import com.nimbusds.jose.jwk.JWKSet;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

/**
 * The local HTTP server of a {@link TryMellonTestIssuer}: the JDK {@code HttpServer} on
 * {@code 127.0.0.1} and an ephemeral port, serving the JWKS on
 * {@value TryMellonTestIssuer#JWKS_PATH} and whatever other handlers the issuer mounts.
 * Requests are handled on a pool of daemon threads, so that a slow answer (a delayed API
 * response) does not hold the others.
 */
final class IssuerServer implements AutoCloseable {

	private final HttpServer server;

	private final ExecutorService executor;

	private final URI baseUrl;

	private final Supplier<JWKSet> jwks;

	private final AtomicInteger jwksRequests = new AtomicInteger();

	private volatile boolean jwksAvailable = true;

	private volatile boolean closed;

	IssuerServer(Supplier<JWKSet> jwks) throws IOException {
		this.jwks = jwks;
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.executor = Executors.newCachedThreadPool((task) -> {
			Thread thread = new Thread(task, "trymellon-test-issuer");
			thread.setDaemon(true);
			return thread;
		});
		this.server.setExecutor(this.executor);
		this.server.createContext(TryMellonTestIssuer.JWKS_PATH, this::serveJwks);
		this.server.start();
		this.baseUrl = URI.create("http://127.0.0.1:" + this.server.getAddress().getPort());
	}

	URI baseUrl() {
		return this.baseUrl;
	}

	/** Serves {@code path} (and the paths below it) with the handler. */
	void mount(String path, HttpHandler handler) {
		this.server.createContext(path, handler);
	}

	int jwksRequestCount() {
		return this.jwksRequests.get();
	}

	void setJwksAvailable(boolean available) {
		this.jwksAvailable = available;
	}

	@Override
	public void close() {
		if (!this.closed) {
			this.closed = true;
			this.server.stop(0);
			this.executor.shutdownNow();
		}
	}

	private void serveJwks(HttpExchange exchange) throws IOException {
		try (exchange) {
			this.jwksRequests.incrementAndGet();
			String method = exchange.getRequestMethod();
			if (!"GET".equals(method) && !"HEAD".equals(method)) {
				exchange.getResponseHeaders().set("Allow", "GET, HEAD");
				exchange.sendResponseHeaders(405, -1);
				return;
			}
			if (!this.jwksAvailable) {
				exchange.sendResponseHeaders(503, -1);
				return;
			}
			byte[] body = this.jwks.get().toString().getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.getResponseHeaders().set("Cache-Control", "public, max-age=3600");
			if ("HEAD".equals(method)) {
				exchange.sendResponseHeaders(200, -1);
				return;
			}
			exchange.sendResponseHeaders(200, body.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		}
	}

}
