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

    @ParameterizedTest
    @ValueSource(strings = {
            "#\u092D\u093E\u0930\u0924", // Hindi भारत: the vowel sign aa is a spacing mark
            "\u09AC\u09BE\u0982\u09B2\u09BE", // Bengali বাংলা
            "\u0BA4\u0BAE\u0BBF\u0BB4\u0BCD", // Tamil தமிழ்: the virama is a non-spacing mark
            "\u0E02\u0E48\u0E32\u0E27", // Thai ข่าว: the tone mark sits on the consonant
            "\u0639\u064E\u0631\u064E\u0628\u0650\u064A\u0651"}) // Arabic with its harakat
    void acceptsWordsWrittenWithCombiningMarks(String written) {
        assertThat(TagKey.of(written).value()).isEqualTo(written.replace("#", ""));
        assertThat(Tag.of(written).label()).isEqualTo(written.replace("#", ""));
    }

    /** Anybody may send one, on a public page or feed's path: refused as too long, not a stack overflow. */
    @ParameterizedTest
    @ValueSource(ints = {51, 2_500, 100_000})
    void aTagOfThousandsOfCharactersIsRefusedAsTooLong(int length) {
        String written = "a-".repeat(length / 2 + 1);
        assertThatThrownBy(() -> TagKey.of(written)).isInstanceOf(InvalidInput.class)
                .hasMessageContaining("a tag is 1 to 50 letters");
        assertThatThrownBy(() -> new TagKey(written)).isInstanceOf(InvalidInput.class);
    }

    @Test
    void aCapitalDottedIIsTheTagOfItsLowerCaseI() {
        Tag istanbul = Tag.of("#\u0130stanbul");

        assertThat(istanbul.key()).isEqualTo(TagKey.of("istanbul")).isEqualTo(TagKey.of("ISTANBUL"))
                .isEqualTo(TagKey.of("I\u0307stanbul"));
        assertThat(istanbul.key().value()).isEqualTo("istanbul");
        assertThat(istanbul.label()).isEqualTo("\u0130stanbul");
    }

    @Test
    void accentsTypedApartFromTheirLettersMakeTheSameKey() {
        assertThat(TagKey.of("Cafe\u0301").value()).isEqualTo("caf\u00e9");
        assertThat(Tag.of("Cafe\u0301").label()).isEqualTo("Caf\u00e9");
        assertThat(TagKey.of("Vie\u0323\u0302t-Nam")).isEqualTo(TagKey.of("Vi\u1EC7t-Nam"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u093E\u0930", "#\u0301cafe", "-\u0301", "1\u0301"})
    void refusesAMarkWithNoLetterToCarryIt(String written) {
        assertThatThrownBy(() -> TagKey.of(written)).isInstanceOf(InvalidInput.class);
    }

    @Test
    void showsARefusedTagAsItWasWritten() {
        assertThatThrownBy(() -> TagKey.of("#\u0130stanbul/Ankara"))
                .isInstanceOf(InvalidInput.class)
                .hasMessageEndingWith("'\u0130stanbul/Ankara'");
    }

    @Test
    void countsFiftyCodePointsWhateverTheirEncoding() {
        String hindi = "\u092D\u093E".repeat(25);
        assertThat(TagKey.of(hindi).value()).isEqualTo(hindi);
        assertThatThrownBy(() -> TagKey.of(hindi + "\u0930")).isInstanceOf(InvalidInput.class);
        String adlam = "\uD83A\uDD22".repeat(50); // a letter beyond the Basic Multilingual Plane, two UTF-16 units
        assertThat(TagKey.of(adlam).value()).isEqualTo(adlam);
        assertThatThrownBy(() -> TagKey.of(adlam + "\uD83A\uDD22")).isInstanceOf(InvalidInput.class);
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
        assertThatThrownBy(() -> new TagKey("cafe\u0301")).isInstanceOf(InvalidInput.class);
        assertThatThrownBy(() -> new TagKey("i\u0307stanbul")).isInstanceOf(InvalidInput.class);
    }
}
