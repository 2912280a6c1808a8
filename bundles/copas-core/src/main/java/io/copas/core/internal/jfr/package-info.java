/**
 * JDK Flight Recorder events of the loop, never exported; reached only through
 * io.copas.core.internal.Flight, which checks that jdk.jfr is there.
 */
package io.copas.core.internal.jfr;
