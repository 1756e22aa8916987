package news.dispatch.mailer.outbox;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import javax.sql.DataSource;

import news.dispatch.core.h2.EmbeddedFile;

/**
 * A file beside an embedded H2 database where the node notes mail the SMTP server accepted, before the database
 * records it {@code SENT}: a line per message ({@code id claim}), written by the worker as the server accepts it.
 * Every thousand messages or every second the lines are moved aside to {@code dispatch.sent.folding}, recorded in
 * one commit and removed, while new ones go to a fresh {@code dispatch.sent}.
 *
 * <p>Why: on H2 a commit writes a new chunk of the database file, about a quarter of a millisecond of CPU whatever
 * it holds, and the node's workers may have only {@link SentRecorder#window} messages sent but not recorded. With a
 * commit for every few messages the workers spent most of their time waiting for it: the machine was 40% idle while
 * delivery reached a fifth of what the SMTP server can take. A line in a file costs a write of some bytes. It is as
 * safe as H2's own commit ({@code WRITE_DELAY=0} writes without forcing to the disk either): it survives the process
 * being killed, which is the crash that repeats mail.
 *
 * <p>Recorded lines are kept a minute more ({@code dispatch.sent.kept-<millis>}, one file a fold): H2 killed with
 * {@code kill -9} can come back without its last commits, a second or two of them on a large file (measured: 3,122
 * deliveries sent again, their claims and records gone, while the journal no longer held them). A node that starts
 * marks {@code SENT} every delivery its journal holds, kept lines included, that the database does not say is sent
 * or failed, so mail whose claim or record the database lost is not sent again.
 *
 * <p>Only beside a database in a file of this node: the node reads its journal when it starts again, before it
 * claims anything, so what it sent is not sent again. On a database shared by several nodes (PostgreSQL) another node
 * would claim a dead node's mail without its journal; there each commit records the mail itself.
 */
final class SentJournal implements AutoCloseable {

    /** How long recorded lines are kept, for a database that comes back from a crash without its last commits. */
    static final Duration KEEP = Duration.ofMinutes(1);

    private final Path file;
    /** Where the lines being recorded in the database wait, while new ones go to {@link #file}. */
    private final Path folding;
    private FileChannel channel;
    private final StringBuilder lines = new StringBuilder();

    SentJournal(Path file) throws IOException {
        this.file = file;
        this.folding = folding(file);
        this.channel = open(file);
    }

    private static FileChannel open(Path file) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        channel.position(channel.size());
        return channel;
    }

    /**
     * The journal beside the database's files, when the database is H2 in a file: {@code dispatch.mv.db} has
     * {@code dispatch.sent} beside it. Empty for any other database, and for H2 in memory, which a crash loses whole.
     */
    static Optional<Path> beside(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            return besideUrl(connection.getMetaData().getURL());
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read the database's address: " + e.getMessage(), e);
        }
    }

    static Optional<Path> besideUrl(String url) {
        return EmbeddedFile.nameIn(url).map(name -> Path.of(name + ".sent"));
    }

    Path file() {
        return file;
    }

    /**
     * Whether the journal of a stopped node holds mail the SMTP server accepted that its database may not record yet:
     * lines noted, or moved aside and not yet recorded. Kept lines are recorded ones.
     */
    static boolean holdsUnrecorded(Path file) throws IOException {
        Path folding = folding(file);
        return Files.exists(file) && Files.size(file) > 0 || Files.exists(folding) && Files.size(folding) > 0;
    }

    private static Path folding(Path file) {
        return file.resolveSibling(file.getFileName() + ".folding");
    }

    /** Notes the deliveries, in one write: when it returns, a killed process leaves them in the file. */
    void append(Collection<AcceptedMail> accepted) throws IOException {
        lines.setLength(0);
        for (AcceptedMail mail : accepted) {
            lines.append(mail.id()).append(' ').append(mail.claim()).append('\n');
        }
        ByteBuffer bytes = ByteBuffer.wrap(lines.toString().getBytes(StandardCharsets.US_ASCII));
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
    }

    /**
     * Moves the lines noted so far aside, into the file of the lines being folded, and notes new ones in a fresh file:
     * the database records the ones moved aside while the workers' next messages are noted. A process killed at any
     * point leaves every line in one file or the other. One fold at a time: the lines moved aside before must be
     * recorded first, as they are replaced (they are still there when {@link #keepFolded} could not move them).
     */
    void rotate() throws IOException {
        channel.close();
        Files.move(file, folding, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        channel = open(file);
    }

    /**
     * The lines moved aside are recorded in the database: they are kept for {@link #KEEP} in a file of their own,
     * named by the time they were recorded, and the kept files older than that go.
     */
    void keepFolded(Instant now) throws IOException {
        if (Files.exists(folding)) {
            Files.move(folding, file.resolveSibling(keptPrefix() + now.toEpochMilli()),
                    StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        long oldest = now.minus(KEEP).toEpochMilli();
        for (Path kept : kept()) {
            if (keptAt(kept) < oldest) {
                Files.deleteIfExists(kept);
            }
        }
    }

    private String keptPrefix() {
        return file.getFileName() + ".kept-";
    }

    private List<Path> kept() throws IOException {
        try (Stream<Path> siblings = Files.list(file.toAbsolutePath().getParent())) {
            return siblings.filter(sibling -> sibling.getFileName().toString().startsWith(keptPrefix())
                    && keptAt(sibling) >= 0).toList();
        }
    }

    private long keptAt(Path kept) {
        try {
            return Long.parseLong(kept.getFileName().toString().substring(keptPrefix().length()));
        } catch (NumberFormatException notOurs) {
            return -1;
        }
    }

    /**
     * What the journal holds, the kept lines and the lines moved aside first: deliveries accepted, perhaps not yet
     * recorded in the database, or recorded in commits it lost. A line the process was killed in the middle of writing
     * has no line break, and was not yet accepted as far as the worker knew.
     */
    List<AcceptedMail> read() throws IOException {
        List<AcceptedMail> accepted = new ArrayList<>();
        for (Path kept : kept()) {
            read(kept, accepted);
        }
        if (Files.exists(folding)) {
            read(folding, accepted);
        }
        read(file, accepted);
        return accepted;
    }

    private static void read(Path file, List<AcceptedMail> accepted) throws IOException {
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        int end = text.lastIndexOf('\n');
        if (end < 0) {
            return;
        }
        for (String line : text.substring(0, end).split("\n")) {
            int space = line.indexOf(' ');
            if (space > 0) {
                accepted.add(new AcceptedMail(Long.parseLong(line.substring(0, space)), line.substring(space + 1)));
            }
        }
    }

    /** Empties the journal, the lines moved aside and kept included: the database records everything it held. */
    void clear() throws IOException {
        clearNoted();
        Files.deleteIfExists(folding);
        forgetKept();
    }

    /** Drops the kept lines: the node stops, and the database, closed as it should be, keeps its commits. */
    void forgetKept() throws IOException {
        for (Path kept : kept()) {
            Files.deleteIfExists(kept);
        }
    }

    /** Empties the file new lines go to (not the lines moved aside): the database now records everything it held. */
    void clearNoted() throws IOException {
        channel.truncate(0);
        channel.position(0);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
