package io.copas.core.internal;

import io.copas.core.CopasSocket;
import io.copas.core.Scheduler;
import io.copas.core.TaskState;
import io.copas.core.spi.SocketArguments;
import java.io.IOException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.time.Duration;

/**
 * What TCP and UDP sockets share: name, timeouts, and the wait for readiness. A socket has at
 * most one reading and one writing task at a time; the loop wakes them when the selector says
 * so, when their timeout expires, or when the socket is closed.
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
            scheduler.readers++;
            task.state = TaskState.READING;
        } else {
            writer = task;
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
        }
        if (writer == task) {
            writer = null;
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
        if (!readerWaiting && !receiving()) { // a reader woken or running still takes what it received as partial data
            released();
        }
        scheduler.sockets().forget(this);
    }

    /** Whether a task is inside a receive on this socket (woken, or not waiting yet): its buffers stay. */
    boolean receiving() {
        return false;
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
