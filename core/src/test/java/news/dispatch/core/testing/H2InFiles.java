package news.dispatch.core.testing;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;

/** The embedded H2 database in files, opened as the app opens its default one (each commit written at once). */
public final class H2InFiles {

    private H2InFiles() {
    }

    /** The URL of the database {@code dispatch} in this directory, with H2 settings of the test's own after it. */
    public static String url(Path directory, String... settings) {
        return "jdbc:h2:file:" + directory.toAbsolutePath().resolve("dispatch")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0;"
                + "DB_CLOSE_ON_EXIT=FALSE"
                + Arrays.stream(settings).map(setting -> ";" + setting).collect(Collectors.joining());
    }
}
