/**
 * Ahead-of-time processing and native images: the runtime hints for what the starter
 * reflects on or loads by name.
 *
 * @since 0.2.0
 */
@NullMarked
package dev.trymellon.spring.aot;

import org.jspecify.annotations.NullMarked;
