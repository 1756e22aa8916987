package news.dispatch.scheduler.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dispatch's reading of the corpus beside a reference reader's: Debian's {@code python3-feedparser} (installed by
 * {@code .ci/run}; the test is skipped only where it is missing). Of the entries feedparser finds with a title or a
 * link, Dispatch must find at least 95%, each with the same date (to the second) where feedparser has one.
 */
class FeedReferenceTest {

    private static final String FEEDPARSER = """
            import calendar, datetime, sys, feedparser
            args = sys.argv[1:]
            for name, path, url in zip(args[0::3], args[1::3], args[2::3]):
                with open(path, 'rb') as f:
                    parsed = feedparser.parse(f.read(), response_headers={'content-location': url})
                for e in parsed.entries:
                    t = e.get('published_parsed') or e.get('updated_parsed')
                    date = datetime.datetime.fromtimestamp(calendar.timegm(t), datetime.timezone.utc) \\
                        .strftime('%Y-%m-%dT%H:%M:%SZ') if t else ''
                    print('\\t'.join([name, ' '.join(e.get('title', '').split()), e.get('link', ''), date]))
            """;

    /** One entry as feedparser read it. */
    private record Reference(String feed, String title, String link, Instant date) {
    }

    @Test
    void dispatchFindsAtLeast95PercentOfWhatFeedparserFindsWithTheSameDates(@TempDir Path dir) throws Exception {
        String python = pythonWithFeedparser();
        assumeTrue(python != null, "python3-feedparser is not installed (apt-get install python3-feedparser)");
        List<String> command = new ArrayList<>(List.of(python, "-c", FEEDPARSER));
        for (String name : FeedCorpus.FEEDS) {
            Path file = dir.resolve(name + ".xml");
            Files.write(file, FeedCorpus.bytes(name + ".xml"));
            command.addAll(List.of(name, file.toString(), FeedCorpus.url(name).toString()));
        }
        List<Reference> references = run(command).stream().map(line -> line.split("\t", -1))
                .map(cells -> new Reference(cells[0], cells[1], cells[2],
                        cells[3].isEmpty() ? null : Instant.parse(cells[3])))
                .filter(reference -> !reference.title().isEmpty() || !reference.link().isEmpty())
                .toList();

        List<String> missed = new ArrayList<>();
        for (Reference reference : references) {
            if (!foundByDispatch(reference)) {
                missed.add(reference.toString());
            }
        }
        int found = references.size() - missed.size();
        double share = 100.0 * found / references.size();
        System.out.printf("Feed reference comparison: feedparser found %d entries with a title or link; Dispatch"
                + " read %d of them with the same date (%.1f%%). Missed: %s%n", references.size(), found, share,
                missed);
        assertThat(references).as("feedparser read the corpus").hasSizeGreaterThan(50);
        assertThat(share).as("missed: %s", missed).isGreaterThanOrEqualTo(95.0);
    }

    /**
     * Found: an entry of the same feed with the same title (as text) and link, and the same date if it has one. A
     * link that is no web address ({@code tag:}, an id feedparser took for one) is not compared: Dispatch links such
     * a story to its own page instead.
     */
    private static boolean foundByDispatch(Reference reference) throws FeedUnreadable {
        List<FeedEntry> entries = FeedReader.read(FeedCorpus.bytes(reference.feed() + ".xml"),
                FeedCorpus.url(reference.feed())).entries();
        return entries.stream().anyMatch(entry -> (reference.title().isEmpty()
                || text(entry.title()).equals(text(reference.title())))
                && (!reference.link().startsWith("http") || reference.link().equals(entry.link()))
                && (reference.date() == null || entry.publishedAt() != null
                && entry.publishedAt().truncatedTo(ChronoUnit.SECONDS).equals(reference.date())));
    }

    /** Both readers' titles compared as text: feedparser keeps a title's HTML, Dispatch keeps its text. */
    private static String text(String title) {
        return Jsoup.parse(title).text().replace('\u00a0', ' ').strip();
    }

    private static String pythonWithFeedparser() throws InterruptedException {
        for (String python : List.of("/usr/bin/python3", "python3")) {
            try {
                Process check = new ProcessBuilder(python, "-c", "import feedparser").redirectErrorStream(true)
                        .start();
                check.getInputStream().readAllBytes();
                if (check.waitFor(30, TimeUnit.SECONDS) && check.exitValue() == 0) {
                    return python;
                }
            } catch (IOException e) {
                // Not this one.
            }
        }
        return null;
    }

    private static List<String> run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("feedparser ran").isZero();
        return out.lines().toList();
    }
}
