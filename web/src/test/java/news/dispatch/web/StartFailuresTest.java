package news.dispatch.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.NoSuchFileException;

import news.dispatch.core.RefusedSetting;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;

class StartFailuresTest {

    private final StartFailures failures = new StartFailures();

    @Test
    void aSettingRefusedAsItIsUsedIsNamedWithWhatToDo() {
        FailureAnalysis analysis = failures.analyze(new BeanCreationException("dkimKeys", new RefusedSetting(
                "dispatch.mail.dkim.private-key", "there is no file /etc/dkim.pem")));

        assertThat(analysis.getDescription())
                .isEqualTo("dispatch.mail.dkim.private-key: there is no file /etc/dkim.pem");
        assertThat(analysis.getAction())
                .isEqualTo("Correct dispatch.mail.dkim.private-key (or its environment variable), then start Dispatch "
                        + "again.");
    }

    @Test
    void anyOtherFailureIsLeftToSpringBoot() {
        assertThat(failures.analyze(new IllegalStateException(new NoSuchFileException("/etc/other")))).isNull();
    }
}
