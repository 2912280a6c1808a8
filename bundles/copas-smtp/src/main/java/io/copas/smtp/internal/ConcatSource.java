package io.copas.smtp.internal;

import io.copas.smtp.MessageSource;
import java.io.IOException;
import java.util.Iterator;
import java.util.List;

/**
 * A source that yields several sources one after the other, each opened only when its turn
 * comes and closed when it ends, so that attachments are read lazily and one at a time.
 */
public final class ConcatSource implements MessageSource {

    /** Opens one source; called when its turn comes. */
    @FunctionalInterface
    public interface Opener {
        /**
         * Opens the source.
         *
         * @return the source
         * @throws IOException if it cannot be opened
         */
        MessageSource open() throws IOException;
    }

    private final Iterator<Opener> openers;
    private MessageSource current;

    /**
     * A source over {@code openers}, in order.
     *
     * @param openers the parts
     */
    public ConcatSource(List<Opener> openers) {
        this.openers = List.copyOf(openers).iterator();
    }

    @Override
    public byte[] next() throws IOException {
        while (true) {
            if (current == null) {
                if (!openers.hasNext()) {
                    return null;
                }
                current = openers.next().open();
            }
            byte[] chunk = current.next();
            if (chunk != null) {
                return chunk;
            }
            current.close();
            current = null;
        }
    }

    @Override
    public void close() throws IOException {
        if (current != null) {
            MessageSource open = current;
            current = null;
            open.close();
        }
    }
}
