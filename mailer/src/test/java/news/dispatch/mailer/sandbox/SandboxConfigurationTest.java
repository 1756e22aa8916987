package news.dispatch.mailer.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.net.Socket;

import news.dispatch.mailer.sender.SenderIdentity;
import news.dispatch.mailer.smtp.MailRoute;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class SandboxConfigurationTest {

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withUserConfiguration(SandboxConfiguration.class)
            .withBean(SenderIdentity.class, () -> new SenderIdentity("Dispatch <news@localhost>", "", true));

    /** A bean made after the mail route that finds a setting wrong. */
    static final class FailsOnceTheMailRouteIsKnown {

        static volatile int port;

        FailsOnceTheMailRouteIsKnown(MailRoute route) {
            port = route.port();
            throw new IllegalStateException("a setting found wrong once the sandbox listens");
        }
    }

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

    /** Systemd or a container sees an app that failed to start exit, not a process that serves nothing. */
    @Test
    void anAppThatFailsToStartStopsTheSandboxItsMailRouteStarted() {
        context.withBean(FailsOnceTheMailRouteIsKnown.class).run(app -> assertThat(app).hasFailed());

        assertThat(FailsOnceTheMailRouteIsKnown.port).isPositive();
        assertThatThrownBy(() -> new Socket("127.0.0.1", FailsOnceTheMailRouteIsKnown.port).close())
                .isInstanceOf(ConnectException.class);
    }

    @Test
    void withAnSmtpHostNothingOfTheSandboxStarts() {
        context.withPropertyValues("spring.mail.host=smtp.example.com")
                .run(app -> assertThat(app).doesNotHaveBean(SandboxSmtp.class).doesNotHaveBean(MailRoute.class));
    }
}
