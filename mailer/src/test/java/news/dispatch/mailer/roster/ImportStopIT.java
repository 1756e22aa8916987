package news.dispatch.mailer.roster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import news.dispatch.core.subscriber.SubscriberStatus;
import news.dispatch.mailer.MailerTestApplication;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * An import when Dispatch stops: it stores no further batch and says what it stored, rather than run on while the
 * server waits for it and fail with a 500 once the database has closed. A context of its own, as the stop is for good.
 */
class ImportStopIT {

    @Test
    void anImportOnceDispatchIsStoppingStoresNoFurtherBatchAndSaysWhatItStored() {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(MailerTestApplication.class)
                .web(WebApplicationType.NONE)
                .run("--spring.datasource.url=jdbc:h2:mem:import-stop;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                                + "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
                        "--spring.mail.host=127.0.0.1", "--dispatch.mail.enabled=false",
                        "--spring.quartz.scheduler-name=import-stop", "--spring.main.banner-mode=off")) {
            Roster roster = context.getBean(Roster.class);
            byte[] file = "email,tags\r\nlate@example.com,Aviation\r\n".getBytes(StandardCharsets.UTF_8);

            context.publishEvent(new ContextClosedEvent(context));

            assertThatThrownBy(() -> roster.importCsv(file, SubscriberStatus.ACTIVE, "admin"))
                    .isInstanceOf(ImportStopped.class)
                    .hasMessageStartingWith("Dispatch is stopping: the import stored 0 new and 0 known readers");
            assertThat(context.getBean(JdbcClient.class).sql("select count(*) from subscriber").query(Long.class)
                    .single()).isZero();
        }
    }
}
