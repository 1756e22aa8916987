package news.dispatch.core.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class IdListTest {

    @Test
    void idsAreWrittenAsNumbersInTheirOrder() {
        assertThat(IdList.of(List.of(3L, 1L, 9_007_199_254_740_993L, -2L))).isEqualTo("3,1,9007199254740993,-2");
    }

    /** {@code in ()} is no SQL; {@code in (null)} is, and matches no row. */
    @Test
    void noIdsMatchNoRow() {
        assertThat(IdList.of(List.of())).isEqualTo("null");
    }
}
