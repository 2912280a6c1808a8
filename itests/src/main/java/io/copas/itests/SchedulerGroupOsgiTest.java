package io.copas.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.copas.core.Copas;
import io.copas.core.Scheduler;
import io.copas.core.SchedulerGroup;
import io.copas.core.Server;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Dictionary;
import java.util.HashSet;
import java.util.Hashtable;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.metatype.MetaTypeInformation;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

/** A scheduler group from a factory configuration: it serves connections on every member and goes with its configuration. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SchedulerGroupOsgiTest {

    private static final String GROUP_PID = "io.copas.schedulergroup";
    private static final String FILTER = "(&(" + Constants.OBJECTCLASS + "=" + SchedulerGroup.class.getName()
            + ")(name=itest-group))";

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 10_000)
    ConfigurationAdmin configAdmin;

    @InjectService(timeout = 10_000)
    MetaTypeService metaType;

    @InjectService(timeout = 10_000)
    Scheduler scheduler;

    @Test
    void aConfiguredGroupServesConnectionsOnEveryMemberAndEndsWithItsConfiguration() throws Exception {
        assertNull(context.getServiceReference(SchedulerGroup.class), "no group without a configuration");
        Configuration config = configAdmin.getFactoryConfiguration(GROUP_PID, "itest", "?");
        SchedulerGroup group = null;
        try {
            assertTrue(OsgiTesting.awaitRegistration(context, FILTER, () -> {
                Dictionary<String, Object> props = new Hashtable<>();
                props.put("name", "itest-group");
                props.put("size", 2);
                config.update(props);
            }), "no scheduler group service with name=itest-group");
            Collection<ServiceReference<SchedulerGroup>> refs = context.getServiceReferences(SchedulerGroup.class, FILTER);
            group = context.getService(refs.iterator().next());
            assertEquals(2, group.size());
            assertTrue(group.running());
            assertThrows(UnsupportedOperationException.class, group::close, "the component closes it, not users");
            assertTrue(scheduler.running(), "the scheduler service is still there, untouched");
            assertNotSame(scheduler, group.members().get(0));

            Server echo = group.addServer(new InetSocketAddress("127.0.0.1", 0), 0,
                    socket -> socket.send(Copas.scheduler().name() + ": " + socket.receiveLine() + "\n"),
                    Duration.ofSeconds(10), "itest-group-echo");
            Set<String> members = new HashSet<>();
            for (int i = 0; i < 40; i++) {
                String reply = echo(echo.localAddress(), "ping " + i);
                assertTrue(reply.endsWith(": ping " + i), reply);
                members.add(reply.substring(0, reply.indexOf(':')));
            }
            assertEquals(Set.of("itest-group-0", "itest-group-1"), members, "connections were served by both members");
            List<Thread> loopThreads = new ArrayList<>();
            for (Scheduler member : group.members()) {
                loopThreads.add(member.submit(SchedulerGroupOsgiTest::loopThread).get(10, TimeUnit.SECONDS));
            }

            assertTrue(OsgiTesting.awaitUnregistration(context, FILTER, config::delete), "the group service went away");
            group = null;
            for (Thread loop : loopThreads) {
                assertTrue(loop.join(Duration.ofSeconds(30)), "loop thread " + loop + " ended with the configuration");
            }
        } finally {
            if (group != null) {
                config.delete();
            }
        }
    }

    @Test
    void metatypeDescribesTheGroupFactory() {
        MetaTypeInformation info = metaType.getMetaTypeInformation(OsgiTesting.bundle(context, "io.copas.core"));
        assertTrue(Arrays.asList(info.getFactoryPids()).contains(GROUP_PID), "no factory metatype for " + GROUP_PID);
        assertNotNull(info.getObjectClassDefinition(GROUP_PID, null));
    }

    /** Inside a task: the thread its loop runs on (timeout callbacks run on the loop). */
    private static Thread loopThread() {
        CompletableFuture<Thread> loop = new CompletableFuture<>();
        Copas.timeout(Duration.ofMillis(1), task -> loop.complete(Thread.currentThread()));
        while (!loop.isDone()) {
            Copas.pause(Duration.ofMillis(5));
        }
        return loop.join();
    }

    private static String echo(java.net.SocketAddress address, String line) throws Exception {
        try (Socket client = new Socket()) {
            client.connect(address, 10_000);
            client.setSoTimeout(10_000);
            OutputStream out = client.getOutputStream();
            out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            return new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8)).readLine();
        }
    }
}
