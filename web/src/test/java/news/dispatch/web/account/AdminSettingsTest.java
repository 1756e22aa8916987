package news.dispatch.web.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class AdminSettingsTest {

    @Test
    void aPasswordOfOnlyBlanksOrControlCharactersStopsTheStart() {
        for (String blank : new String[] {"   ", "\t\r\n", "\u0000\u0001\u007f", "\u00a0\u200b\u3000"}) {
            assertThatThrownBy(() -> bind(Map.of("dispatch.admin.password", blank)))
                    .isInstanceOf(BindException.class)
                    .rootCause().hasMessageContaining("dispatch.admin.password is only blanks or control characters");
        }
    }

    @Test
    void aPasswordOverSeventyTwoBytesStopsTheStartInAFewWordsNotAStackTraceAfterIt() {
        assertThatThrownBy(() -> bind(Map.of("dispatch.admin.password", "correct horse ".repeat(6))))
                .isInstanceOf(BindException.class)
                .rootCause().hasMessageContaining("dispatch.admin.password is over 72 bytes");
    }

    @Test
    void aNameNoPageCouldManageStopsTheStart() {
        for (String name : new String[] {"..", ".", " ... ", "news desk/ops", "desk;ops"}) {
            assertThatThrownBy(() -> bind(Map.of("dispatch.admin.username", name)))
                    .isInstanceOf(BindException.class)
                    .rootCause().hasMessageContaining("dispatch.admin.username '" + name + "' is no name the Users "
                            + "page can manage");
        }
        assertThat(bind(Map.of("dispatch.admin.username", "news desk")).username())
                .as("a name earlier versions took still starts").isEqualTo("news desk");
    }

    @Test
    void aPasswordTheUsersPageWouldRefuseIsTakenAndSaidToBeWeak() {
        assertThat(bind(Map.of("dispatch.admin.password", "abc")).weakness())
                .isEqualTo("a password has at least 12 characters");
        assertThat(bind(Map.of("dispatch.admin.password", "admin-admin-2026")).weakness())
                .isEqualTo("a password needs more than the account's name and a few characters");
        assertThat(bind(Map.of("dispatch.admin.password", "a real password")).weakness()).isNull();
    }

    @Test
    void anEmptyPasswordIsNoneAndARealOneIsKept() {
        assertThat(bind(Map.of("dispatch.admin.password", "")).hasPassword()).isFalse();
        assertThat(bind(Map.of()).hasPassword()).isFalse();
        AdminSettings chosen = bind(Map.of("dispatch.admin.username", "chief",
                "dispatch.admin.password", " a real password "));
        assertThat(chosen.hasPassword()).isTrue();
        assertThat(chosen.password()).isEqualTo(" a real password ");
    }

    private static AdminSettings bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("dispatch.admin", AdminSettings.class);
    }
}
