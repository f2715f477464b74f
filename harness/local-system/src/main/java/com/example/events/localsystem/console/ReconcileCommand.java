package com.example.events.localsystem.console;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.example.events.localsystem.console.ConsoleState.ReconcileRun;
import com.example.events.localsystem.Repository;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The repository's operator command {@code ops/reconcile}, run as an operator runs it:
 * against both services with the admin credentials, one run at a time, stopped when it
 * takes too long. Its last output line is the JSON summary the page shows; its exit code
 * says whether drift is left.
 */
final class ReconcileCommand implements AutoCloseable {

    static final String COMMAND = "ops/reconcile";

    static final Duration TIMEOUT = Duration.ofMinutes(2);

    private static final Duration OUTPUT_DRAIN = Duration.ofSeconds(5);

    private final Path command;

    private final URI memberService;

    private final URI reservationService;

    private final AdminCredentials admin;

    private final Duration timeout;

    private final ActivityLog log;

    private final JsonMapper json;

    // what runs and the last run, read together so that the page never offers a repair
    // while one runs
    private String running;

    private ReconcileRun last;

    private volatile Process process;

    ReconcileCommand(Path command, URI memberService, URI reservationService, AdminCredentials admin, Duration timeout,
            ActivityLog log, JsonMapper json) {
        this.command = command;
        this.memberService = memberService;
        this.reservationService = reservationService;
        this.admin = admin;
        this.timeout = timeout;
        this.log = log;
        this.json = json;
    }

    /**
     * {@value #COMMAND} in the checkout the console runs from, looked for as the local
     * system looks for its checkout: above the working directory, then above where this
     * class was loaded. Where it would be when there is none, so that a refusal can name
     * it.
     */
    static Path locate() {
        try {
            return Repository.root().resolve(COMMAND);
        }
        catch (IllegalStateException ex) {
            return Path.of(System.getProperty("user.dir")).toAbsolutePath().resolve(COMMAND);
        }
    }

    /**
     * Starts a run, with {@code --repair} when asked; the activity log says what came of
     * it.
     * @throws Controls.Refused while one runs, or when there is no command to run
     */
    String start(boolean repair) {
        if (!Files.isRegularFile(command)) {
            throw new Controls.Refused(404, "There is no " + command + " to run");
        }
        if (!Files.isExecutable(command)) {
            throw new Controls.Refused(409, command + " is not executable");
        }
        String doing = repair ? "running " + COMMAND + " --repair: mending the replica's drift from member-service"
                : "running " + COMMAND + ": comparing member-service's members with the reservation-service's replica";
        synchronized (this) {
            if (running != null) {
                throw new Controls.Refused(409, "One " + COMMAND + " at a time: still " + running);
            }
            running = doing;
        }
        log.started(doing);
        Thread.ofVirtual().name("reconcile").start(() -> {
            long started = System.nanoTime();
            ReconcileRun run;
            try {
                run = run(repair);
            }
            catch (RuntimeException ex) {
                run = failed(repair, "failed: " + ex.getMessage());
            }
            report(run, System.nanoTime() - started);
            synchronized (this) {
                last = run;
                running = null;
            }
        });
        return doing;
    }

    synchronized ConsoleState.Reconcile view() {
        return new ConsoleState.Reconcile(running, last, running == null && last != null && repairable(last));
    }

    @Override
    public void close() {
        Process current = process;
        if (current != null) {
            stop(current);
        }
    }

    // exit 1 is drift left; after a repair it is drift the repair could not mend, which
    // another may
    private static boolean repairable(ReconcileRun run) {
        return run.exitCode() != null && run.exitCode() == 1 && orZero(run.missing()) + orZero(run.extra()) > 0;
    }

