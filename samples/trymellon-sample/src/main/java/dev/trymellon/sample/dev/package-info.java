/**
 * The embedded development issuer: local keys and tokens so that the sample runs with no
 * TryMellon account. Never active in production (see {@code DevIssuerInitializer}).
 */
@NullMarked
package dev.trymellon.sample.dev;

import org.jspecify.annotations.NullMarked;
