package news.dispatch.core.article;

import java.net.URI;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import news.dispatch.core.paging.Page;
import news.dispatch.core.paging.PageRequest;
import news.dispatch.core.tag.Tag;
import news.dispatch.core.tag.TagKey;

/** The stories Dispatch knows, newest first. */
public interface Articles {

    /**
     * Stores the article and its tags (tags keep the form they were first written in).
     *
     * @throws DuplicateArticleUrl when an article with the same url exists
     */
    Article publish(NewArticle article);

    /**
     * Stores a story a feed gave. Unlike {@link #publish}, its url may be another story's: it owns the url when no
     * article does yet, else it shares the page (a station's daily shows may all link to one).
     */
    Article publishFromFeed(NewArticle article);

    /** Adds tags to a story after its own (up to {@link NewArticle#MAX_TAGS}); the tags it has now. */
    List<Tag> addTags(long id, List<Tag> tags);

    Optional<Article> find(long id);

    /**
     * Announces ({@link ArticlePublished}) the stories whose embargo has ended since the last call, each once across
     * nodes: a story stored with a time ahead is announced then, not when stored. Answers how many.
     */
    int announceReleased();

    /**
     * The articles with these ids that exist, by id, as emails show them: without their bodies. Kept between calls
     * until a stored article changes how an email shows it, on any node: the stories of a run are read once, not for
     * every batch of its digests.
     */
    Map<Long, Article> headlines(Collection<Long> ids);

    /**
     * Gives a story the title its feed now gives it; false when the story has that title already (another feed that
     * carries it gave it first), so that one change of title is one correction.
     */
    boolean retitle(long id, String title);

    /**
     * Gives a story the summary its feed now gives it (null: none), without a correction: a summary says more or less,
     * not something else. False when the story has that summary already.
     */
    boolean resummarise(long id, String summary);

    /**
     * Gives a story the link its feed now gives it, without a correction: the page moved, not the story. False when the
     * story has that link already.
     *
     * @throws DuplicateArticleUrl when another story has it: each keeps its own
     */
    boolean relink(long id, URI url);

    /**
     * Changes a published article: title, summary, body (sanitised, as {@link NewArticle} does), author, url and
     * tags (new ones are registered); its publication time stays when {@code changed.publishedAt()} is {@code null}.
     *
     * @return the article as stored now; empty when there is no article with this id
     * @throws DuplicateArticleUrl when another article has the url
     */
    Optional<Article> update(long id, NewArticle changed);

    /** Newest first; only articles carrying {@code tag} when it is given. */
    Page<Article> list(Optional<TagKey> tag, PageRequest request);

    /**
     * Newest first; only articles whose title contains {@code titleContains} (ignoring case) and that carry
     * {@code tag}, for each that is given.
     */
    Page<Article> search(Optional<String> titleContains, Optional<TagKey> tag, PageRequest request);

    /**
     * The stories readers may see: published at or before {@code asOf} (a later publication time is an embargo),
     * newest first, only those carrying {@code tag} when it is given.
     */
    Page<Article> published(Optional<TagKey> tag, Instant asOf, PageRequest request);

    long count();

    /** How many articles were published at or after the instant. */
    long countPublishedSince(Instant since);
}
