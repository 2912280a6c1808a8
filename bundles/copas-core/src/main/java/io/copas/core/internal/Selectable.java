package io.copas.core.internal;

import java.nio.channels.SelectionKey;

/** What a selection key of the loop is attached to. */
interface Selectable {

    /**
     * Called by the loop when the key is ready.
     *
     * @param readyOps the ready operations
     */
    void onReady(int readyOps);

    /**
     * Called by the loop when it moved the registration to a new selector.
     *
     * @param key the new key
     */
    void rekey(SelectionKey key);
}
