package dev.trymellon.spring.authority;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import dev.trymellon.spring.session.TryMellonSession;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;

/**
 * The default {@link SessionAuthoritiesMapper}: grants authorities from the session's
 * custom claims ({@link TryMellonSession#getCustomClaims()}), only where configured.
 * <ul>
 * <li><em>Role claims</em> (default {@code roles} and {@code role}): a string value is
 * split on commas and whitespace; each part is upper-cased and prefixed with
 * {@code ROLE_}, so {@code "roles": "admin editor"} grants {@code ROLE_ADMIN} and
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
 * Nothing else in the token ever becomes an authority.
 *
 * @author TryMellon
 * @since 0.1.0
 */
public final class ClaimsSessionAuthoritiesMapper implements SessionAuthoritiesMapper {

	/**
	 * The role claims used when none are set.
	 */
	public static final List<String> DEFAULT_ROLE_CLAIMS = List.of("roles", "role");

	private static final String ROLE_PREFIX = "ROLE_";

	private static final String ROLE_DELIMITERS = ", \t\r\n";

	private List<String> roleClaims = DEFAULT_ROLE_CLAIMS;

	private final Map<String, ClaimMapping> claimMappings = new LinkedHashMap<>();

	private List<String> defaultAuthorities = List.of();

	/**
	 * Sets the custom claims holding roles. Defaults to {@link #DEFAULT_ROLE_CLAIMS}.
	 * @param roleClaims the claim names; empty to grant no roles
	 */
	public void setRoleClaims(Collection<String> roleClaims) {
		Assert.notNull(roleClaims, "roleClaims cannot be null");
		this.roleClaims = roleClaims.stream().filter(StringUtils::hasText).map(String::trim).toList();
	}

	/**
	 * Adds a mapping for one more custom claim.
	 * @param claimName the custom claim
	 * @param mapping how its values become authorities
	 */
	public void addClaimMapping(String claimName, ClaimMapping mapping) {
		Assert.hasText(claimName, "claimName cannot be empty");
		Assert.notNull(mapping, "mapping cannot be null");
		this.claimMappings.put(claimName, mapping);
	}

	/**
	 * Sets the authorities granted to every valid session. Defaults to none.
	 * @param defaultAuthorities the authority names
	 */
	public void setDefaultAuthorities(Collection<String> defaultAuthorities) {
		Assert.notNull(defaultAuthorities, "defaultAuthorities cannot be null");
		this.defaultAuthorities = defaultAuthorities.stream().filter(StringUtils::hasText).map(String::trim).toList();
	}

	@Override
	public Collection<GrantedAuthority> getAuthorities(TryMellonSession session) {
		Set<String> names = new LinkedHashSet<>(this.defaultAuthorities);
		for (String claim : this.roleClaims) {
			if (session.getCustomClaim(claim) instanceof String value) {
				for (String role : split(value, ROLE_DELIMITERS)) {
					names.add(ROLE_PREFIX + role.toUpperCase(Locale.ROOT));
				}
			}
		}
		this.claimMappings.forEach((claim, mapping) -> mapping.addAuthorities(claim, session.getCustomClaim(claim), names));
		List<GrantedAuthority> authorities = new ArrayList<>(names.size());
		for (String name : names) {
			authorities.add(new SimpleGrantedAuthority(name));
		}
		return authorities;
	}

	private static List<String> split(String value, String delimiters) {
		if (delimiters.isEmpty()) {
			String trimmed = value.trim();
			return trimmed.isEmpty() ? List.of() : List.of(trimmed);
		}
		String[] parts = StringUtils.tokenizeToStringArray(value, delimiters, true, true);
		return List.of(parts);
	}

	/**
	 * How the values of one custom claim become authorities.
	 *
	 * @param prefix the prefix of each authority, or {@code null} for the claim name
	 * upper-cased followed by {@code _} (for a boolean claim: no prefix)
	 * @param delimiter the characters that separate several values in one string; empty
	 * for no splitting
	 * @param upperCase whether values are upper-cased
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
		}

		void addAuthorities(String claim, @Nullable Object value, Set<String> names) {
			if (value instanceof Boolean flag) {
				if (flag) {
					names.add(((this.prefix != null) ? this.prefix : "") + cased(claim));
				}
				return;
			}
			if (value instanceof String || value instanceof Number) {
				String prefix = (this.prefix != null) ? this.prefix : claim.toUpperCase(Locale.ROOT) + "_";
				for (String part : split(value.toString(), this.delimiter)) {
					names.add(prefix + cased(part));
				}
			}
		}

		private String cased(String value) {
			return this.upperCase ? value.toUpperCase(Locale.ROOT) : value;
		}

	}

}
