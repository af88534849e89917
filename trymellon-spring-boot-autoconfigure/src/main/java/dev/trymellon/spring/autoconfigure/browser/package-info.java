/**
 * Auto-configuration of browser sessions ({@code trymellon.session-cookie.*}).
 *
 * @since 0.2.0
 */
@NullMarked
package dev.trymellon.spring.autoconfigure.browser;

import org.jspecify.annotations.NullMarked;