    private ReconcileRun run(boolean repair) {
        List<String> commandLine = new ArrayList<>(List.of(command.toString(), "--member-url", memberService.toString(),
                "--reservation-url", reservationService.toString(), "--subscriber", "reservation"));
        if (repair) {
            commandLine.add("--repair");
        }
        ProcessBuilder builder = new ProcessBuilder(commandLine);
        builder.environment().put("ADMIN_USERNAME", admin.username());
        builder.environment().put("ADMIN_PASSWORD", admin.password());
        Process started;
        try {
            started = builder.start();
        }
        catch (IOException ex) {
            return failed(repair, "could not start: " + ex.getMessage());
        }
        process = started;
        try {
            // nothing it asks on stdin gets an answer
            started.getOutputStream().close();
            LastLine out = LastLine.of(started.getInputStream());
            LastLine err = LastLine.of(started.getErrorStream());
            if (!started.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                stop(started);
                return failed(repair, "did not finish within " + timeout.toSeconds() + " s, so the console stopped it");
            }
            String outLast = out.await();
            String errLast = err.await();
            return finished(repair, started.exitValue(), outLast, errLast);
        }
        catch (IOException ex) {
            stop(started);
            return failed(repair, "failed: " + ex.getMessage());
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            stop(started);
            return failed(repair, "stopped with the console");
        }
        finally {
            process = null;
        }
    }

    private ReconcileRun finished(boolean repair, int exitCode, String outLast, String errLast) {
        JsonNode summary = summary(outLast);
        String problem = null;
        if (summary == null) {
            problem = "its last line is not the JSON summary: "
                    + (errLast != null ? errLast : outLast != null ? outLast : "it printed nothing");
        }
        else if (exitCode == 2 && errLast != null) {
            problem = errLast;
        }
        JsonNode numbers = summary == null ? json.missingNode() : summary;
        return new ReconcileRun(repair, System.currentTimeMillis(), exitCode, outcome(exitCode),
                number(numbers, "members"), number(numbers, "replicaActive"), number(numbers, "missing"),
                number(numbers, "extra"), number(numbers, "repaired"), problem);
    }

    private static ReconcileRun failed(boolean repair, String problem) {
        return new ReconcileRun(repair, System.currentTimeMillis(), null, null, null, null, null, null, null, problem);
    }

    private static String outcome(int exitCode) {
        return switch (exitCode) {
            case 0 -> "no drift left";
            case 1 -> "drift left";
            case 2 -> "could not compare";
            default -> "an exit code it does not give";
        };
    }

    private void report(ReconcileRun run, long nanos) {
        String ran = COMMAND + (run.repair() ? " --repair" : "");
        if (run.exitCode() == null) {
            log.failed(ran + " " + run.problem());
            return;
        }
        String text = ran + String.format(" (%.1f s): ", nanos / 1e9) + count(run.members()) + " member(s), "
                + count(run.replicaActive()) + " active replica(s), " + count(run.missing()) + " missing, "
                + count(run.extra()) + " extra, " + count(run.repaired()) + " repaired; exit " + run.exitCode() + ": "
                + run.outcome() + (run.problem() == null ? "" : " (" + run.problem() + ")");
        if (run.exitCode() == 0) {
            log.done(text);
        }
        else {
            log.failed(repairable(run) ? text + "; Repair runs it with --repair" : text);
        }
    }

    private JsonNode summary(String line) {
        if (line == null) {
            return null;
        }
        try {
            JsonNode node = json.readTree(line);
            return node != null && node.isObject() ? node : null;
        }
        catch (JacksonException notJson) {
            return null;
        }
    }

    // what it started goes too: a command that is stopped must not leave its children
    // behind
    private static void stop(Process process) {
        List<ProcessHandle> children = process.descendants().toList();
        children.forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(OUTPUT_DRAIN.toMillis(), TimeUnit.MILLISECONDS)) {
                children.forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            children.forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    /** The last line that is not blank of an output stream, read to its end meanwhile. */
    private static final class LastLine {

        private final Thread reader;

        private volatile String line;

        private LastLine(InputStream stream) {
            this.reader = Thread.ofVirtual().start(() -> {
                try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                    String next;
                    while ((next = lines.readLine()) != null) {
                        if (!next.isBlank()) {
                            line = next.strip();
                        }
                    }
                }
                catch (IOException ex) {
                    // the process went: what was read is what there is
                }
            });
        }

        static LastLine of(InputStream stream) {
            return new LastLine(stream);
        }

        String await() throws InterruptedException {
            reader.join(OUTPUT_DRAIN);
            return line;
        }

    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }

    private static String count(Long value) {
        return value == null ? "?" : value.toString();
    }

    private static Long number(JsonNode body, String field) {
        JsonNode value = body.path(field);
        return value.isNumber() ? value.asLong() : null;
    }

}
