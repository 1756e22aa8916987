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
