package news.dispatch.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * An operator's mistake that only shows as the app puts a setting to use is reported as Spring Boot reports a
 * setting it cannot bind: what is wrong and what to do, in a few lines, not a stack trace of a hundred.
 */
@ExtendWith(OutputCaptureExtension.class)
class StartFailuresIT {

    @TempDir
    Path folder;

    @Test
    void aDataDirUnderAFileIsNamedWithWhatToDo(CapturedOutput output) throws IOException {
        Path file = Files.createFile(folder.resolve("a-file"));

        assertThatThrownBy(() -> start("--dispatch.data-dir=" + file.resolve("data")));

        assertThat(report(output)).contains("dispatch.data-dir: " + file.resolve("data") + " cannot be made (",
                "Correct dispatch.data-dir (or its environment variable), then start Dispatch again.");
        assertThat(output.getOut()).as("refused before H2 tries it").doesNotContain("Application run failed", "h2database",
                "\tat ");
    }

    @Test
    void aBaseUrlThatIsNoAddressIsRefusedBeforeTheDatabaseIsMade(CapturedOutput output) {
        Path data = folder.resolve("data");

        assertThatThrownBy(() -> start("--dispatch.data-dir=" + data, "--dispatch.base-url=news.example.com"));

        assertThat(report(output)).contains("dispatch.base-url must be an absolute URL, was news.example.com");
        assertThat(data).as("no folder, no database made for a start that cannot go on").doesNotExist();
        assertThat(output.getOut()).doesNotContain("Migrating schema");
    }

    @Test
    void aFromThatIsNoAddressIsNamedWithWhatToDo(CapturedOutput output) {
        assertThatThrownBy(() -> start("--dispatch.data-dir=" + folder, "--dispatch.mail.from=notanaddress"));

        assertThat(report(output)).contains("dispatch.mail.from: 'notanaddress' is not an email address",
                "Correct dispatch.mail.from (or its environment variable), then start Dispatch again.");
        assertThat(output.getOut()).doesNotContain("Application run failed", "\tat ");
    }

    @Test
    void aBouncesMailboxThatIsNoMailboxIsNamedWithWhatToDo(CapturedOutput output) {
        assertThatThrownBy(() -> start("--dispatch.data-dir=" + folder,
                "--dispatch.bounces.mailbox=http://bounces:secret@mail.example"));

        assertThat(report(output)).contains("dispatch.bounces.mailbox: must be an imap://, imaps://, pop3:// or "
                + "pop3s:// URL with a host", "Correct dispatch.bounces.mailbox (or its environment variable)");
        assertThat(output.getOut()).doesNotContain("Application run failed", "\tat ", "secret");
    }

    @Test
    void aLanguageDispatchDoesNotSpeakIsNamedWithTheOnesItDoes(CapturedOutput output) {
        assertThatThrownBy(() -> start("--dispatch.data-dir=" + folder, "--dispatch.readers.default-language=xx"));

        assertThat(report(output)).contains("dispatch.readers.default-language", "must be en, de or fr");
        assertThat(output.getOut()).doesNotContain("No enum constant");
    }

    private static void start(String... arguments) {
        String[] all = new String[arguments.length + 2];
        all[0] = "--server.port=0";
        all[1] = "--spring.quartz.scheduler-name=start-failures";
        System.arraycopy(arguments, 0, all, 2, arguments.length);
        SpringApplication.run(DispatchApplication.class, all).close();
    }

    /** Spring Boot's report of a failed start, from its banner on. */
    private static String report(CapturedOutput output) {
        String out = output.getOut();
        int banner = out.indexOf("APPLICATION FAILED TO START");
        assertThat(banner).as("the failure report").isNotNegative();
        return out.substring(banner);
    }
}
