package news.dispatch.mailer.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SentJournalTest {

    @TempDir
    Path directory;

    @Test
    void keepsBesideAnH2DatabaseInAFileAndNoOtherDatabase() {
        assertThat(SentJournal.besideUrl("jdbc:h2:file:/srv/dispatch/data/dispatch;MODE=PostgreSQL;WRITE_DELAY=0"))
                .contains(Path.of("/srv/dispatch/data/dispatch.sent"));
        assertThat(SentJournal.besideUrl("jdbc:h2:file:retry:./data/dispatch;WRITE_DELAY=0")).contains(
                Path.of("data/dispatch.sent").toAbsolutePath());
        assertThat(SentJournal.besideUrl("jdbc:h2:retry:file:/srv/dispatch/data/dispatch"))
                .contains(Path.of("/srv/dispatch/data/dispatch.sent"));
        assertThat(SentJournal.besideUrl("jdbc:h2:async:/srv/dispatch/data/dispatch"))
                .contains(Path.of("/srv/dispatch/data/dispatch.sent"));
        assertThat(SentJournal.besideUrl("jdbc:h2:./data/dispatch")).contains(Path.of("data/dispatch.sent")
                .toAbsolutePath());
        assertThat(SentJournal.besideUrl("jdbc:h2:~/dispatch")).contains(Path.of(System.getProperty("user.home"),
                "dispatch.sent"));
        assertThat(SentJournal.besideUrl("jdbc:h2:mem:outbox;DB_CLOSE_DELAY=-1")).isEmpty();
        assertThat(SentJournal.besideUrl("jdbc:h2:tcp://db.example/dispatch")).isEmpty();
        assertThat(SentJournal.besideUrl("jdbc:h2:retry:memFS:dispatch")).isEmpty();
        assertThat(SentJournal.besideUrl("jdbc:postgresql://db.example:5432/dispatch")).isEmpty();
    }

    @Test
    void readsBackWhatWasAppendedUntilCleared() throws Exception {
        try (SentJournal journal = new SentJournal(directory.resolve("dispatch.sent"))) {
            journal.append(List.of(new AcceptedMail(7, "claim-a"), new AcceptedMail(8, "claim-a")));
            journal.append(List.of(new AcceptedMail(9, "claim-b")));

            assertThat(journal.read()).containsExactly(new AcceptedMail(7, "claim-a"), new AcceptedMail(8, "claim-a"),
                    new AcceptedMail(9, "claim-b"));

            journal.clear();
            assertThat(journal.read()).isEmpty();
            journal.append(List.of(new AcceptedMail(10, "claim-c")));
            assertThat(journal.read()).containsExactly(new AcceptedMail(10, "claim-c"));
        }
    }

    /**
     * Lines moved aside to be recorded are read with the new ones, by this process and by the next after a kill, until
     * the database records them; then they are kept a minute, for a database that comes back without its last commits.
     */
    @Test
    void linesMovedAsideAreReadUntilRecordedThenKeptAMinuteAndNeverOverwritten() throws Exception {
        Path file = directory.resolve("dispatch.sent");
        Instant recorded = Instant.parse("2026-12-06T08:00:00Z");
        try (SentJournal journal = new SentJournal(file)) {
            journal.append(List.of(new AcceptedMail(7, "claim-a"), new AcceptedMail(8, "claim-a")));
            journal.rotate();
            journal.append(List.of(new AcceptedMail(9, "claim-b")));

            assertThat(journal.read()).containsExactly(new AcceptedMail(7, "claim-a"), new AcceptedMail(8, "claim-a"),
                    new AcceptedMail(9, "claim-b"));
            try (SentJournal afterAKill = new SentJournal(file)) {
                assertThat(afterAKill.read()).hasSize(3);
            }

            journal.keepFolded(recorded);
            assertThat(journal.read()).as("recorded, and kept").containsExactly(new AcceptedMail(7, "claim-a"),
                    new AcceptedMail(8, "claim-a"), new AcceptedMail(9, "claim-b"));
            journal.rotate();
            journal.append(List.of(new AcceptedMail(10, "claim-c")));
            journal.clearNoted();
            assertThat(journal.read()).as("the lines moved aside stay").containsExactly(new AcceptedMail(7, "claim-a"),
                    new AcceptedMail(8, "claim-a"), new AcceptedMail(9, "claim-b"));
            journal.keepFolded(recorded.plus(SentJournal.KEEP).plusMillis(1));
            assertThat(journal.read()).as("kept a minute").containsExactly(new AcceptedMail(9, "claim-b"));
            journal.forgetKept();
            assertThat(journal.read()).isEmpty();
            journal.append(List.of(new AcceptedMail(11, "claim-d")));
            journal.rotate();
            journal.clear();
            assertThat(journal.read()).isEmpty();
        }
    }

    /** A process killed in the middle of a write leaves part of a line: that message was not known accepted. */
    @Test
    void aLineCutShortByAKilledProcessIsLeftOut() throws Exception {
        Path file = directory.resolve("dispatch.sent");
        Files.writeString(file, "7 claim-a\n8 claim-a\n9 cla", StandardCharsets.US_ASCII);

        try (SentJournal journal = new SentJournal(file)) {
            assertThat(journal.read()).containsExactly(new AcceptedMail(7, "claim-a"), new AcceptedMail(8, "claim-a"));
        }
    }
}
