package dev.trymellon.spring.webhook;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JacksonInject;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.cfg.MapperConfig;
import tools.jackson.databind.introspect.Annotated;
import tools.jackson.databind.introspect.AnnotatedMember;
import tools.jackson.databind.introspect.AnnotatedParameter;
import tools.jackson.databind.introspect.JacksonAnnotationIntrospector;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;

/**
 * The Jackson mapper of {@link WebhookPayloadParser}: strict reading (trailing tokens
 * refused, bounded nesting; duplicate members are refused by the parser, which reads
 * every object of a payload before the mapper binds any), snake_case members bound onto
 * the event records with unknown members skipped unread (never buffered), strings only
 * from JSON strings, times only from RFC 3339 strings with an offset, and the
 * {@link WebhookEnvelope} component injected, never read from the payload.
 *
 * @author TryMellon
 */
final class WebhookPayloadMapper {

	private WebhookPayloadMapper() {
	}

	static JsonMapper create(String envelopeId, int maxNestingDepth) {
		JsonFactory factory = JsonFactory.builder()
			.streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(maxNestingDepth).build())
			.build();
		SimpleModule strict = new SimpleModule("TryMellonWebhookPayload");
		strict.addDeserializer(String.class, new StrictStringDeserializer());
		strict.addDeserializer(Instant.class, new StrictInstantDeserializer());
		return JsonMapper.builder(factory)
			.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
			.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
			.propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
			.annotationIntrospector(new EnvelopeInjection(envelopeId))
			.addModule(strict)
			.build();
	}

	/**
	 * Supplies the records' {@link WebhookEnvelope} component from the parsed envelope,
	 * never from the payload's {@code data}.
	 */
	private static final class EnvelopeInjection extends JacksonAnnotationIntrospector {

		private final String envelopeId;

		EnvelopeInjection(String envelopeId) {
			this.envelopeId = envelopeId;
		}

		@Override
		public JacksonInject.@Nullable Value findInjectableValue(MapperConfig<?> config, AnnotatedMember member) {
			if (member instanceof AnnotatedParameter parameter && parameter.getRawType() == WebhookEnvelope.class) {
				return JacksonInject.Value.construct(this.envelopeId, Boolean.FALSE, Boolean.FALSE);
			}
			return super.findInjectableValue(config, member);
		}

		/**
		 * Unknown members are skipped (as with {@code @JsonIgnoreProperties(ignoreUnknown
		 * = true)}) rather than buffered for a handler that would ignore them anyway.
		 */
		@Override
		public JsonIgnoreProperties.Value findPropertyIgnoralByName(MapperConfig<?> config, Annotated annotated) {
			JsonIgnoreProperties.Value declared = super.findPropertyIgnoralByName(config, annotated);
			return (declared != null) ? declared.withIgnoreUnknown()
					: JsonIgnoreProperties.Value.forIgnoreUnknown(true);
		}

	}

	/**
	 * A string field accepts a JSON string only, never a number or boolean.
	 */
	private static final class StrictStringDeserializer extends ValueDeserializer<String> {

		@Override
		public String deserialize(JsonParser parser, DeserializationContext context) {
			if (parser.currentToken() != JsonToken.VALUE_STRING) {
				return (String) context.handleUnexpectedToken(String.class, parser);
			}
			return parser.getString();
		}

	}

	/**
	 * A time field accepts an RFC 3339 string with an offset only, never epoch seconds.
	 */
	private static final class StrictInstantDeserializer extends ValueDeserializer<Instant> {

		@Override
		public Instant deserialize(JsonParser parser, DeserializationContext context) {
			if (parser.currentToken() != JsonToken.VALUE_STRING) {
				return (Instant) context.handleUnexpectedToken(Instant.class, parser);
			}
			String text = parser.getString();
			Instant instant = WebhookTimes.parse(text);
			if (instant == null) {
				throw context.weirdStringException(text, Instant.class, "not an RFC 3339 time with an offset");
			}
			return instant;
		}

	}

}
