package dev.trymellon.spring.test.devissuer;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

import org.jspecify.annotations.Nullable;

import dev.trymellon.spring.test.TryMellonTestIssuer;

import org.springframework.lang.Contract;

/**
 * What {@code POST /dev/tokens} and the startup banner need, on either web stack: minting
 * a token with the development issuer, the checks of the requested user and roles, and
 * whether a client's address is loopback.
 */
final class DevelopmentTokens {

	static final String PATH = "/dev/tokens";

	static final int MAX_LENGTH = 256;

	private final TryMellonTestIssuer issuer;

	DevelopmentTokens(TryMellonTestIssuer issuer) {
		this.issuer = issuer;
	}

	/**
	 * A token for the user, with the roles (when not empty) as the {@code roles} custom
	 * claim; it carries the issuer's application and tenant ids.
	 */
	String mint(String user, @Nullable String roles) {
		TryMellonTestIssuer.TokenBuilder token = this.issuer.token().userId(user);
		if (roles != null && !roles.isEmpty()) {
			token.customClaim("roles", roles);
		}
		return token.build();
	}

	/**
	 * Whether the requested user and roles may be minted: a user is required; both are
	 * printable and at most {@value #MAX_LENGTH} characters; empty roles mean none.
	 */
	@Contract("null, _ -> false")
	static boolean isValidRequest(@Nullable String user, @Nullable String roles) {
		return isValid(user) && (roles == null || roles.isEmpty() || isValid(roles));
	}

	/**
	 * Whether a literal remote address (a servlet request's) is loopback. Anything but
	 * a literal IPv4 or IPv6 address is not, so that nothing is looked up.
	 */
	static boolean isLoopback(@Nullable String remoteAddress) {
		if (remoteAddress == null || remoteAddress.isEmpty()
				|| !remoteAddress.chars().allMatch((c) -> Character.digit(c, 16) >= 0 || c == '.' || c == ':')) {
			return false;
		}
		try {
			return InetAddress.getByName(remoteAddress).isLoopbackAddress();
		}
		catch (UnknownHostException ex) {
			return false;
		}
	}

	/**
	 * Whether a resolved remote address (a reactive request's, resolved by the server) is
	 * loopback; an unresolved one is not.
	 */
	static boolean isLoopback(@Nullable InetSocketAddress remoteAddress) {
		InetAddress address = (remoteAddress != null) ? remoteAddress.getAddress() : null;
		return address != null && address.isLoopbackAddress();
	}

	@Contract("null -> false")
	private static boolean isValid(@Nullable String value) {
		return value != null && !value.isBlank() && value.length() <= MAX_LENGTH
				&& value.chars().noneMatch(Character::isISOControl);
	}

}
