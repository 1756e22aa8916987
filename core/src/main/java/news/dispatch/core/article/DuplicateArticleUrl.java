package news.dispatch.core.article;

import java.net.URI;

/** An article with this url is already published. */
public class DuplicateArticleUrl extends RuntimeException {

    private final URI url;

    public DuplicateArticleUrl(URI url) {
        super("an article with url " + url + " already exists");
        this.url = url;
    }

    public URI url() {
        return url;
    }
}
