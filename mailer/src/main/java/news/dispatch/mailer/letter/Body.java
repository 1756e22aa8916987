package news.dispatch.mailer.letter;

import gg.jte.TemplateOutput;
import gg.jte.models.runtime.JteModel;
import gg.jte.output.StringOutput;

/**
 * A part of an email: text as given, or the template that writes it. The transport has a template write straight
 * into its own buffer as it encodes the message, so a 50 KB digest is not first made into Strings that are copied
 * again and thrown away: they were half of what sending allocated.
 */
public sealed interface Body {

    /** The whole text; a template writes it anew for each call. */
    String text();

    /** Writes the text into the output. */
    void writeTo(TemplateOutput output);

    /** The text as given; {@code null} for none. */
    static Body of(String text) {
        return text == null ? null : new Written(text);
    }

    /** Text as given. */
    record Written(String text) implements Body {

        @Override
        public void writeTo(TemplateOutput output) {
            output.writeContent(text);
        }
    }

    /** A letter's template, precompiled, with the letter it writes. */
    record Template(JteModel model) implements Body {

        @Override
        public String text() {
            StringOutput output = new StringOutput();
            model.render(output);
            return output.toString();
        }

        @Override
        public void writeTo(TemplateOutput output) {
            model.render(output);
        }
    }
}
