package dev.trymellon.spring.browser;

import java.util.Collection;

import dev.trymellon.spring.session.TryMellonSession;
import dev.trymellon.spring.web.internal.JsonText;

import org.springframework.util.Assert;

/**
 * The public view of a browser session, as {@code GET /trymellon/session} answers it:
 * enough for a single-page application to know who is signed in, until when, and with
 * which authorities; nothing else of the token (no claims, no ids of tenant, app or
 * session, never the token).
 *
 * <pre class="code">
 * {"userId":"user_123","expiresAt":"2026-12-01T14:00:00Z","authorities":["ROLE_ADMIN","FACTOR_BEARER"]}
 * </pre>
 *
 * @author TryMellon
 * @since 0.2.0
 */
public final class SessionView {

	private SessionView() {
	}

	/**
	 * Renders the view as a JSON object.
	 * @param session the verified session
	 * @param authorities the authorities the request was granted
	 * @return the JSON text
	 */
	public static String json(TryMellonSession session, Collection<String> authorities) {
		Assert.notNull(session, "session cannot be null");
		Assert.notNull(authorities, "authorities cannot be null");
		StringBuilder json = new StringBuilder(128);
		json.append("{\"userId\":");
		JsonText.quote(json, session.getUserId());
		json.append(",\"expiresAt\":");
		JsonText.quote(json, session.getExpiresAt().toString());
		json.append(",\"authorities\":[");
		boolean first = true;
		for (String authority : authorities) {
			if (!first) {
				json.append(',');
			}
			JsonText.quote(json, authority);
			first = false;
		}
		return json.append("]}").toString();
	}

}
