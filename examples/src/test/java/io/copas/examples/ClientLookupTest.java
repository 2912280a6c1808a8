package io.copas.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpServer;
import io.copas.core.Scheduler;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class ClientLookupTest {

    @Test
    void theHttpClientIsFoundByItsSchemeOnTheModulePath() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        server.createContext("/", exchange -> {
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
            assertEquals(204, InLoop.run(Scheduler.create(), () -> ClientLookup.statusOf(url)));
        } finally {
            server.stop(0);
        }
    }
}
