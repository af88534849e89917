/**
 * Auto-configuration of the Spring Security beans that do not need a web application:
 * the session authorities mapper.
 *
 * @since 0.1.0
 */
@NullMarked
package dev.trymellon.spring.autoconfigure.security;

import org.jspecify.annotations.NullMarked;
