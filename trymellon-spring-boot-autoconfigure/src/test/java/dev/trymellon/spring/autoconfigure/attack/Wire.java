package dev.trymellon.spring.autoconfigure.attack;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Talks HTTP/1.1 to the embedded server on 127.0.0.1, in two ways: the JDK's
 * {@link HttpClient} (which sends what it is given, without normalising the path), and
 * a raw socket for requests a client library refuses to send (control characters in a
 * header, a lower-case method, a lying {@code Content-Length}, a hand-made chunked body).
 */
final class Wire {

	private static final HttpClient CLIENT = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.followRedirects(HttpClient.Redirect.NEVER)
		.build();

	private final int port;

	Wire(int port) {
		this.port = port;
	}

	int port() {
		return this.port;
	}

	/**
	 * A request through the JDK client.
	 * @param headers name, value, name, value, ... (a name may repeat)
	 */
	Answer send(String method, String path, byte @Nullable [] body, String... headers) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.timeout(Duration.ofSeconds(20))
			.method(method, (body != null) ? BodyPublishers.ofByteArray(body) : BodyPublishers.noBody());
		for (int i = 0; i < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		var response = CLIENT.send(request.build(), BodyHandlers.ofByteArray());
		return new Answer(response.statusCode(), response.headers().map(),
				new String(response.body(), StandardCharsets.UTF_8));
	}

	Answer get(String path, String... headers) throws Exception {
		return send("GET", path, null, headers);
	}

	/**
	 * Starts a raw request: the bytes are written exactly as built.
	 */
	Raw raw(String method, String target) {
		return new Raw(this.port, method, target);
	}

	/**
	 * A request written byte by byte on a socket. {@code Host} and
	 * {@code Connection: close} are added; {@code Content-Length} only when a body is set
	 * and no length or chunking was chosen by hand.
	 */
	static final class Raw {

		private final int port;

		private final String requestLine;

		private final List<byte[]> headerLines = new ArrayList<>();

		private byte[] body = new byte[0];

		private boolean bodySet;

		private boolean lengthByHand;

		private boolean halfClose;

		private Raw(int port, String method, String target) {
			this.port = port;
			this.requestLine = method + " " + target + " HTTP/1.1";
		}

		/** A header line; the value is written as ISO-8859-1 bytes, control characters included. */
		Raw header(String name, String value) {
			return headerBytes(name, value.getBytes(StandardCharsets.ISO_8859_1));
		}

		/** A header line whose value is the given bytes, as they are. */
		Raw headerBytes(String name, byte[] value) {
			ByteArrayOutputStream line = new ByteArrayOutputStream();
			line.writeBytes((name + ":").getBytes(StandardCharsets.US_ASCII));
			if (value.length > 0) {
				line.write(' ');
			}
			line.writeBytes(value);
			this.headerLines.add(line.toByteArray());
			if (name.equalsIgnoreCase("Content-Length") || name.equalsIgnoreCase("Transfer-Encoding")) {
				this.lengthByHand = true;
			}
			return this;
		}

		Raw body(byte[] body) {
			this.body = body;
			this.bodySet = true;
			return this;
		}

		Raw body(String body) {
			return body(body.getBytes(StandardCharsets.UTF_8));
		}

		/** Sends the body with {@code Transfer-Encoding: chunked}, in chunks of the given size. */
		Raw chunked(byte[] body, int chunkSize) {
			header("Transfer-Encoding", "chunked");
			ByteArrayOutputStream chunks = new ByteArrayOutputStream();
			for (int offset = 0; offset < body.length; offset += chunkSize) {
				int length = Math.min(chunkSize, body.length - offset);
				chunks.writeBytes((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
				chunks.write(body, offset, length);
				chunks.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
			}
			chunks.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
			this.body = chunks.toByteArray();
			this.bodySet = true;
			return this;
		}

		/** Closes the sending side once the request is written, so the server sees the end of the stream. */
		Raw halfClose() {
			this.halfClose = true;
			return this;
		}

		byte[] bytes() {
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			line(out, this.requestLine.getBytes(StandardCharsets.ISO_8859_1));
			line(out, ("Host: 127.0.0.1:" + this.port).getBytes(StandardCharsets.US_ASCII));
			line(out, "Connection: close".getBytes(StandardCharsets.US_ASCII));
			for (byte[] header : this.headerLines) {
				line(out, header);
			}
			if (this.bodySet && !this.lengthByHand) {
				line(out, ("Content-Length: " + this.body.length).getBytes(StandardCharsets.US_ASCII));
			}
			line(out, new byte[0]);
			out.writeBytes(this.body);
			return out.toByteArray();
		}

		Answer send() throws IOException {
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress("127.0.0.1", this.port), 5000);
				socket.setSoTimeout(20_000);
				OutputStream out = socket.getOutputStream();
				out.write(bytes());
				out.flush();
				if (this.halfClose) {
					socket.shutdownOutput();
				}
				return parse(readResponse(socket.getInputStream()));
			}
		}

