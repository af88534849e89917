/**
 * The embedded development issuer, as in the servlet sample: local keys and tokens so
 * that the sample runs with no TryMellon account. Never active in production (see
 * {@code DevIssuerInitializer}).
 */
@NullMarked
package dev.trymellon.sample.webflux.dev;

import org.jspecify.annotations.NullMarked;
