package news.dispatch.mailer.letter;

import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;

import news.dispatch.core.article.Article;
import news.dispatch.core.subscriber.Words;
import news.dispatch.core.tag.Tag;

/**
 * A story as every email lists it, whoever reads it: its link, its tags' labels, its time as written in each
 * language and zone asked so far, and its passages in each language. A morning's readers share most stories; working
 * these out again for every reader (a URI parsed, a list of labels streamed, a zoned time made and looked up) was a
 * fifth of what the delivery workers allocated and 3% of their CPU in the pipeline benchmark (async-profiler,
 * 5 December 2026), and writing the passages for each reader most of the CPU of writing a digest. Kept for one
 * {@link Article} instance: a story that changes is another instance, and gets a teaser of its own.
 */
final class Teaser {

    /** The most language and zone pairs kept; past them a time is written for each reader again. */
    private static final int MOST_TIMES = 32;
    /** The most languages (each as a digest's story and as an alert's lead) whose passages are kept. */
    private static final int MOST_PASSAGES = 16;

    private final Article article;
    private final String link;
    private final List<String> labels;
    /** Grown by copying, so readers of it need no lock; two threads adding at once may drop one, written again. */
    private volatile Time[] times = new Time[0];
    /** Grown as {@link #times} is. */
    private volatile Written[] written = new Written[0];

    private record Time(Words words, ZoneId zone, String written) {
    }

    private record Written(Words words, boolean lead, Passages passages) {
    }

    Teaser(Article article, String link) {
        this.article = article;
        this.link = link;
        this.labels = article.tags().stream().map(Tag::label).toList();
    }

    /** Whether this is the teaser of that very story, as it is now. */
    boolean of(Article story) {
        return article == story;
    }

    /**
     * The story's link for a reader of the language: its page here says the page's words in that language, as the
     * reader's own pages do; a newsroom's own address is left as it is.
     */
    String link(Words words) {
        return article.url() != null ? link : link + "?lang=" + words.lang();
    }

    List<String> labels() {
        return labels;
    }

    /** The story's time as the language writes it in the zone. */
    String time(Words words, ZoneId zone) {
        Time[] known = times;
        for (Time time : known) {
            if (time.words() == words && time.zone().equals(zone)) {
                return time.written();
            }
        }
        String written = words.time(article.publishedAt().atZone(zone));
        if (known.length < MOST_TIMES) {
            Time[] more = Arrays.copyOf(known, known.length + 1);
            more[known.length] = new Time(words, zone, written);
            times = more;
        }
        return written;
    }

    /** The story's passages in the language, as a digest lists it or as an alert leads with it; null until kept. */
    Passages passages(Words words, boolean lead) {
        for (Written passages : written) {
            if (passages.words() == words && passages.lead() == lead) {
                return passages.passages();
            }
        }
        return null;
    }

    /** Keeps the passages written for the language, while there is room; returns them. */
    Passages keep(Words words, boolean lead, Passages passages) {
        Written[] known = written;
        if (known.length < MOST_PASSAGES) {
            Written[] more = Arrays.copyOf(known, known.length + 1);
            more[known.length] = new Written(words, lead, passages);
            written = more;
        }
        return passages;
    }
}
