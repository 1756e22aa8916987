package news.dispatch.web;

import java.util.Arrays;

import news.dispatch.web.move.DatabaseMove;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Dispatch: tag digests, breaking-news alerts and subscriber management for a newsroom, in one process. */
@SpringBootApplication(scanBasePackages = "news.dispatch")
@ConfigurationPropertiesScan("news.dispatch")
public class DispatchApplication {

    /** Starts the app; {@code move} first moves a stopped node's embedded database to PostgreSQL instead. */
    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("move")) {
            System.exit(DatabaseMove.run(Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
        }
        SpringApplication.run(DispatchApplication.class, args);
    }
}
