/**
 * An embedded development issuer for running an application on a developer's machine
 * with no TryMellon account: the
 * {@link dev.trymellon.spring.test.devissuer.DevelopmentIssuerInitializer} starts a
 * {@link dev.trymellon.spring.test.TryMellonTestIssuer}, points the application's
 * {@code trymellon.*} properties at it where they are absent, serves
 * {@code POST /dev/tokens} to loopback clients (Spring MVC or WebFlux) and logs two
 * ready-to-paste {@code curl} commands. It never starts under a forbidden profile
 * ({@code prod}, {@code production}, {@code live} by default), with a TryMellon key
 * source configured, or when switched off, and only in an application that registers the
 * initializer itself. Development only.
 *
 * @since 0.1.0
 */
@NullMarked
package dev.trymellon.spring.test.devissuer;

import org.jspecify.annotations.NullMarked;
