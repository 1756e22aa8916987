package news.dispatch.core;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Boots the core alone (JDBC, Flyway, repositories) on an in-memory H2 for the repository tests. */
@SpringBootApplication
public class CoreTestApplication {
}
