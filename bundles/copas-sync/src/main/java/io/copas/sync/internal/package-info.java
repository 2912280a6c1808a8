/**
 * Implementation of {@code io.copas.sync}: the FIFO hand-off queue and condition waits behind the
 * * * primitives, deadlines and calling-context checks. Not exported.
 */
package io.copas.sync.internal;
