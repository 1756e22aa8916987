package news.dispatch.mailer.alert;

/** An alert was asked for an article that does not exist. */
public class ArticleNotFound extends RuntimeException {

    private final long articleId;

    public ArticleNotFound(long articleId) {
        super("There is no article " + articleId + ".");
        this.articleId = articleId;
    }

    public long articleId() {
        return articleId;
    }
}
