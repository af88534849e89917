package dev.trymellon.spring.authority;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

import org.jspecify.annotations.Nullable;

import dev.trymellon.spring.session.TryMellonSession;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;

/**
 * The default {@link SessionAuthoritiesMapper}: grants the default authorities to every
 * session and, only where configured, authorities from the session's custom claims
 * ({@link TryMellonSession#getCustomClaims()}). By default no claim grants anything.
 * <p>
 * <strong>Custom claims are chosen by the client.</strong> TryMellon's browser SDK sends
 * them when the session is created; the application's claims schema limits their keys,
 * never their values, so any end user can send {@code "roles": "admin"}. Map a claim
 * only when every value an end user could send is acceptable; take authorities that
 * matter from the application's own data, keyed by the verified user id (a
 * {@link UserAuthoritiesLookup}).
 * <ul>
 * <li><em>Role claims</em> ({@link #setRoleClaims(Collection)}, none by default): a
 * string value is split on commas and whitespace; each part is upper-cased and prefixed
 * with {@code ROLE_}, so {@code "roles": "admin editor"} grants {@code ROLE_ADMIN} and
 * {@code ROLE_EDITOR}. Values of other types are ignored.</li>
 * <li><em>Claim mappings</em> ({@link #addClaimMapping(String, ClaimMapping)}): a string
 * or number value is split on the mapping's delimiter characters, each part optionally
 * upper-cased and given the mapping's prefix (by default the claim name upper-cased plus
 * {@code _}: {@code "plan": "pro"} grants {@code PLAN_PRO}). A boolean {@code true}
 * grants one authority named after the claim ({@code "beta": true} grants {@code BETA},
 * or {@code <prefix>BETA} when a prefix is set explicitly); {@code false} grants
 * nothing.</li>
 * <li><em>Default authorities</em>: granted to every valid session.</li>
 * </ul>
 * Each value taken from a claim must be 1 to {@value #MAX_VALUE_LENGTH} ASCII letters,
 * digits, {@code _}, {@code .}, {@code :} or {@code -}; upper-casing maps only
 * {@code a-z} to {@code A-Z}, whatever the default locale. Any other value (non-ASCII
 * look-alikes such as {@code "admın"} or {@code "ſuperuser"}, control characters,
 * spaces, over-long values, values of an unexpected type) grants nothing and is counted
 * ({@link #getIgnoredValueCount()}). Claim names and prefixes must match the same
 * pattern. Nothing else in the token ever becomes an authority.
 *
 * @author TryMellon
 * @since 0.1.0
 */
public final class ClaimsSessionAuthoritiesMapper implements SessionAuthoritiesMapper {

	/**
	 * The longest value taken from a claim, in characters.
	 * @since 0.2.0
	 */
	public static final int MAX_VALUE_LENGTH = 64;

	private static final String CHARACTERS = "ASCII letters, digits, '_', '.', ':' or '-'";

	private static final String ROLE_PREFIX = "ROLE_";

	private static final String ROLE_DELIMITERS = ", \t\r\n";

	private List<String> roleClaims = List.of();

	private final Map<String, ClaimMapping> claimMappings = new LinkedHashMap<>();

	private List<String> defaultAuthorities = List.of();

	private List<GrantedAuthority> defaultGrantedAuthorities = List.of();

	private final LongAdder ignored = new LongAdder();

	/**
	 * Sets the custom claims holding roles. None by default: roles from custom claims are
	 * an explicit choice, because the client chooses their values.
	 * @param roleClaims the claim names (1 to {@value #MAX_VALUE_LENGTH} ASCII letters,
	 * digits, {@code _}, {@code .}, {@code :} or {@code -}); empty to grant no roles
	 * @throws IllegalArgumentException when a name is not valid
	 */
	public void setRoleClaims(Collection<String> roleClaims) {
		Assert.notNull(roleClaims, "roleClaims cannot be null");
		List<String> names = roleClaims.stream()
			.filter(StringUtils::hasText)
			.map(ClaimsSessionAuthoritiesMapper::trimSpaces)
			.toList();
		for (String name : names) {
			Assert.isTrue(isValidName(name), () -> "Role claim '" + name + "' is not a valid claim name: use 1 to "
					+ MAX_VALUE_LENGTH + " " + CHARACTERS);
		}
		this.roleClaims = names;
	}

