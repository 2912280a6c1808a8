package io.copas.core.internal.osgi;

import io.copas.core.ConnectionHandler;
import io.copas.core.DatagramHandler;
import io.copas.core.ErrorHandler;
import io.copas.core.Scheduler;
import io.copas.core.SchedulerStatus;
import io.copas.core.Server;
import io.copas.core.Task;
import io.copas.core.TaskBody;
import io.copas.core.TcpSocket;
import io.copas.core.UdpSocket;
import java.io.IOException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Publishes a {@link Scheduler} in service mode as a Declarative Services component. Its loop
 * starts on activation and shuts down cleanly on deactivation (every task ended, every socket
 * closed, the loop thread gone). A configuration change reactivates it with the new settings.
 */
@Component(service = Scheduler.class, configurationPid = SchedulerComponent.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true)
@Designate(ocd = SchedulerConfig.class)
public final class SchedulerComponent implements Scheduler {

    /** The configuration PID. */
    public static final String PID = "io.copas.scheduler";

    private static final System.Logger LOG = System.getLogger("io.copas.core");

    private final Scheduler delegate;

    /**
     * Creates and starts the scheduler.
     *
     * @param config the configuration
     */
    @Activate
    public SchedulerComponent(SchedulerConfig config) {
        delegate = Scheduler.builder().name(config.name()).engine(config.engine())
                .detailedStatistics(config.detailedStatistics()).build();
        delegate.start();
        LOG.log(System.Logger.Level.INFO, "Copas scheduler ''{0}'' started (engine {1})", delegate.name(),
                delegate.engine());
    }

    /** Shuts the scheduler down. */
    @Deactivate
    void deactivate() {
        delegate.close();
        LOG.log(System.Logger.Level.INFO, "Copas scheduler ''{0}'' stopped", delegate.name());
    }

    /**
     * Life-cycle belongs to the component: users of the service cannot close it.
     *
     * @throws UnsupportedOperationException always
     */
    @Override
    public void close() {
        throw new UnsupportedOperationException("the scheduler service is closed by its component, not by users");
    }

    /**
     * The loop already runs as a service.
     *
     * @throws UnsupportedOperationException always
     */
    @Override
    public void start() {
        throw new UnsupportedOperationException("the scheduler service is already running");
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public boolean inLoop() {
        return delegate.inLoop();
    }

    @Override
    public String engine() {
        return delegate.engine();
    }

    @Override
    public Task add(TaskBody body) {
        return delegate.add(body);
    }

    @Override
    public Task add(String name, TaskBody body) {
        return delegate.add(name, body);
    }

    @Override
    public <T> CompletableFuture<T> submit(Callable<T> callable) {
        return delegate.submit(callable);
    }

    @Override
    public boolean remove(Task task) {
        return delegate.remove(task);
    }

    @Override
    public boolean wakeup(Task task) {
        return delegate.wakeup(task);
    }

    @Override
    public List<Task> tasks() {
        return delegate.tasks();
    }

    @Override
    public void loop() {
        delegate.loop();
    }

    @Override
    public void loop(TaskBody init) {
        delegate.loop(init);
    }

    @Override
    public void loop(TaskBody init, Duration stepTimeout) {
        delegate.loop(init, stepTimeout);
    }

    @Override
    public boolean step(Duration timeout) {
        return delegate.step(timeout);
    }

    @Override
    public boolean finished() {
        return delegate.finished();
    }

    @Override
    public boolean running() {
        return delegate.running();
    }

    @Override
    public void exit() {
        delegate.exit();
    }

    @Override
    public boolean exiting() {
        return delegate.exiting();
    }

    @Override
    public void waitForExit() {
        delegate.waitForExit();
    }

    @Override
    public void cancelAll() {
        delegate.cancelAll();
    }

    @Override
    public SchedulerStatus status() {
        return delegate.status();
    }

    @Override
    public SchedulerStatus status(boolean detailedStatistics) {
        return delegate.status(detailedStatistics);
    }

    @Override
    public ErrorHandler defaultErrorHandler() {
        return delegate.defaultErrorHandler();
    }

    @Override
    public void setDefaultErrorHandler(ErrorHandler handler) {
        delegate.setDefaultErrorHandler(handler);
    }

    @Override
    public void startDebug(Consumer<String> logger, boolean core) {
        delegate.startDebug(logger, core);
    }

    @Override
    public void stopDebug() {
        delegate.stopDebug();
    }

    @Override
    public TcpSocket wrap(SocketChannel channel) throws IOException {
        return delegate.wrap(channel);
    }

    @Override
    public TcpSocket tcp() throws IOException {
        return delegate.tcp();
    }

    @Override
    public UdpSocket wrap(DatagramChannel channel) throws IOException {
        return delegate.wrap(channel);
    }

    @Override
    public UdpSocket udp() throws IOException {
        return delegate.udp();
    }

    @Override
    public Server addServer(ServerSocketChannel channel, ConnectionHandler handler, Duration timeout, String name)
            throws IOException {
        return delegate.addServer(channel, handler, timeout, name);
    }

    @Override
    public Server addServer(ServerSocketChannel channel, ConnectionHandler handler) throws IOException {
        return delegate.addServer(channel, handler);
    }

    @Override
    public Server addServer(DatagramChannel channel, DatagramHandler handler, Duration timeout, String name)
            throws IOException {
        return delegate.addServer(channel, handler, timeout, name);
    }

    @Override
    public boolean removeServer(Server server, boolean keepOpen) {
        return delegate.removeServer(server, keepOpen);
    }

    @Override
    public boolean autoclose() {
        return delegate.autoclose();
    }

    @Override
    public void setAutoclose(boolean autoclose) {
        delegate.setAutoclose(autoclose);
    }

    @Override
    public String toString() {
        return delegate.toString();
    }
}
