package dev.trymellon.spring.autoconfigure.attack;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * One HTTP answer as it came over the wire: status, headers (names compared ignoring
 * case) and body text.
 */
record Answer(int status, Map<String, List<String>> headers, String body) {

	private static final Pattern PROBLEM_CODE = Pattern.compile("\"code\"\\s*:\\s*\"([^\"]*)\"");

	private static final Pattern ERROR_DESCRIPTION = Pattern.compile("error_description=\"([^\"]*)\"");

	@Nullable String header(String name) {
		List<String> values = headers(name);
		return values.isEmpty() ? null : values.get(0);
	}

	List<String> headers(String name) {
		for (Map.Entry<String, List<String>> entry : this.headers.entrySet()) {
			if (entry.getKey() != null && entry.getKey().equalsIgnoreCase(name)) {
				return entry.getValue();
			}
		}
		return List.of();
	}

	/**
	 * The {@code code} member of the problem+json body, or {@code null}.
	 */
	@Nullable String problemCode() {
		Matcher matcher = PROBLEM_CODE.matcher(this.body);
		return matcher.find() ? matcher.group(1) : null;
	}

	/**
	 * The {@code error_description} of the {@code WWW-Authenticate} header, or
	 * {@code null}.
	 */
	@Nullable String errorDescription() {
		String challenge = header("WWW-Authenticate");
		if (challenge == null) {
			return null;
		}
		Matcher matcher = ERROR_DESCRIPTION.matcher(challenge);
		return matcher.find() ? matcher.group(1) : null;
	}

	@Override
	public String toString() {
		String shown = (this.body.length() > 300) ? this.body.substring(0, 300) + "..." : this.body;
		return "HTTP " + this.status + " " + this.headers + " " + shown;
	}

}
