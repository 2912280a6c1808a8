package io.copas.core.internal;

/** What a selection key of the loop is attached to. */
interface Selectable {

    /**
     * Called by the loop when the key is ready.
     *
     * @param readyOps the ready operations
     */
    void onReady(int readyOps);
}
