package news.dispatch.mailer.letter;

import gg.jte.Content;
import gg.jte.TemplateOutput;

/**
 * Whole lines of an email that every reader of a story in one language gets alike (its headline, its summary and
 * tags), written once for all of them, HTML already escaped. A template writes a passage at the start of a line, and
 * the passage ends with a line break, so that the lines can be encoded once too: a transport keeps its encoding of
 * them beside them ({@link #encoded}). Writing a story's lines for each reader, then encoding them quoted-printable,
 * was a fifth of a signing delivery worker's CPU (async-profiler, the pipeline benchmark, 5 December 2026).
 */
public final class Passage implements Content {

    private final String text;
    private volatile Object encoded;

    public Passage(String text) {
        if (!text.endsWith("\n")) {
            throw new IllegalArgumentException("a passage is whole lines, ending with a line break: " + text);
        }
        this.text = text;
    }

    public String text() {
        return text;
    }

    @Override
    public void writeTo(TemplateOutput output) {
        output.writeContent(text);
    }

    /** What a transport made of the lines for the wire and kept here; {@code null} until one does. */
    public Object encoded() {
        return encoded;
    }

    /** Keeps the transport's encoding of the lines, for the next reader; it must depend on the text alone. */
    public void encoded(Object form) {
        this.encoded = form;
    }
}
