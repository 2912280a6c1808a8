package io.copas.tls.internal;

import java.util.ArrayDeque;

/**
 * TLS records wrapped but not yet handed to the kernel, in the order the engine produced them.
 * Every wrap appends here before anything is sent, so records of different tasks can never
 * interleave or change order, whichever task flushes them. Segments are never modified once
 * queued: the task sending one may yield in the middle of it while others append.
 */
final class OutboundQueue {

    private record Segment(byte[] data, int length) {
    }

    private final ArrayDeque<Segment> segments = new ArrayDeque<>();
    private int headOffset;
    private long bytes;

    boolean isEmpty() {
        return segments.isEmpty();
    }

    /** Bytes queued and not yet sent. */
    long bytes() {
        return bytes;
    }

    /** Queues {@code data[0..length)}; the array must not change until {@link #holds} says it is sent. */
    void add(byte[] data, int length) {
        if (length > 0) {
            segments.addLast(new Segment(data, length));
            bytes += length;
        }
    }

    /** Whether a segment backed by {@code data} is still queued. */
    boolean holds(byte[] data) {
        for (Segment segment : segments) {
            if (segment.data() == data) {
                return true;
            }
        }
        return false;
    }

    byte[] headData() {
        return segments.getFirst().data();
    }

    int headFrom() {
        return headOffset;
    }

    int headTo() {
        return segments.getFirst().length();
    }

    /**
     * Drops {@code n} sent bytes of the head segment, if it is still {@code data}'s: a close that
     * cleared the queue while the head was being sent leaves nothing to drop.
     */
    void consumeHead(byte[] data, int n) {
        if (segments.isEmpty() || segments.getFirst().data() != data) {
            return;
        }
        headOffset += n;
        bytes -= n;
        if (headOffset >= segments.getFirst().length()) {
            segments.removeFirst();
            headOffset = 0;
        }
    }

    void clear() {
        segments.clear();
        headOffset = 0;
        bytes = 0;
    }
}
