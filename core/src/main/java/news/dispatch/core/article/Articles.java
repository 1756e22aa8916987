package news.dispatch.core.article;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import news.dispatch.core.paging.Page;
import news.dispatch.core.paging.PageRequest;
import news.dispatch.core.tag.TagKey;

/** The stories Dispatch knows, newest first. */
public interface Articles {

    /**
     * Stores the article and its tags (tags keep the form they were first written in).
     *
     * @throws DuplicateArticleUrl when an article with the same url exists
     */
    Article publish(NewArticle article);

    Optional<Article> find(long id);

    /** The articles with these ids that exist, newest first. */
    List<Article> findAll(Collection<Long> ids);

    /** Newest first; only articles carrying {@code tag} when it is given. */
    Page<Article> list(Optional<TagKey> tag, PageRequest request);

    long count();

    /** How many articles were published at or after the instant. */
    long countPublishedSince(Instant since);
}
