package io.copas.core.internal;

import io.copas.core.CopasSocket;
import io.copas.core.Scheduler;
import io.copas.core.TaskState;
import io.copas.core.TransferClosedException;
import io.copas.core.spi.SocketArguments;
import java.io.IOException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.time.Duration;
import java.util.ArrayDeque;

/**
 * What TCP and UDP sockets share: name, timeouts, the turns and the wait for readiness. One task
 * at a time receives and one sends on a socket (it holds that direction's turn); others that want
 * to wait in line, served in the order they came, as upstream's queue of coroutines per socket.
 * The loop wakes a waiting task when the selector says so, when its timeout expires, when the
 * turn passes to it, or when the socket is closed.
 */
abstract class SocketBase implements CopasSocket, Selectable {

    final SchedulerImpl scheduler;
    private final SelectableChannel selectable;
    private volatile String name;
    private Duration connectTimeout;
    private Duration sendTimeout;
    private Duration receiveTimeout;
    private SelectionKey key;
    private int interest;
    private TaskImpl reader;
    private TaskImpl writer;
    /** The task inside a receive (or the one inside a send or connect) on this socket. */
    private TaskImpl readHolder;
    private TaskImpl writeHolder;
    /** Tasks waiting for their turn to receive (to send), first come first; made on first need. */
    private ArrayDeque<TaskImpl> readLine;
    private ArrayDeque<TaskImpl> writeLine;
    /** The reader last woken by readiness: until it has run, the readiness it will consume stays watched. */
    private TaskImpl wokenReader;
    volatile boolean closed;

    SocketBase(SchedulerImpl scheduler, SelectableChannel channel, String name) throws IOException {
        this.scheduler = scheduler;
        this.selectable = channel;
        this.name = name;
        channel.configureBlocking(false);
    }

    /** The channel this socket drives. */
    final SelectableChannel selectable() {
        return selectable;
    }

    // ---------------------------------------------------------------- waiting

    /**
     * Parks the current task until the channel is ready for {@code op} (a SelectionKey OP_*),
     * the timeout expires, or the socket is closed.
     */
    final WakeReason await(int op, Duration timeout) {
        TaskImpl task = scheduler.requireOwnTask("socket operation on", name);
        task.checkRemoved(this);
        if (closed) {
            return WakeReason.CLOSED;
        }
        boolean reading = op == SelectionKey.OP_READ;
        TaskImpl busy = reading ? reader : writer;
        if (busy != null) {
            throw new IllegalStateException("task '" + busy.name() + "' is already "
                    + (reading ? "receiving on" : "sending on") + " socket '" + name + "'");
        }
        if (timeout != null && timeout.isZero()) {
            return WakeReason.TIMEOUT; // a zero timeout never waits
        }
        try {
            enableInterest(op);
        } catch (ClosedChannelException | CancelledKeyException e) {
            return WakeReason.CLOSED;
        }
        if (reading) {
            reader = task;
            wokenReader = null;
        } else {
            writer = task;
        }
        return park(task, reading, timeout);
    }

    /** Parks {@code task} as waiting on this socket, until a wake, its timeout, or the close. */
    private WakeReason park(TaskImpl task, boolean reading, Duration timeout) {
        if (reading) {
            scheduler.readers++;
            task.state = TaskState.READING;
        } else {
            scheduler.writers++;
            task.state = TaskState.WRITING;
        }
        task.waitSocket = this;
        task.wakeReason = null;
        if (timeout != null) {
            scheduler.wheel.schedule(task.ioTimeout(), scheduler.clock.nanoTime() + TaskImpl.saturatedNanos(timeout));
        }
        task.yieldToLoop();
        return task.wakeReason;
    }

    // ---------------------------------------------------------------- turns

