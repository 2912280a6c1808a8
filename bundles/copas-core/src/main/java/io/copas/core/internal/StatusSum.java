package io.copas.core.internal;

import io.copas.core.SchedulerStatus;
import io.copas.core.SchedulerStatus.Statistics;
import java.util.List;
import java.util.Optional;

/** Adds up the status of a group's members. */
final class StatusSum {

    private StatusSum() {
    }

    /**
     * The members' status summed: counts and stalls added, running if any member runs, statistics
     * merged over the members that have them.
     */
    static SchedulerStatus of(List<SchedulerStatus> members) {
        boolean running = false;
        int read = 0;
        int write = 0;
        int active = 0;
        int timer = 0;
        int inactive = 0;
        int timeout = 0;
        int sockets = 0;
        long stalls = 0;
        for (SchedulerStatus s : members) {
            running |= s.running();
            read += s.read();
            write += s.write();
            active += s.active();
            timer += s.timer();
            inactive += s.inactive();
            timeout += s.timeout();
            sockets += s.sockets();
            stalls += s.stalls();
        }
        return new SchedulerStatus(running, read, write, active, timer, inactive, timeout, sockets, stalls,
                merge(members.stream().flatMap(s -> s.statistics().stream()).toList()));
    }

    /**
     * Statistics over several loops: steps and execution time added, minimum and maximum over all,
     * the window from the earliest start to the latest end; the averages are per step of any member.
     */
    private static Optional<Statistics> merge(List<Statistics> all) {
        if (all.isEmpty()) {
            return Optional.empty();
        }
        double start = Double.MAX_VALUE;
        double end = 0;
        long steps = 0;
        double total = 0;
        double min = Double.MAX_VALUE;
        double minEver = Double.MAX_VALUE;
        double max = 0;
        double maxEver = 0;
        for (Statistics s : all) {
            start = Math.min(start, s.timeStart());
            end = Math.max(end, s.timeEnd());
            steps += s.steps();
            total += s.durationTotalMillis();
            min = Math.min(min, s.durationMinMillis());
            minEver = Math.min(minEver, s.durationMinEverMillis());
            max = Math.max(max, s.durationMaxMillis());
            maxEver = Math.max(maxEver, s.durationMaxEverMillis());
        }
        return Optional.of(new Statistics(start, end, (end - start) * 1000.0 / steps, steps, total, min, minEver,
                max, maxEver, total / steps));
    }
}
