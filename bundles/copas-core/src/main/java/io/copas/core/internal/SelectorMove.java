package io.copas.core.internal;

import java.io.IOException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;

/**
 * Moves every live registration of a selector that went bad to a fresh one, as Netty's event loop
 * does: same interest, same attachment, and the {@link Selectable} told its new key. Loop side;
 * the caller publishes the fresh selector and closes the old one.
 */
final class SelectorMove {

    private SelectorMove() {
    }

    /**
     * Opens a new selector and registers there every channel still registered with {@code old}.
     *
     * @param old   the selector to leave (left open)
     * @param owner the scheduler's name, for the log
     * @return the new selector with the number of registrations moved, or {@code null} if no new
     *         selector could be opened (the old one stays in use)
     */
    static Moved toFreshSelector(Selector old, String owner) {
        Selector fresh;
        try {
            fresh = Selector.open();
        } catch (IOException e) {
            SchedulerImpl.LOG.log(System.Logger.Level.ERROR, "scheduler '" + owner + "': cannot open a new selector", e);
            return null;
        }
        int moved = 0;
        for (SelectionKey key : old.keys()) {
            Object attachment = key.attachment();
            try {
                if (!key.isValid() || key.channel().keyFor(fresh) != null) {
                    continue;
                }
                int interest = key.interestOps();
                key.cancel();
                SelectionKey newKey = key.channel().register(fresh, interest, attachment);
                ((Selectable) attachment).rekey(newKey);
                moved++;
            } catch (IOException | CancelledKeyException e) {
                SchedulerImpl.LOG.log(System.Logger.Level.DEBUG, "scheduler '" + owner + "': a channel closed while moving it", e);
            }
        }
        return new Moved(fresh, moved);
    }

    /**
     * The outcome of a move.
     *
     * @param selector the new selector
     * @param moved    how many registrations it took over
     */
    record Moved(Selector selector, int moved) {
    }
}
