/**
 * Spring Security test support for applications that use TryMellon: the MockMvc
 * {@link dev.trymellon.spring.test.security.TryMellonRequestPostProcessors#tryMellonSession()
 * tryMellonSession()} request post-processor and
 * {@link dev.trymellon.spring.test.security.WithTryMellonSession @WithTryMellonSession}.
 *
 * @since 0.1.0
 */
@NullMarked
package dev.trymellon.spring.test.security;

import org.jspecify.annotations.NullMarked;