	/**
	 * Adds a mapping for one more custom claim.
	 * @param claimName the custom claim (1 to {@value #MAX_VALUE_LENGTH} ASCII letters,
	 * digits, {@code _}, {@code .}, {@code :} or {@code -})
	 * @param mapping how its values become authorities
	 * @throws IllegalArgumentException when the claim name is not valid
	 */
	public void addClaimMapping(String claimName, ClaimMapping mapping) {
		Assert.notNull(claimName, "claimName cannot be null");
		Assert.isTrue(isValidName(claimName), () -> "Claim '" + claimName + "' is not a valid claim name: use 1 to "
				+ MAX_VALUE_LENGTH + " " + CHARACTERS);
		Assert.notNull(mapping, "mapping cannot be null");
		this.claimMappings.put(claimName, mapping);
	}

	/**
	 * Sets the authorities granted to every valid session. Defaults to none.
	 * @param defaultAuthorities the authority names
	 */
	public void setDefaultAuthorities(Collection<String> defaultAuthorities) {
		Assert.notNull(defaultAuthorities, "defaultAuthorities cannot be null");
		this.defaultAuthorities = defaultAuthorities.stream()
			.filter(StringUtils::hasText)
			.map(ClaimsSessionAuthoritiesMapper::trimSpaces)
			.distinct()
			.toList();
		this.defaultGrantedAuthorities = List.copyOf(toAuthorities(this.defaultAuthorities));
	}

	private boolean mapsCustomClaims() {
		return !this.roleClaims.isEmpty() || !this.claimMappings.isEmpty();
	}

	/**
	 * Returns how many claim values were ignored so far because they are not canonical
	 * (see the class description) or not of a mapped type.
	 * @return the number of ignored values
	 * @since 0.2.0
	 */
	public long getIgnoredValueCount() {
		return this.ignored.sum();
	}

	@Override
	public Collection<GrantedAuthority> getAuthorities(TryMellonSession session) {
		if (!mapsCustomClaims()) {
			return this.defaultGrantedAuthorities;
		}
		Set<String> names = new LinkedHashSet<>(this.defaultAuthorities);
		for (String claim : this.roleClaims) {
			Object value = session.getCustomClaim(claim);
			if (value instanceof String string) {
				for (String role : split(string, ROLE_DELIMITERS)) {
					add(names, ROLE_PREFIX, role, true);
				}
			}
			else if (value != null) {
				this.ignored.increment();
			}
		}
		this.claimMappings.forEach((claim, mapping) -> mapping.addAuthorities(claim, session.getCustomClaim(claim),
				names, this));
		return toAuthorities(names);
	}

	private static List<GrantedAuthority> toAuthorities(Collection<String> names) {
		List<GrantedAuthority> authorities = new ArrayList<>(names.size());
		for (String name : names) {
			authorities.add(new SimpleGrantedAuthority(name));
		}
		return authorities;
	}

	void add(Set<String> names, String prefix, String value, boolean upperCase) {
		String canonical = canonical(value, upperCase);
		if (canonical == null) {
			this.ignored.increment();
			return;
		}
		names.add(prefix.isEmpty() ? canonical : prefix + canonical);
	}

	/**
	 * A valid claim name: 1 to {@value #MAX_VALUE_LENGTH} ASCII letters, digits,
	 * {@code _}, {@code .}, {@code :} or {@code -}.
	 */
	static boolean isValidName(@Nullable String name) {
		return name != null && !name.isEmpty() && isValidText(name);
	}

	/**
	 * A valid authority prefix: empty, or made of the characters of a valid name.
	 */
	static boolean isValidPrefix(@Nullable String prefix) {
		return prefix != null && isValidText(prefix);
	}

	private static boolean isValidText(String text) {
		if (text.length() > MAX_VALUE_LENGTH) {
			return false;
		}
		for (int i = 0; i < text.length(); i++) {
			if (!isAllowed(text.charAt(i))) {
				return false;
			}
		}
		return true;
	}

