package news.dispatch.web.reader;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneId;
import java.util.List;

import news.dispatch.core.subscriber.Frequency;
import news.dispatch.core.subscriber.Preferences;
import news.dispatch.core.tag.Tag;
import org.junit.jupiter.api.Test;

class ReaderFormTest {

    private static ReaderForm form(List<String> ticked, String typed, String frequency, String hour, String zone) {
        return new ReaderForm("reader@example.com", ticked, typed, frequency, hour, zone, "on", "", null);
    }

    @Test
    void readsTickedAndTypedTagsTogether() {
        Preferences preferences = form(List.of("Ukraine"), "#Aviation #Airbus, Global  Migration; ukraine",
                "weekly", "18", "Europe/Kyiv").checkPreferences().value();

        assertThat(preferences.tags()).extracting(Tag::label)
                .containsExactly("Ukraine", "Aviation", "Airbus", "Global-Migration");
        assertThat(preferences.frequency()).isEqualTo(Frequency.WEEKLY);
        assertThat(preferences.sendHour()).isEqualTo(18);
        assertThat(preferences.timezone()).isEqualTo(ZoneId.of("Europe/Kyiv"));
        assertThat(preferences.alerts()).isTrue();
    }

    @Test
    void leftOutChoicesTakeTheDefaults() {
        Preferences preferences = form(List.of("Aviation"), null, null, null, null).checkPreferences().value();

        assertThat(preferences.frequency()).isEqualTo(Frequency.DAILY);
        assertThat(preferences.sendHour()).isEqualTo(7);
        assertThat(preferences.timezone()).isEqualTo(ZoneId.of("UTC"));
    }

    @Test
    void reportsEveryFieldAtFaultAtOnce() {
        ReaderForm.Checked<Preferences> checked = form(List.of(), "", "hourly", "noon", "Mars/Olympus")
                .checkPreferences();

        assertThat(checked.value()).isNull();
        assertThat(checked.errors()).containsOnlyKeys("tags", "frequency", "sendHour", "timezone");
        assertThat(checked.errors().get("tags")).isEqualTo("Please pick at least one tag, or type one.");
    }

    @Test
    void checksTheAddress() {
        assertThat(new ReaderForm("not an address", List.of(), null, null, null, null, null, null, null).checkEmail()
                .errors()).containsOnlyKeys("email");
        assertThat(form(List.of(), null, null, null, null).checkEmail().value().value())
                .isEqualTo("reader@example.com");
    }

    @Test
    void showsTheReadersCurrentChoicesBack() {
        ReaderForm shown = ReaderForm.of(new Preferences(List.of(Tag.of("#Aviation")), Frequency.IMMEDIATE,
                ZoneId.of("Asia/Kolkata"), 21, false));

        assertThat(shown.ticked("aviation")).isTrue();
        assertThat(shown.often(Frequency.IMMEDIATE)).isTrue();
        assertThat(shown.at(21)).isTrue();
        assertThat(shown.in("Asia/Kolkata")).isTrue();
        assertThat(shown.alertsOn()).isFalse();
    }
}
