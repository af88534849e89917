package dev.trymellon.spring.autoconfigure.load;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jose.jwk.RSAKey;
import com.sun.net.httpserver.HttpServer;

import dev.trymellon.spring.testfixtures.TestTokens;

/**
 * A JWKS endpoint on 127.0.0.1: serves the keys last {@link #publish published}, and
 * counts fetches.
 */
final class LocalJwks implements AutoCloseable {

	private final HttpServer server;

	private final ExecutorService executor = Executors.newFixedThreadPool(2);

	private final AtomicInteger fetches = new AtomicInteger();

	private volatile byte[] document;

	LocalJwks(RSAKey... keys) throws IOException {
		publish(keys);
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.server.createContext("/jwks", (exchange) -> {
			byte[] body = this.document;
			this.fetches.incrementAndGet();
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, body.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		});
		this.server.setExecutor(this.executor);
		this.server.start();
	}

	void publish(RSAKey... keys) {
		this.document = TestTokens.jwks(keys).getBytes(StandardCharsets.UTF_8);
	}

	URI uri() {
		return URI.create("http://127.0.0.1:" + this.server.getAddress().getPort() + "/jwks");
	}

	int fetches() {
		return this.fetches.get();
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.executor.shutdownNow();
	}

}
