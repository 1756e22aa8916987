package news.dispatch.mailer.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import news.dispatch.mailer.sender.SenderIdentity;
import news.dispatch.mailer.smtp.MailRoute;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class SandboxConfigurationTest {

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withUserConfiguration(SandboxConfiguration.class)
            .withBean(SenderIdentity.class, () -> new SenderIdentity("Dispatch <news@localhost>", "", true));

    @Test
    void withoutAnSmtpHostTheSandboxCatchesTheMail() {
        context.run(app -> {
            assertThat(app).hasSingleBean(SandboxSmtp.class);
            MailRoute route = app.getBean(MailRoute.class);
            assertThat(route.sandbox()).isTrue();
            assertThat(route.host()).isEqualTo("127.0.0.1");
            assertThat(route.port()).isPositive();
            assertThat(app.getBean(SandboxSmtp.class).messages()).isEmpty();
        });
    }

    @Test
    void startedAgainTheSandboxListensWhereTheMailRouteSends() {
        context.run(app -> {
            SandboxSmtp sandbox = app.getBean(SandboxSmtp.class);
            int port = app.getBean(MailRoute.class).port();

            sandbox.stop();
            sandbox.start();

            assertThat(sandbox.port()).isEqualTo(port);
            try (java.net.Socket smtp = new java.net.Socket("127.0.0.1", port)) {
                assertThat(smtp.isConnected()).isTrue();
            }
        });
    }

    @Test
    void withAnSmtpHostNothingOfTheSandboxStarts() {
        context.withPropertyValues("spring.mail.host=smtp.example.com")
                .run(app -> assertThat(app).doesNotHaveBean(SandboxSmtp.class).doesNotHaveBean(MailRoute.class));
    }
}
