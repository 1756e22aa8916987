package news.dispatch.core.link;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import news.dispatch.core.CoreTestApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Nodes of one database that would make readers' links with different secrets are told so as they start. */
@SpringBootTest(classes = CoreTestApplication.class, properties =
        "spring.datasource.url=jdbc:h2:mem:link_secret;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                + "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1")
@ExtendWith(OutputCaptureExtension.class)
class LinkSecretIT {

    private static final String WARNING = "dispatch.links.secret differs from the one the node that started last";

    @Autowired
    JdbcClient jdbc;

    @Test
    void aNodeGivenAnotherSecretThanTheOthersUseIsWarnedAndOneGivenTheSameIsNot(CapturedOutput output) {
        LinkConfiguration nodes = new LinkConfiguration();
        LinkTokens stored = nodes.linkTokens(new LinkSettings(null, Duration.ofDays(7)), jdbc);
        LinkTokens again = nodes.linkTokens(new LinkSettings(null, Duration.ofDays(7)), jdbc);
        assertThat(again.token(LinkPurpose.UNSUBSCRIBE, 1, 0)).isEqualTo(stored.token(LinkPurpose.UNSUBSCRIBE, 1, 0));
        assertThat(output.getOut()).doesNotContain(WARNING);

        LinkTokens own = nodes.linkTokens(new LinkSettings("a secret of this node alone", Duration.ofDays(7)), jdbc);

        assertThat(own.token(LinkPurpose.UNSUBSCRIBE, 1, 0)).isNotEqualTo(stored.token(LinkPurpose.UNSUBSCRIBE, 1, 0));
        assertThat(output.getOut()).contains(WARNING, "Give every node the same dispatch.links.secret");
        assertThat(output.getOut()).doesNotContain("a secret of this node alone");
    }
}
