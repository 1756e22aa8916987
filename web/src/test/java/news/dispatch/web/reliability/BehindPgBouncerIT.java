package news.dispatch.web.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import news.dispatch.core.testing.PostgresForTests;
import news.dispatch.web.ApiClient;
import news.dispatch.web.DispatchApplication;

/**
 * PostgreSQL reached through PgBouncer in transaction pooling, a common production setup (an operator's QA, 8 December
 * 2026: every start failed in a hundred and eighty lines that named neither PgBouncer nor the fix). With the driver's
 * server-side statements left on, the start says what to add to the URL; with them off, Dispatch runs. Needs Debian's
 * {@code pgbouncer}: skipped without it, except in CI ({@code CI=true}), whose {@code .ci/run} installs it.
 */
@ExtendWith(OutputCaptureExtension.class)
class BehindPgBouncerIT {

    private static final Path PGBOUNCER = Path.of("/usr/sbin/pgbouncer");
    private static final String PASSWORD = "BouncedPass2026x";

    private static Path folder;
    private static Process pgbouncer;
    private static int port;

    @BeforeAll
    static void startPgBouncer() throws Exception {
        if (!Files.isExecutable(PGBOUNCER)) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("CI runs the PgBouncer test, but " + PGBOUNCER + " is missing");
            }
            Assumptions.abort(PGBOUNCER + " is missing (apt-get install pgbouncer)");
        }
        URI postgres = URI.create(PostgresForTests.jdbcUrl("bounced").substring("jdbc:".length()));
        folder = Files.createTempDirectory("pgbouncer", PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwxr-xr-x")));
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Files.writeString(folder.resolve("users.txt"), "\"postgres\" \"postgres\"\n");
        // Two server connections for Hikari's ten: each transaction of a client lands on either, as under load.
        Files.writeString(folder.resolve("pgbouncer.ini"), """
                [databases]
                dispatch = host=127.0.0.1 port=%d dbname=bounced
                [pgbouncer]
                listen_addr = 127.0.0.1
                listen_port = %d
                unix_socket_dir =
                auth_type = trust
                auth_file = %s
                pool_mode = transaction
                default_pool_size = 2
                max_client_conn = 100
                """.formatted(postgres.getPort(), port, folder.resolve("users.txt")));
        ProcessBuilder command = "root".equals(System.getProperty("user.name"))
                ? new ProcessBuilder(PGBOUNCER.toString(), "-u", "nobody", folder.resolve("pgbouncer.ini").toString())
                : new ProcessBuilder(PGBOUNCER.toString(), folder.resolve("pgbouncer.ini").toString());
        pgbouncer = command.redirectErrorStream(true).redirectOutput(folder.resolve("pgbouncer.log").toFile())
                .start();
        Instant deadline = Instant.now().plusSeconds(10);
        while (!listening()) {
            if (!pgbouncer.isAlive() || Instant.now().isAfter(deadline)) {
                fail("PgBouncer did not start: " + Files.readString(folder.resolve("pgbouncer.log")));
            }
            Thread.sleep(100);
        }
    }

    @AfterAll
    static void stopPgBouncer() throws InterruptedException {
        if (pgbouncer != null) {
            pgbouncer.destroy();
            pgbouncer.waitFor();
        }
    }

    @Test
    void theStartSaysWhatToAddToTheUrlWhenTheDriverPreparesStatements(CapturedOutput output) {
        assertThatThrownBy(() -> start("jdbc:postgresql://127.0.0.1:" + port + "/dispatch").close());

        String out = output.getOut();
        int banner = out.indexOf("APPLICATION FAILED TO START");
        assertThat(banner).as("the failure report").isNotNegative();
        assertThat(out.substring(banner)).contains("PgBouncer's pool_mode=transaction",
                "Add prepareThreshold=0 to spring.datasource.url");
    }

    @Test
    void withoutServerSideStatementsDispatchRunsThroughIt() {
        try (ConfigurableApplicationContext app = start("jdbc:postgresql://127.0.0.1:" + port
                + "/dispatch?prepareThreshold=0")) {
            int http = ((WebServerApplicationContext) app).getWebServer().getPort();
            ApiClient editor = ApiClient.anonymous(http).as("admin", PASSWORD);
            for (int i = 0; i < 12; i++) {
                ApiClient.Answer published = editor.post("/api/articles", """
                        {"title": "Runway %d reopens", "summary": "Through the pooler.", "tags": ["Aviation"]}
                        """.formatted(i));
                assertThat(published.status()).as(published.toString()).isEqualTo(201);
            }
            ApiClient.Answer stats = editor.get("/api/admin/stats");
            assertThat(stats.status()).as(stats.toString()).isEqualTo(200);
            assertThat(editor.get("/api/articles?size=50").json().get("total").asInt()).isEqualTo(12);
        }
    }

    private static ConfigurableApplicationContext start(String url) {
        return SpringApplication.run(DispatchApplication.class, "--server.port=0",
                "--spring.quartz.scheduler-name=behind-pgbouncer", "--dispatch.data-dir=" + folder.resolve("data"),
                "--dispatch.demo=false", "--dispatch.admin.password=" + PASSWORD,
                "--spring.datasource.url=" + url, "--spring.datasource.username=postgres",
                "--spring.datasource.password=postgres",
                "--spring.datasource.hikari.connection-timeout=" + Duration.ofSeconds(10).toMillis());
    }

    private static boolean listening() {
        try (Socket ignored = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
