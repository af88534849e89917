package dev.trymellon.sample;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.trymellon.spring.session.TryMellonSession;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/notes}: a state-changing call for the browser demo. Through the session
 * cookie it needs the CSRF header ({@code X-XSRF-TOKEN}); with
 * {@code Authorization: Bearer} it does not. Nothing is kept.
 */
@RestController
class NoteController {

	private static final int MAX_LENGTH = 200;

	@PostMapping("/api/notes")
	Map<String, Object> note(@AuthenticationPrincipal TryMellonSession session,
			@RequestParam(name = "text", defaultValue = "") String text) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("note", (text.length() > MAX_LENGTH) ? text.substring(0, MAX_LENGTH) : text);
		body.put("by", session.getUserId());
		return body;
	}

}
