package news.dispatch.mailer.letter;

import java.util.List;

/**
 * What a digest shows: corrections to stories the reader was sent and tags of theirs no longer published (first), the
 * tags it covers, its stories newest first, and how many more did not fit. A digest may carry corrections or retired
 * tags and no story.
 */
public record DigestLetter(String heading, List<String> tags, List<Story> stories, int more, String moreUrl,
                           Footer footer, List<CorrectionNote> corrections, List<RetiredNote> retired) {
}
