package news.dispatch.core.erasure;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How soon what a deletion of readers left behind in the database's files is cleared.
 *
 * @param shredAfter how long after a reader is erased (or deleted unconfirmed) the database's files are cleared of
 *                   their data: on the embedded H2 the file is rewritten, on PostgreSQL the tables are vacuumed. Every
 *                   deletion within this time is cleared by the same run, so it bounds both how long the data stays
 *                   on disk and how often the work is done: on H2 a run rewrites most of the file and holds up
 *                   other writes for a moment (seconds on 100,000 readers), so runs are kept apart rather than made
 *                   after each erasure. Deletions a killed node had not cleared are cleared at its next start.
 */
@ConfigurationProperties("dispatch.erasure")
record ErasureSettings(@DefaultValue("10m") Duration shredAfter) {
}
