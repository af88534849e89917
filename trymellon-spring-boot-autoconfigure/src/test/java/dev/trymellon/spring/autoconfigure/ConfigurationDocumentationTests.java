package dev.trymellon.spring.autoconfigure;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code docs/configuration.md} lists every {@code trymellon.*} property the
 * configuration processor finds in {@link TryMellonProperties}.
 */
class ConfigurationDocumentationTests {

	private static final Pattern NAME = Pattern.compile("\"name\"\\s*:\\s*\"(trymellon\\.[^\"]+)\"");

	@Test
	void configurationPageWhenReadThenListsEveryProperty() throws IOException {
		String metadata = Files.readString(Path.of("target", "classes", "META-INF",
				"spring-configuration-metadata.json"), StandardCharsets.UTF_8);
		String page = Files.readString(Path.of("..", "docs", "configuration.md"), StandardCharsets.UTF_8);
		List<String> names = new ArrayList<>();
		int start = metadata.indexOf("\"properties\"");
		int end = metadata.indexOf("\"hints\"", start);
		Matcher matcher = NAME.matcher(metadata.substring(start, (end > start) ? end : metadata.length()));
		while (matcher.find()) {
			names.add(matcher.group(1));
		}
		assertThat(names).contains("trymellon.client-id", "trymellon.security.permit-paths");
		for (String name : names) {
			if (name.equals("trymellon.authorities.claims")) {
				assertThat(page).contains("`trymellon.authorities.claims.<name>.prefix`");
				continue;
			}
			assertThat(page).as(name).contains("| `" + name + "` |");
		}
	}

	@Test
	void configurationPageWhenReadThenShowsTheDefaultTheMetadataShows() throws IOException {
		JsonNode metadata = JsonMapper.builder()
			.build()
			.readTree(Path.of("target", "classes", "META-INF", "spring-configuration-metadata.json").toFile());
		String page = Files.readString(Path.of("..", "docs", "configuration.md"), StandardCharsets.UTF_8);
		int checked = 0;
		for (JsonNode property : metadata.get("properties")) {
			JsonNode value = property.get("defaultValue");
			if (value == null) {
				continue;
			}
			String name = property.get("name").asString();
			List<String> values = new ArrayList<>();
			if (value.isArray()) {
				value.forEach((element) -> values.add(element.asString()));
			}
			else {
				values.add(value.asString());
			}
			assertThat(page).as(name).contains("| `" + name + "` | `" + String.join(", ", values) + "` |");
			checked++;
		}
		assertThat(checked).isGreaterThan(30);
	}

}