		/**
		 * Reads one response: up to the end of its body as framed by Content-Length or
		 * chunking, else up to the end of the stream. (A server may keep the connection
		 * open after answering, to swallow a body it never read.)
		 */
		private static byte[] readResponse(InputStream in) throws IOException {
			ByteArrayOutputStream received = new ByteArrayOutputStream();
			byte[] buffer = new byte[8192];
			int read;
			while ((read = in.read(buffer)) != -1) {
				received.write(buffer, 0, read);
				if (isComplete(received.toByteArray())) {
					break;
				}
			}
			return received.toByteArray();
		}

		private static boolean isComplete(byte[] data) {
			int end = indexOf(data, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), 0);
			if (end < 0) {
				return false;
			}
			String head = new String(data, 0, end, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
			if (head.startsWith("http/1.1 1")) {
				return false;
			}
			int bodyLength = data.length - end - 4;
			for (String line : head.split("\r\n")) {
				if (line.startsWith("content-length:")) {
					return bodyLength >= Integer.parseInt(line.substring("content-length:".length()).trim())
							|| head.startsWith("http/1.1 304");
				}
				if (line.startsWith("transfer-encoding:") && line.contains("chunked")) {
					return new String(data, StandardCharsets.ISO_8859_1).endsWith("0\r\n\r\n");
				}
			}
			return false;
		}

		private static void line(ByteArrayOutputStream out, byte[] line) {
			out.writeBytes(line);
			out.write('\r');
			out.write('\n');
		}

	}

	/**
	 * Parses a whole HTTP/1.1 response (the server closed the connection after it).
	 */
	static Answer parse(byte[] response) {
		int end = indexOf(response, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), 0);
		if (end < 0) {
			throw new IllegalStateException("No complete HTTP response: "
					+ new String(response, StandardCharsets.ISO_8859_1));
		}
		String[] lines = new String(response, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
		int status = Integer.parseInt(lines[0].split(" ", 3)[1]);
		Map<String, List<String>> headers = new LinkedHashMap<>();
		for (int i = 1; i < lines.length; i++) {
			int colon = lines[i].indexOf(':');
			String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
			headers.computeIfAbsent(name, (key) -> new ArrayList<>()).add(lines[i].substring(colon + 1).trim());
		}
		byte[] body = Arrays.copyOfRange(response, end + 4, response.length);
		List<String> encoding = headers.getOrDefault("transfer-encoding", List.of());
		if (encoding.stream().anyMatch((value) -> value.equalsIgnoreCase("chunked"))) {
			body = dechunk(body);
		}
		return new Answer(status, headers, new String(body, StandardCharsets.UTF_8));
	}

	private static byte[] dechunk(byte[] chunked) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		int position = 0;
		while (position < chunked.length) {
			int lineEnd = indexOf(chunked, "\r\n".getBytes(StandardCharsets.US_ASCII), position);
			if (lineEnd < 0) {
				break;
			}
			String size = new String(chunked, position, lineEnd - position, StandardCharsets.US_ASCII);
			int semicolon = size.indexOf(';');
			int length = Integer.parseInt(((semicolon >= 0) ? size.substring(0, semicolon) : size).trim(), 16);
			if (length == 0) {
				break;
			}
			out.write(chunked, lineEnd + 2, length);
			position = lineEnd + 2 + length + 2;
		}
		return out.toByteArray();
	}

	private static int indexOf(byte[] data, byte[] pattern, int from) {
		outer: for (int i = from; i <= data.length - pattern.length; i++) {
			for (int j = 0; j < pattern.length; j++) {
				if (data[i + j] != pattern[j]) {
					continue outer;
				}
			}
			return i;
		}
		return -1;
	}

}