	/**
	 * The value in canonical form, or {@code null} when it is not acceptable.
	 */
	static @Nullable String canonical(String value, boolean upperCase) {
		int length = value.length();
		if (length == 0 || length > MAX_VALUE_LENGTH) {
			return null;
		}
		boolean hasLowerCase = false;
		for (int i = 0; i < length; i++) {
			char c = value.charAt(i);
			if (!isAllowed(c)) {
				return null;
			}
			hasLowerCase |= (c >= 'a' && c <= 'z');
		}
		return (upperCase && hasLowerCase) ? asciiUpperCase(value) : value;
	}

	/**
	 * Upper-cases {@code a-z} only; every other character is kept. Never depends on the
	 * default locale.
	 */
	static String asciiUpperCase(String value) {
		char[] chars = value.toCharArray();
		for (int i = 0; i < chars.length; i++) {
			char c = chars[i];
			if (c >= 'a' && c <= 'z') {
				chars[i] = (char) (c - ('a' - 'A'));
			}
		}
		return new String(chars);
	}

	private static boolean isAllowed(char c) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.'
				|| c == ':' || c == '-';
	}

	/**
	 * Splits on the delimiter characters, drops empty parts and trims spaces and tabs
	 * from each part. Never {@link String#trim()}: it would strip NUL and other control
	 * characters and let the rest of the value through.
	 */
	private static List<String> split(String value, String delimiters) {
		List<String> parts = new ArrayList<>(2);
		int start = 0;
		int length = value.length();
		for (int i = 0; i <= length; i++) {
			if (i == length || delimiters.indexOf(value.charAt(i)) >= 0) {
				String part = trimSpaces(value.substring(start, i));
				if (!part.isEmpty()) {
					parts.add(part);
				}
				start = i + 1;
			}
		}
		return parts;
	}

	private static String trimSpaces(String value) {
		int start = 0;
		int end = value.length();
		while (start < end && isSpace(value.charAt(start))) {
			start++;
		}
		while (end > start && isSpace(value.charAt(end - 1))) {
			end--;
		}
		return value.substring(start, end);
	}

	private static boolean isSpace(char c) {
		return c == ' ' || c == '\t';
	}

	/**
	 * How the values of one custom claim become authorities.
	 *
	 * @param prefix the prefix of each authority, or {@code null} for the claim name
	 * upper-cased followed by {@code _} (for a boolean claim: no prefix); when set, at
	 * most {@value ClaimsSessionAuthoritiesMapper#MAX_VALUE_LENGTH} ASCII letters,
	 * digits, {@code _}, {@code .}, {@code :} or {@code -}, possibly none
	 * @param delimiter the characters that separate several values in one string; empty
	 * for no splitting
	 * @param upperCase whether values are upper-cased ({@code a-z} only)
	 * @since 0.1.0
	 */
	public record ClaimMapping(@Nullable String prefix, String delimiter, boolean upperCase) {

		/**
		 * The mapping used when nothing else is set: default prefix, values separated by
		 * commas or spaces, upper-cased.
		 */
		public static final ClaimMapping DEFAULT = new ClaimMapping(null, ", ", true);

		/**
		 * Creates a mapping.
		 * @param prefix the prefix, or {@code null} for the default
		 * @param delimiter the delimiter characters
		 * @param upperCase whether values are upper-cased
		 */
		public ClaimMapping {
			Assert.notNull(delimiter, "delimiter cannot be null");
			Assert.isTrue(prefix == null || isValidPrefix(prefix),
					() -> "Prefix '" + prefix + "' is not valid: use at most " + MAX_VALUE_LENGTH + " " + CHARACTERS);
		}

		void addAuthorities(String claim, @Nullable Object value, Set<String> names,
				ClaimsSessionAuthoritiesMapper mapper) {
			if (value == null) {
				return;
			}
			if (value instanceof Boolean flag) {
				if (flag) {
					mapper.add(names, (this.prefix != null) ? this.prefix : "", claim, this.upperCase);
				}
				return;
			}
			if (value instanceof String || value instanceof Number) {
				String prefix = (this.prefix != null) ? this.prefix : asciiUpperCase(claim) + "_";
				for (String part : split(value.toString(), this.delimiter)) {
					mapper.add(names, prefix, part, this.upperCase);
				}
				return;
			}
			mapper.ignored.increment();
		}

	}

}
