package news.dispatch.core.h2;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.h2.mvstore.DataUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files laid out by hand as H2 writes them: a header in blocks 0 and 1, chunks with a header and a footer each. */
class StoreHeaderTest {

    @TempDir
    Path dir;

    @Test
    void theNewestChunkIsNamedWhereTheChainOfPredictionsBreaks() throws IOException {
        Path file = dir.resolve("broken.mv.db");
        header(file, 1, 2, 1);
        chunk(file, 1, 2, 10, 1, 12);
        chunk(file, 2, 12, 3, 2, 15);
        chunk(file, 3, 30, 4, 3, 34);
        chunk(file, 0, 40, 5, 0, 0);

        StoreHeader.Repointed repointed = StoreHeader.pointAtNewestChunk(file).orElseThrow();

        assertThat(repointed).isEqualTo(new StoreHeader.Repointed(1, 2, 3));
        assertThat(repointed.versionsSaved()).isEqualTo(1);
        assertThat(headerLine(file, 0)).contains("block:1e,", "chunk:3,", "version:3,");
        assertThat(headerLine(file, 1)).isEqualTo(headerLine(file, 0));
    }

    @Test
    void aNewerChunkWrittenIntoAnUnusedOneIsFound() throws IOException {
        Path file = dir.resolve("inside.mv.db");
        header(file, 1, 2, 1);
        chunk(file, 1, 2, 10, 1, 0);
        chunk(file, 2, 5, 2, 2, 0);

        assertThat(StoreHeader.pointAtNewestChunk(file)).get().extracting(StoreHeader.Repointed::newest).isEqualTo(2L);
        assertThat(headerLine(file, 0)).contains("block:5,", "chunk:2,", "version:2,");
    }

    @Test
    void aChunkCutShortByTheKillIsNotTaken() throws IOException {
        Path file = dir.resolve("cut.mv.db");
        header(file, 1, 2, 1);
        chunk(file, 1, 2, 3, 1, 0);
        chunk(file, 2, 5, 3, 2, 0);
        write(file, 8L * StoreHeader.BLOCK - 128, " ".repeat(128));

        assertThat(StoreHeader.pointAtNewestChunk(file)).isEmpty();
    }

    @Test
    void aVersionLeftBehindByAnEarlierOpenIsNotNamed() throws IOException {
        Path file = dir.resolve("branch.mv.db");
        header(file, 3, 2, 3);
        chunk(file, 3, 2, 3, 3, 0);
        chunk(file, 4, 5, 3, 4, 0, 40);
        chunk(file, 5, 8, 3, 5, 0, 10);

        assertThat(StoreHeader.pointAtNewestChunk(file)).isEmpty();
    }

    @Test
    void aHeaderNamingTheNewestChunkIsLeftAsItIs() throws IOException {
        Path file = dir.resolve("current.mv.db");
        header(file, 2, 5, 2);
        chunk(file, 1, 2, 3, 1, 5);
        chunk(file, 2, 5, 3, 2, 0);
        byte[] before = Files.readAllBytes(file);

        assertThat(StoreHeader.pointAtNewestChunk(file)).isEmpty();
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
    }

    private static void header(Path file, int chunk, long block, long version) throws IOException {
        String fields = "H:2,block:" + Long.toHexString(block) + ",blockSize:1000,chunk:" + Integer.toHexString(chunk)
                + ",created:1,format:3,version:" + Long.toHexString(version);
        String line = signed(fields) + "\n";
        write(file, 0, line);
        write(file, StoreHeader.BLOCK, line);
    }

    private static void chunk(Path file, int id, long block, int blocks, long version, long next) throws IOException {
        chunk(file, id, block, blocks, version, next, version);
    }

    private static void chunk(Path file, int id, long block, int blocks, long version, long next, long time)
            throws IOException {
        write(file, block * StoreHeader.BLOCK, "chunk:" + Integer.toHexString(id) + ",len:" + Integer.toHexString(blocks)
                + ",next:" + Long.toHexString(next) + ",time:" + Long.toHexString(time) + ",version:"
                + Long.toHexString(version) + "\n");
        String footer = signed("chunk:" + Integer.toHexString(id) + ",len:" + Integer.toHexString(blocks) + ",version:"
                + Long.toHexString(version));
        write(file, (block + blocks) * StoreHeader.BLOCK - 128, String.format("%-127s\n", footer));
    }

    private static String signed(String fields) {
        byte[] bytes = fields.getBytes(StandardCharsets.ISO_8859_1);
        return fields + ",fletcher:" + Integer.toHexString(DataUtils.getFletcher32(bytes, 0, bytes.length));
    }

    private static void write(Path file, long position, String text) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.ISO_8859_1)), position);
        }
    }

    private static String headerLine(Path file, int copy) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        String text = new String(bytes, copy * StoreHeader.BLOCK, StoreHeader.BLOCK, StandardCharsets.ISO_8859_1);
        return text.substring(0, text.indexOf('\n'));
    }
}