    /**
     * Makes {@code task} the one that receives ({@code reading}) or sends on this socket, waiting
     * at most {@code timeout} behind the tasks that came first. Upstream queues the coroutines
     * waiting on one socket and serves them in turn; here the turn lasts a whole operation, so
     * two tasks sending on one stream never interleave their bytes, and a receive never takes
     * what another one has half read.
     *
     * @return {@code READY} when it took the turn (pass it to {@link #leaveTurn}), {@code null}
     *         when it held it already (a call within its own operation), else {@code TIMEOUT} or
     *         {@code CLOSED}
     */
    final WakeReason takeTurn(boolean reading, TaskImpl task, Duration timeout) {
        TaskImpl holder = reading ? readHolder : writeHolder;
        if (holder == null) {
            if (reading) {
                readHolder = task;
            } else {
                writeHolder = task;
            }
            return WakeReason.READY; // the operation itself finds out whether the socket is closed
        }
        if (holder == task) {
            return null;
        }
        task.checkRemoved(this);
        if (closed) {
            return WakeReason.CLOSED;
        }
        if (timeout != null && timeout.isZero()) {
            return WakeReason.TIMEOUT; // a zero timeout never waits
        }
        if (reading) {
            if (readLine == null) {
                readLine = new ArrayDeque<>(2);
            }
            readLine.add(task);
        } else {
            if (writeLine == null) {
                writeLine = new ArrayDeque<>(2);
            }
            writeLine.add(task);
        }
        try {
            return park(task, reading, timeout); // READY: leaveTurn made it the holder
        } catch (Throwable removedOrFailed) {
            // handed the turn, then removed before it ran: the caller's finally never sees the turn
            if ((reading ? readHolder : writeHolder) == task) {
                leaveTurn(WakeReason.READY, reading);
            }
            throw removedOrFailed;
        }
    }

    /**
     * Ends the holder's turn if {@code taken} says that its operation took it ({@code READY} from
     * {@link #takeTurn}); the next in line, if any, takes it.
     */
    final void leaveTurn(WakeReason taken, boolean reading) {
        if (taken != WakeReason.READY) {
            return; // held by an outer call of the same task, or never taken
        }
        ArrayDeque<TaskImpl> line = reading ? readLine : writeLine;
        TaskImpl next = line == null ? null : line.peek();
        if (reading) {
            readHolder = next;
        } else {
            writeHolder = next;
        }
        if (next != null) {
            wake(next, WakeReason.READY);
        }
    }

    /**
     * Loop side: ends the operations {@code task} was in the middle of on this socket, for a task
     * dropped by the loop (its code, and so the finally that would end them, never runs again).
     * Its turns pass to the next in line, but a stream on which it had sent part of a message is
     * closed first ({@link #sendLeftHalfDone}): the next sender's bytes must not follow it.
     */
    final void leaveTurnsOf(TaskImpl task) {
        if (writeHolder == task) {
            if (sendLeftHalfDone()) {
                close(); // wakes the line with CLOSED
            }
            leaveTurn(WakeReason.READY, false);
        }
        if (readHolder == task) {
            receiveAbandoned();
            leaveTurn(WakeReason.READY, true);
        }
    }

    /** Whether a send cut off midway leaves the peer a broken stream (TCP), unlike a lost datagram. */
    boolean sendLeftHalfDone() {
        return false;
    }

    /** Loop side: the receive holding the turn will never end by itself; undoes what it set up. */
    void receiveAbandoned() {
    }

    /** Whether a task other than {@code task} holds a turn on this socket or waits in line for one. */
    final boolean usedByOthers(TaskImpl task) {
        return (readHolder != null && readHolder != task) || (writeHolder != null && writeHolder != task)
                || (readLine != null && !readLine.isEmpty()) || (writeLine != null && !writeLine.isEmpty());
    }

    /** Loop side: ends {@code task}'s wait on this socket, and makes it runnable with {@code reason}. */
    final void wake(TaskImpl task, WakeReason reason) {
        endWait(task);
        task.wakeReason = reason;
        scheduler.makeRunnable(task);
    }

    /** Loop side: forgets {@code task}'s wait (woken, timed out, or removed). */
    final void endWait(TaskImpl task) {
        if (reader == task) {
            reader = null;
            scheduler.readers--;
        } else if (readLine != null && readLine.remove(task)) {
            scheduler.readers--;
        }
        if (writer == task) {
            writer = null;
            scheduler.writers--;
        } else if (writeLine != null && writeLine.remove(task)) {
            scheduler.writers--;
        }
        task.waitSocket = null;
        task.cancelIoTimeout();
    }

    @Override
    public final void rekey(SelectionKey newKey) {
        key = newKey;
    }

