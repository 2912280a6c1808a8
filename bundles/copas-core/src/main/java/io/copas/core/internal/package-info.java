/**
 * Implementation of io.copas.core, never exported: the loop (SchedulerImpl, LoopOwnership,
 * RunQueue, Fairness), the engines that switch between the loop and the tasks, sockets and
 * servers, timers, the watchdog and the client registries.
 */
package io.copas.core.internal;
