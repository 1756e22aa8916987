package news.dispatch.core.h2;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.h2.mvstore.DataUtils;

/**
 * The header of the embedded H2 database's file, pointed at the file's newest complete commit before H2 opens a file
 * that was not closed.
 *
 * <p>H2 2.5 writes each commit as a chunk, in free space of its file when there is some, and finds the newest chunk
 * after a crash by three clues: the header's chunk, the chunk at the file's end, and from either, the place each chunk
 * predicted for the next one. When a chunk lands elsewhere, H2 rewrites the header, but with the chunk before it; that
 * chunk's prediction is wrong, and the header is next rewritten only on the next wrong prediction or 20 commits later.
 * Killed in between, H2 opens the file without those last commits, which it had acknowledged: a kill test of H2 alone
 * (single commits written at once, {@code WRITE_DELAY=0}) lost 6 to 18 of them in 3 kills out of 10. This finds the
 * newest chunk whose header and footer agree by reading the whole file, and names it in the header, as H2 does when it
 * writes one. H2's own checks then open the file there, or fall back as they would have.
 */
final class StoreHeader {

    static final int BLOCK = 4096;
    private static final int CHUNK_HEADER = 1024;
    private static final int CHUNK_FOOTER = 128;
    private static final byte[] CHUNK_MARK = "chunk:".getBytes(StandardCharsets.ISO_8859_1);
    private static final int SCAN_WINDOW = 1 << 20;

    /**
     * A chunk of the file: its id, first block, length in blocks, the version it stores, the block it predicted, and
     * when it was written (milliseconds since the file was made; never less than the chunk's before it).
     */
    record Chunk(int id, long block, int blocks, long version, long next, long time) {
    }

    /**
     * What a file's look found: the version its header named, the one H2 would have reached by its clues, and the
     * newest complete one, which the header now names.
     */
    record Repointed(long named, long reached, long newest) {

        /** Versions H2 would have opened the file without: commits, or steps of its packing ({@link FileCompaction}). */
        long versionsSaved() {
            return newest - reached;
        }
    }

    private StoreHeader() {
    }

    /**
     * Points the header of the H2 file at its newest complete chunk when it names an older one and the file was not
     * closed cleanly; does nothing to a file another process holds, to a new or cleanly closed file, or to one it
     * cannot read as H2's.
     */
    static Optional<Repointed> pointAtNewestChunk(Path file) throws IOException {
        if (!Files.isRegularFile(file) || Files.size(file) < 2L * BLOCK) {
            return Optional.empty();
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
                FileLock lock = tryLock(channel)) {
            if (lock == null) {
                return Optional.empty();
            }
            Map<String, String> header = header(channel);
            if (header == null || header.containsKey("clean")) {
                return Optional.empty();
            }
            Map<Long, Chunk> chunks = chunks(channel);
            Optional<Chunk> newest = chunks.values().stream()
                    .max(Comparator.comparingLong(Chunk::version).thenComparing(Chunk::block, Comparator.reverseOrder()));
            long named = version(header);
            if (newest.isEmpty() || newest.get().version() <= named || !latest(newest.get(), chunks)) {
                return Optional.empty();
            }
            long reached = reached(header, chunks, channel.size() / BLOCK);
            writeHeader(channel, header, newest.get());
            return Optional.of(new Repointed(named, reached, newest.get().version()));
        }
    }

