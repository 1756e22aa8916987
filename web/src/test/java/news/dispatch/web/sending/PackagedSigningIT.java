package news.dispatch.web.sending;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import news.dispatch.mailer.smtp.SmtpSink;
import news.dispatch.mailer.testing.Dkimpy;
import news.dispatch.mailer.testing.Dkimpy.Verdict;
import news.dispatch.web.ApiClient;
import news.dispatch.web.AppProcess;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.FileSystemUtils;
import tools.jackson.databind.JsonNode;

/**
 * The packaged jar with DKIM on signs with AWS-LC's native RSA, whose library it loads from a jar nested in its own,
 * or with the JDK's where that library does not load, and its mail verifies either way, by dkimpy, against the record
 * the admin API says to publish.
 */
class PackagedSigningIT {

    private static final String PASSWORD = "signing-admin-password";

    private Path data;
    private AppProcess app;
    private SmtpSink relay;

    @AfterEach
    void cleanUp() throws IOException {
        if (app != null) {
            app.close();
        }
        if (relay != null) {
            relay.close();
        }
        if (data != null) {
            FileSystemUtils.deleteRecursively(data);
        }
    }

    @Test
    void signsWithAwsLcAndTheSignatureVerifies() throws Exception {
        String log = signedConfirmationVerifies("packaged-signing-aws-lc", List.of());

        assertThat(log).contains("DKIM signs RSA with AWS-LC");
    }

    /**
     * Where AWS-LC's library does not load (a machine other than Linux x86-64), the JDK signs: simulated with the
     * provider's own switch for a library to be found outside its jar, where there is none.
     */
    @Test
    void signsWithTheJdkWhereAwsLcDoesNotLoadAndTheSignatureVerifies() throws Exception {
        String log = signedConfirmationVerifies("packaged-signing-jdk",
                List.of("-Dcom.amazon.corretto.crypto.provider.useExternalLib=true"));

        assertThat(log).contains("DKIM signs RSA with the JDK: AWS-LC did not load here")
                .doesNotContain("DKIM signs RSA with AWS-LC").doesNotContain(" ERROR ");
    }

    /** Starts the jar with DKIM on, signs a reader up and checks their confirmation's signature; the app's log. */
    private String signedConfirmationVerifies(String name, List<String> jvmOptions) throws Exception {
        Dkimpy.assumeInstalled();
        relay = SmtpSink.keepingMessages();
        data = Files.createTempDirectory("dispatch-packaged-signing");
        app = AppProcess.packaged(name, jvmOptions, "--dispatch.data-dir=" + data,
                "--dispatch.admin.password=" + PASSWORD, "--dispatch.mail.dkim.enabled=true",
                "--dispatch.mail.from=Dispatch <news@press.example>", "--spring.mail.host=127.0.0.1",
                "--spring.mail.port=" + relay.port());
        ApiClient reader = ApiClient.anonymous(app.port());

        assertThat(reader.post("/api/subscriptions", "{\"email\": \"signed@example.com\", \"tags\": [\"#Aviation\"]}")
                .status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> !relay.messages().isEmpty());

        JsonNode dkim = reader.as("admin", PASSWORD).get("/api/admin/sending").json().get("dkim");
        Map<String, String> dns = Map.of(dkim.get("dnsName").asString(), dkim.get("dnsTxt").asString());
        assertThat(Dkimpy.verify(relay.messages().get(0), dns)).extracting(Verdict::toString)
                .containsExactly("pass rsa-sha256 s=dispatch");
        return Files.readString(app.log());
    }
}
