package io.copas.sync;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * What a {@link Timer} runs when it expires ({@code callback(timer_obj, params)}).
 *
 * @param <P> the type of the timer's parameters
 */
@ConsumerType
@FunctionalInterface
public interface TimerCallback<P> {

    /**
     * Runs on expiry, in the timer's task: it may use every Copas call. An exception goes to the
     * timer's error handler and does not stop a recurring timer.
     *
     * @param timer  the timer (to cancel or re-arm it)
     * @param params the timer's parameters, possibly {@code null}
     * @throws Exception whatever the callback throws
     */
    void onTimer(Timer<P> timer, P params) throws Exception;
}