    /** How the file was left: closed as H2 closes it (its header carries H2's clean mark), or not; held; not H2's. */
    static EmbeddedFile.Left left(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
                FileLock lock = tryLock(channel)) {
            if (lock == null) {
                return EmbeddedFile.Left.IN_USE;
            }
            Map<String, String> header = channel.size() < 2L * BLOCK ? null : header(channel);
            return header == null ? EmbeddedFile.Left.UNREADABLE
                    : header.containsKey("clean") ? EmbeddedFile.Left.CLOSED : EmbeddedFile.Left.NOT_CLOSED;
        }
    }

    /**
     * Whether no chunk was written after this one. One that was, with a lower version, is of the line H2 went on with
     * after opening the file without its last commits (before this was there to prevent it): the newest version is
     * then one H2 left behind, and the file is left to H2's own clues.
     */
    private static boolean latest(Chunk newest, Map<Long, Chunk> chunks) {
        return chunks.values().stream().allMatch(chunk -> chunk.time() <= newest.time());
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException heldByThisProcess) {
            return null;
        }
    }

    /** The newer of the header's two copies whose checksum holds, as H2 reads them, or {@code null}. */
    private static Map<String, String> header(FileChannel channel) throws IOException {
        ByteBuffer both = read(channel, 0, 2 * BLOCK);
        Map<String, String> newer = null;
        for (int copy = 0; copy < 2; copy++) {
            byte[] bytes = new byte[BLOCK];
            both.get(copy * BLOCK, bytes);
            Map<String, String> map = checksummed(bytes);
            if (map != null && (newer == null || version(map) > version(newer))) {
                newer = map;
            }
        }
        return newer;
    }

    /**
     * Every chunk whose header and footer agree, by first block. Each block is looked at, those of such a chunk too:
     * a newer chunk written into the middle of an unused one leaves that one's header and footer as they were.
     */
    private static Map<Long, Chunk> chunks(FileChannel channel) throws IOException {
        Map<Long, Chunk> chunks = new HashMap<>();
        long blocks = channel.size() / BLOCK;
        ByteBuffer window = ByteBuffer.allocate(SCAN_WINDOW);
        long block = 2;
        while (block < blocks) {
            window.clear();
            long windowStart = block;
            int read = channel.read(window, windowStart * BLOCK);
            if (read < CHUNK_MARK.length) {
                break;
            }
            long next = windowStart + Math.max(1, read / BLOCK);
            for (long at = windowStart; at < next && at < blocks; at++) {
                if (startsWithMark(window, (int) ((at - windowStart) * BLOCK))) {
                    Chunk chunk = chunkAt(channel, at, blocks);
                    if (chunk != null) {
                        chunks.put(at, chunk);
                    }
                }
            }
            block = next;
        }
        return chunks;
    }

    private static boolean startsWithMark(ByteBuffer window, int offset) {
        if (offset + CHUNK_MARK.length > window.position()) {
            return false;
        }
        for (int i = 0; i < CHUNK_MARK.length; i++) {
            if (window.get(offset + i) != CHUNK_MARK[i]) {
                return false;
            }
        }
        return true;
    }

    private static Chunk chunkAt(FileChannel channel, long block, long blocks) throws IOException {
        try {
            ByteBuffer start = read(channel, block * BLOCK, CHUNK_HEADER);
            String line = new String(start.array(), 0, start.limit(), StandardCharsets.ISO_8859_1);
            int end = line.indexOf('\n');
            if (end < 0) {
                return null;
            }
            Map<String, String> fields = DataUtils.parseMap(line.substring(0, end).trim());
            int id = (int) hex(fields, "chunk");
            int length = (int) hex(fields, "len");
            long version = hex(fields, "version");
            // A chunk is written without its block, which H2 takes from where it reads it; a moved one has it.
            if (fields.containsKey("block") && hex(fields, "block") != block || length <= 0 || block + length > blocks) {
                return null;
            }
            byte[] footerBytes = new byte[CHUNK_FOOTER];
            read(channel, (block + length) * BLOCK - CHUNK_FOOTER, CHUNK_FOOTER).get(footerBytes);
            Map<String, String> footer = checksummed(footerBytes);
            if (footer == null || hex(footer, "chunk") != id || hex(footer, "len") != length
                    || hex(footer, "version") != version) {
                return null;
            }
            return new Chunk(id, block, length, version, fields.containsKey("next") ? hex(fields, "next") : 0,
                    fields.containsKey("time") ? hex(fields, "time") : 0);
        } catch (RuntimeException notAChunk) {
            return null;
        }
    }

    /**
     * The version H2's own clues lead to: the newer of the header's chunk and the one ending last in the file, then
     * each chunk's prediction while it holds the next chunk.
     */
    private static long reached(Map<String, String> header, Map<Long, Chunk> chunks, long blocks) {
        Chunk named = header.containsKey("block") ? chunks.get(hex(header, "block")) : null;
        if (named != null && named.id() != (int) hex(header, "chunk")) {
            named = null;
        }
        Chunk atEnd = chunks.values().stream().max(Comparator.comparingLong(c -> c.block() + c.blocks())).orElse(null);
        Chunk reached = named;
        long limit = blocks;
        if (atEnd != null) {
            limit = atEnd.block();
            if (reached == null || atEnd.version() > reached.version()) {
                reached = atEnd;
            }
        }
        if (reached == null) {
            return version(header);
        }
        while (reached.next() != 0 && reached.next() < limit) {
            Chunk next = chunks.get(reached.next());
            if (next == null || next.id() != ((reached.id() + 1) & 0x3FFFFFF) || next.version() <= reached.version()) {
                break;
            }
            reached = next;
        }
        return reached.version();
    }

    /** The header as H2 writes it: its fields with the chunk's, a checksum, twice, and on the disk before H2 opens. */
    private static void writeHeader(FileChannel channel, Map<String, String> fields, Chunk newest) throws IOException {
        HashMap<String, Object> header = new HashMap<>(fields);
        header.remove("fletcher");
        header.put("block", Long.toHexString(newest.block()));
        header.put("chunk", Integer.toHexString(newest.id()));
        header.put("version", Long.toHexString(newest.version()));
        StringBuilder text = DataUtils.appendMap(new StringBuilder(), header);
        byte[] unsigned = text.toString().getBytes(StandardCharsets.ISO_8859_1);
        DataUtils.appendMap(text, "fletcher", DataUtils.getFletcher32(unsigned, 0, unsigned.length));
        text.append('\n');
        byte[] bytes = text.toString().getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer both = ByteBuffer.allocate(2 * BLOCK);
        both.put(0, bytes).put(BLOCK, bytes);
        while (both.hasRemaining()) {
            channel.write(both, both.position());
        }
        channel.force(true);
    }

    /** A map of H2's text whose last field, {@code fletcher}, checks the bytes before it; {@code null} otherwise. */
    private static Map<String, String> checksummed(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        int end = text.indexOf('\n');
        String line = (end < 0 ? text : text.substring(0, end)).trim();
        int checksum = line.lastIndexOf(",fletcher:");
        if (checksum < 0) {
            return null;
        }
        try {
            byte[] signed = line.substring(0, checksum).getBytes(StandardCharsets.ISO_8859_1);
            int expected = (int) Long.parseLong(line.substring(checksum + ",fletcher:".length()), 16);
            if (DataUtils.getFletcher32(signed, 0, signed.length) != expected) {
                return null;
            }
            return DataUtils.parseMap(line.substring(0, checksum));
        } catch (RuntimeException notH2s) {
            return null;
        }
    }

    /** The version a header names; none until H2 first rewrites it, as a file's chunks all went at its end so far. */
    private static long version(Map<String, String> header) {
        return header.containsKey("version") ? hex(header, "version") : 0;
    }

    private static long hex(Map<String, String> fields, String key) {
        String value = fields.get(key);
        if (value == null) {
            throw new IllegalArgumentException("no " + key);
        }
        return Long.parseLong(value, 16);
    }

    private static ByteBuffer read(FileChannel channel, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                break;
            }
        }
        return buffer.flip();
    }
}
