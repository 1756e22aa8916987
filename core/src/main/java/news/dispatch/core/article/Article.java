package news.dispatch.core.article;

import java.net.URI;
import java.time.Instant;
import java.util.List;

import news.dispatch.core.tag.Tag;

/**
 * A published story. {@code summary}, {@code body}, {@code author} and {@code url} may be {@code null}; an
 * article without a url of its own is linked to at its page in Dispatch.
 */
public record Article(long id, String title, String summary, String body, String author, URI url,
                      Instant publishedAt, List<Tag> tags) {

    public Article {
        tags = List.copyOf(tags);
    }

    /** Where emails point: the article's own url, else its page under {@code baseUrl}. */
    public URI link(URI baseUrl) {
        if (url != null) {
            return url;
        }
        String base = baseUrl.toString();
        return URI.create((base.endsWith("/") ? base : base + "/") + "articles/" + id);
    }
}
