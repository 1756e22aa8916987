package news.dispatch.web;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import news.dispatch.core.testing.FreePort;

/**
 * Dispatch in a JVM of its own, as an operator runs it: started with command-line settings on a free HTTP port,
 * its output in a log file under {@code target/}, stopped with SIGTERM or killed with SIGKILL when a test wants it
 * gone. Either the packaged jar ({@code target/dispatch.jar}, for tests that run after {@code package}) or the test
 * classpath.
 */
public final class AppProcess implements AutoCloseable {

    private static final Path JAR = Path.of("target", "dispatch.jar");
    /** Three jars start side by side on two cores in the packaged tests: each can take a minute on a slow day. */
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

    private final Process process;
    private final int port;
    private final Path log;

    private AppProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Runs {@code java -jar target/dispatch.jar} with the settings and waits until it has started. */
    public static AppProcess packaged(String name, String... settings) {
        return packaged(name, List.of(), settings);
    }

    /** The same, with options for the JVM before {@code -jar}, such as system properties. */
    public static AppProcess packaged(String name, List<String> jvmOptions, String... settings) {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR.toAbsolutePath() + " is missing: run the test after package");
        }
        List<String> launch = new ArrayList<>(jvmOptions);
        launch.addAll(List.of("-jar", JAR.toString()));
        return start(name, launch, settings);
    }

    /** Runs the application's main class from this JVM's classpath, for tests that run before the jar exists. */
    public static AppProcess fromClasspath(String name, String... settings) {
        return start(name, List.of("-cp", System.getProperty("java.class.path"), DispatchApplication.class.getName()),
                settings);
    }

    private static AppProcess start(String name, List<String> launch, String... settings) {
        int port = FreePort.belowEphemeralRange();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx512m");
        // Tests start many short-lived apps: C1 alone starts one in about two thirds of the time.
        command.add("-XX:TieredStopAtLevel=1");
        command.addAll(launch);
        command.add("--server.port=" + port);
        command.add("--spring.main.banner-mode=off");
        command.addAll(List.of(settings));
        try {
            Path log = Files.createDirectories(Path.of("target")).resolve(name + ".log");
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                    .start();
            AppProcess app = new AppProcess(process, port, log);
            await().atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(200)).until(app::started);
            return app;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private boolean started() throws IOException {
        String output = Files.readString(log);
        if (!process.isAlive()) {
            throw new IllegalStateException(log + ": the app exited with " + process.exitValue() + "\n" + output);
        }
        return output.contains("Started DispatchApplication");
    }

    public int port() {
        return port;
    }

    public Path log() {
        return log;
    }

    /**
     * Kills the JVM with SIGKILL ({@link Process#destroyForcibly()} on Linux): no shutdown hook, no graceful stop,
     * nothing flushed. Answers its exit status, {@code 137} (128 + 9) when the signal killed it.
     */
    public int kill() {
        try {
            return process.destroyForcibly().waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Stops the JVM with SIGTERM ({@link Process#destroy()} on Linux), as {@code kill} or systemd's stop does: the
     * app's shutdown runs. Answers its exit status, {@code 143} (128 + 15) when it stopped on the signal.
     */
    public int stop() {
        try {
            process.destroy();
            return process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }
}
