package io.copas.core.internal;

/**
 * A scheduler that belongs to a {@link SchedulerGroupImpl}: an ordinary scheduler in service mode,
 * except that only its group may close it (a member closed on its own would leave the group's
 * servers and round robin with a dead loop).
 */
final class GroupMember extends SchedulerImpl {

    private volatile boolean closedByGroup;

    GroupMember(String name, String engine, boolean detailedStatistics) {
        super(name, engine, detailedStatistics);
    }

    /** Starts the shutdown without waiting for it (the group closes from one of its own loops). */
    void requestShutdown() {
        closedByGroup = true;
        requestClose();
    }

    /** Shuts down and waits for the loop thread to end. */
    void shutdown() {
        closedByGroup = true;
        super.close();
    }

    /**
     * Members are closed by their group.
     *
     * @throws UnsupportedOperationException unless the group closes it
     */
    @Override
    public void close() {
        if (!closedByGroup) {
            throw new UnsupportedOperationException("scheduler '" + name()
                    + "' is a member of a scheduler group: close the group");
        }
        super.close();
    }
}
