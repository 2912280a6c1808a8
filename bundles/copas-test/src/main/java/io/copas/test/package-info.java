/**
 * Test support for code that runs on Copas: {@link io.copas.test.VirtualClock}, a scheduler clock
 * that moves only when the test moves it, so that pauses, socket and sync timeouts and timers of
 * hours run in milliseconds and always the same way; and {@link io.copas.test.CopasExtension}
 * (with {@link io.copas.test.CopasTest}), a JUnit 5 extension that gives a test a scheduler,
 * on virtual time if asked, and closes it afterwards, failing the test if tasks or sockets were
 * left behind.
 */
@Export
@Version("0.1.0")
package io.copas.test;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