    @Override
    public final void onReady(int readyOps) {
        if ((readyOps & (SelectionKey.OP_READ | SelectionKey.OP_ACCEPT)) != 0) {
            if (reader != null) {
                wokenReader = reader;
                wake(reader, WakeReason.READY);
            } else if (wokenReader == null || wokenReader.state != TaskState.RUNNABLE) {
                wokenReader = null; // it ran and did not read again: nothing to keep it for
                disableInterest(SelectionKey.OP_READ);
            }
            // else: reported again before the woken reader ran (a busy loop polls between its
            // steps); it is about to read, and dropping the interest now would cost two
            // epoll_ctl calls per message. Not a spin: a runnable task keeps the loop busy anyway.
        }
        if ((readyOps & (SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT)) != 0) {
            if (writer != null) {
                wake(writer, WakeReason.READY);
            } else {
                disableInterest(SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT);
            }
        }
    }

    private void enableInterest(int op) throws ClosedChannelException {
        if (key == null) {
            interest = op;
            key = selectable.register(scheduler.poller.selector, op, this);
        } else if ((interest & op) != op) {
            interest |= op;
            key.interestOps(interest);
        }
    }

    /** Stops watching {@code ops} (level-triggered: a readiness nobody waits for would spin). */
    final void disableInterest(int ops) {
        if (key != null && key.isValid() && (interest & ops) != 0) {
            interest &= ~ops;
            key.interestOps(interest);
        }
    }

    // ---------------------------------------------------------------- closing

    @Override
    public final void close() {
        if (closed) {
            return;
        }
        scheduler.runInLoop(this::closeInLoop);
    }

    private void closeInLoop() {
        if (closed) {
            return;
        }
        closed = true;
        if (key != null) {
            key.cancel();
        }
        try {
            selectable.close();
        } catch (IOException e) {
            SchedulerImpl.LOG.log(System.Logger.Level.DEBUG, "closing socket '" + name + "' failed", e);
        }
        wokenReader = null;
        boolean readerWaiting = reader != null;
        if (readerWaiting) {
            wake(reader, WakeReason.CLOSED);
        }
        if (writer != null) {
            wake(writer, WakeReason.CLOSED);
        }
        wakeClosed(readLine);
        wakeClosed(writeLine);
        if (!readerWaiting && !receiving()) { // a reader woken or running still takes what it received as partial data
            released();
        }
        scheduler.sockets().forget(this);
    }

    /** Tells every task waiting in {@code line} that the socket is closed. */
    private void wakeClosed(ArrayDeque<TaskImpl> line) {
        if (line != null) {
            for (TaskImpl task = line.peek(); task != null; task = line.peek()) {
                wake(task, WakeReason.CLOSED); // leaves the line in endWait
            }
        }
    }

    /** Whether a task is inside a receive on this socket (woken, or not waiting yet): its buffers stay. */
    boolean receiving() {
        return false;
    }

    /**
     * The failure of an operation on this socket after it was closed.
     *
     * @param lastIndex for a send, the index up to which data went out; else -1
     */
    final TransferClosedException closedFailure(int lastIndex) {
        return new TransferClosedException("socket '" + name() + "' is closed", null, lastIndex, null);
    }

    /** Drops buffers once closed; the socket object may stay referenced by user code. */
    void released() {
    }

    @Override
    public final boolean isClosed() {
        return closed;
    }

    // ---------------------------------------------------------------- names and timeouts

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final void setName(String name) {
        this.name = SchedulerImpl.checkName(name);
    }

    @Override
    public final Scheduler scheduler() {
        return scheduler;
    }

    @Override
    public final void setTimeout(Duration timeout) {
        Duration t = SocketArguments.timeout(timeout);
        connectTimeout = t;
        sendTimeout = t;
        receiveTimeout = t;
    }

    @Override
    public final void setTimeouts(Duration connect, Duration send, Duration receive) {
        if (connect != null) {
            connectTimeout = SocketArguments.timeout(connect);
        }
        if (send != null) {
            sendTimeout = SocketArguments.timeout(send);
        }
        if (receive != null) {
            receiveTimeout = SocketArguments.timeout(receive);
        }
    }

    @Override
    public final Duration connectTimeout() {
        return connectTimeout;
    }

    @Override
    public final Duration sendTimeout() {
        return sendTimeout;
    }

    @Override
    public final Duration receiveTimeout() {
        return receiveTimeout;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + name + (closed ? ", closed" : "") + "]";
    }
}
