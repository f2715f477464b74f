package com.example.events.localsystem.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.example.events.localsystem.Broker;
import com.example.events.localsystem.LocalSystem;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The local system's live view and controls: one page on loopback only, never deployed.
 * {@code GET /api/state} is what the page shows (renewed every second); {@code POST
 * /api/controls/{name}} with a JSON body starts a control. A control POST must be
 * {@code application/json} from this console's own origin, so that no other site can send
 * one through the browser.
 */
public final class Console implements AutoCloseable {

    /** Where {@code ./run-local.sh} serves it. */
    public static final int PORT = 8080;

    private static final Map<String, String> PAGES = Map.of("/", "index.html", "/index.html", "index.html",
            "/console.js", "console.js", "/console.css", "console.css");

    private static final Map<String, String> CONTENT_TYPES = Map.of("html", "text/html; charset=utf-8", "js",
            "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8");

    private static final String CONTROLS = "/api/controls/";

    private final HttpServer server;

    private final ExecutorService handlers = Executors.newVirtualThreadPerTaskExecutor();

    private final JsonMapper json = JsonMapper.builder().build();

    private final BrokerQueues broker;

    private final Controls controls;

    private final Sampler sampler;

    private final ReconcileCommand reconcile;

    private final Set<String> ownHosts;

    /**
     * What the console watches and works on: the two services, the broker, the parts with
     * handles, and the operator command {@code ops/reconcile}.
     */
    record Target(String memberServiceName, URI memberService, String reservationServiceName, URI reservationService,
            Broker broker, List<Part> parts, Path reconcile) {

        static Target of(LocalSystem system) {
            return new Target(system.memberService().name(), system.memberService().baseUrl(),
                    system.reservationService().name(), system.reservationService().baseUrl(), system.broker(),
                    Part.of(system), ReconcileCommand.locate());
        }

    }

    private Console(HttpServer server, Target target, AdminCredentials admin) {
        this.server = server;
        int port = server.getAddress().getPort();
        this.ownHosts = Set.of("localhost:" + port, "127.0.0.1:" + port, "[::1]:" + port);
        ServiceApi api = new ServiceApi(json, admin);
        WatchedMembers watched = new WatchedMembers();
        ActivityLog log = new ActivityLog();
        this.broker = new BrokerQueues(target.broker());
        MemberBackfill backfill = new MemberBackfill(log);
        this.reconcile = new ReconcileCommand(target.reconcile(), target.memberService(), target.reservationService(),
                admin, ReconcileCommand.TIMEOUT, log, json);
        this.controls = new Controls(target, api, broker, watched, log, backfill, reconcile);
        this.sampler = new Sampler(target, api, broker, watched, log, controls, backfill, reconcile, json);
    }

    /**
     * Serves the console for {@code system} on a loopback port (0 for a free one),
     * reading the services' admin endpoints as {@code admin}.
     */
    public static Console start(LocalSystem system, int port, AdminCredentials admin) {
        return start(Target.of(system), port, admin);
    }

    static Console start(Target target, int port, AdminCredentials admin) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Could not serve the console on port " + port, ex);
        }
        Console console = new Console(server, target, admin);
        server.setExecutor(console.handlers);
        server.createContext("/", console::handle);
        console.sampler.start();
        server.start();
        return console;
    }

    public URI url() {
        return URI.create("http://localhost:" + server.getAddress().getPort());
    }

    @Override
    public void close() {
        server.stop(0);
        sampler.close();
        controls.close();
        reconcile.close();
        broker.close();
        handlers.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String host = exchange.getRequestHeaders().getFirst("Host");
            if (host == null || !ownHosts.contains(host.toLowerCase())) {
                // a page on another name resolving here (DNS rebinding) gets nothing
                problem(exchange, 403, "Not this console's host: " + host);
                return;
            }
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if (path.equals("/api/state")) {
                if (!method.equals("GET")) {
                    problem(exchange, 405, "GET only");
                    return;
                }
                send(exchange, 200, "application/json", json.writeValueAsBytes(sampler.latest()));
            }
            else if (path.startsWith(CONTROLS)) {
                control(exchange, path.substring(CONTROLS.length()), method);
            }
            else if (PAGES.containsKey(path) && method.equals("GET")) {
                page(exchange, PAGES.get(path));
            }
            else {
                problem(exchange, 404, "Nothing at " + path);
            }
        }
    }

    private void control(HttpExchange exchange, String name, String method) throws IOException {
        if (!method.equals("POST")) {
            problem(exchange, 405, "A control is a POST");
            return;
        }
        String origin = exchange.getRequestHeaders().getFirst("Origin");
        if (origin != null && !ownHosts.contains(origin.replaceFirst("^http://", "").toLowerCase())) {
            problem(exchange, 403, "Controls are for this console's own page, not " + origin);
            return;
        }
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        if (contentType == null || !contentType.split(";")[0].strip().equalsIgnoreCase("application/json")) {
            // a cross-site form can only send form encodings or text/plain
            problem(exchange, 415, "A control takes a JSON body (Content-Type: application/json)");
            return;
        }
        JsonNode body;
        try (InputStream in = exchange.getRequestBody()) {
            body = json.readTree(in.readNBytes(64 * 1024));
        }
        catch (JacksonException ex) {
            problem(exchange, 400, "The body is not JSON");
            return;
        }
        if (body == null || !body.isObject()) {
            problem(exchange, 400, "The body must be a JSON object ({} where there is nothing to say)");
            return;
        }
        try {
            String started = controls.perform(name, body);
            send(exchange, 202, "application/json", json.writeValueAsBytes(Map.of("started", started)));
        }
        catch (Controls.Refused ex) {
            problem(exchange, ex.status, ex.getMessage());
        }
    }

    private void page(HttpExchange exchange, String file) throws IOException {
        try (InputStream in = Console.class.getResourceAsStream("/console/" + file)) {
            if (in == null) {
                problem(exchange, 404, "No " + file + " in this build");
                return;
            }
            send(exchange, 200, CONTENT_TYPES.get(file.substring(file.lastIndexOf('.') + 1)), in.readAllBytes());
        }
    }

    private void problem(HttpExchange exchange, int status, String detail) throws IOException {
        send(exchange, status, "application/problem+json", json.writeValueAsBytes(
                Map.of("type", "about:blank", "title", title(status), "status", status, "detail", detail)));
    }

    private static String title(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 409 -> "Conflict";
            case 415 -> "Unsupported Media Type";
            case 502 -> "Bad Gateway";
            default -> "Error";
        };
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

}
