package news.dispatch.core.tag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import news.dispatch.core.InvalidInput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TagKeyTest {

    @ParameterizedTest
    @ValueSource(strings = {"#USMigration", "usmigration", " USMigration ", "#  USMIGRATION", "\tUsMigration\n"})
    void writtenFormsOfOneTagShareAKey(String written) {
        assertThat(TagKey.of(written)).isEqualTo(new TagKey("usmigration"));
    }

    @Test
    void innerBlanksBecomeDashes() {
        assertThat(TagKey.of("#Global  Immigration").value()).isEqualTo("global-immigration");
        assertThat(Tag.of("#Global  Immigration").label()).isEqualTo("Global-Immigration");
    }

    @Test
    void keepsTheFormItWasWrittenInForDisplay() {
        Tag tag = Tag.of("#USMigration");
        assertThat(tag.key().value()).isEqualTo("usmigration");
        assertThat(tag.label()).isEqualTo("USMigration");
        assertThat(tag).hasToString("#USMigration");
    }

    @Test
    void acceptsLettersOfAnyAlphabetAndDigits() {
        assertThat(TagKey.of("#Україна2025").value()).isEqualTo("україна2025");
    }

    @Test
    void acceptsFiftyCharactersAndNoMore() {
        assertThat(TagKey.of("a".repeat(50)).value()).hasSize(50);
        assertThatThrownBy(() -> TagKey.of("a".repeat(51)))
                .isInstanceOf(InvalidInput.class)
                .hasMessageContaining("1 to 50");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "#", "##", "a/b", "drop;table", "<script>", "a.b", "tag_name"})
    void rejectsWhatIsNotATag(String written) {
        assertThatThrownBy(() -> TagKey.of(written))
                .isInstanceOf(InvalidInput.class)
                .extracting(e -> ((InvalidInput) e).field()).isEqualTo("tags");
    }

    @Test
    void rejectsAbsentTag() {
        assertThatThrownBy(() -> Tag.of(null)).isInstanceOf(InvalidInput.class);
    }

    @Test
    void aKeyMustAlreadyBeNormalised() {
        assertThatThrownBy(() -> new TagKey("USMigration")).isInstanceOf(InvalidInput.class);
    }
}
