/**
 * How a verified TryMellon session becomes Spring Security authorities: the
 * {@link dev.trymellon.spring.authority.SessionAuthoritiesMapper} contract and its
 * claim-driven default.
 *
 * @since 0.1.0
 */
@NullMarked
package dev.trymellon.spring.authority;

import org.jspecify.annotations.NullMarked;
