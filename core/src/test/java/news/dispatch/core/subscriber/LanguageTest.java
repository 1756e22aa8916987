package news.dispatch.core.subscriber;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import news.dispatch.core.InvalidInput;
import org.junit.jupiter.api.Test;

class LanguageTest {

    @Test
    void readsACodeInAnyCaseAndRefusesOthersInWords() {
        assertThat(Language.of(" DE ")).isEqualTo(Language.DE);
        assertThat(Language.FR.code()).isEqualTo("fr");
        assertThatThrownBy(() -> Language.of("de-CH")).isInstanceOf(InvalidInput.class)
                .hasMessage("language must be en, de or fr")
                .satisfies(e -> assertThat(((InvalidInput) e).field()).isEqualTo("language"));
        assertThatThrownBy(() -> Language.of(null)).isInstanceOf(InvalidInput.class);
    }
}
