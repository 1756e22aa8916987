package news.dispatch.core.article;

/**
 * A story was published, through the API, the editor's page or a feed. Announced inside the transaction that stores
 * it, so whatever a listener writes commits or rolls back with the story; a story under embargo, inside the one that
 * marks it announced once its time has come ({@link Articles#announceReleased()}).
 */
public record ArticlePublished(Article article) {
}
