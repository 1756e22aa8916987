package news.dispatch.mailer.roster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import news.dispatch.core.InvalidInput;
import news.dispatch.core.subscriber.EmailAddress;
import news.dispatch.core.subscriber.Frequency;
import news.dispatch.core.subscriber.Preferences;
import news.dispatch.core.subscriber.QuietHours;
import news.dispatch.core.subscriber.Subscriber;
import news.dispatch.core.subscriber.SubscriberStatus;
import news.dispatch.core.tag.Tag;
import news.dispatch.mailer.roster.SubscriberCsv.Row;
import org.apache.commons.csv.CSVPrinter;
import org.junit.jupiter.api.Test;

class SubscriberCsvTest {

    /** A row of a file with only the short header: every other column blank. */
    private static final Map<String, String> NOTHING_MORE = SubscriberCsv.HEADER.subList(3, SubscriberCsv.HEADER.size())
            .stream().collect(Collectors.toMap(column -> column, column -> ""));

    @Test
    void readsRowsWithTheLineEachStartsOn() {
        List<Row> rows = read("email,tags,frequency\nanna@example.com,Aviation;Ukraine,DAILY\n"
                + "bob@example.com,Aviation,\n");

        assertThat(rows).containsExactly(
                new Row(2, "anna@example.com", "Aviation;Ukraine", "DAILY", NOTHING_MORE, null),
                new Row(3, "bob@example.com", "Aviation", "", NOTHING_MORE, null));
    }

    @Test
    void skipsAByteOrderMarkAndTakesCrlfLineEnds() {
        List<Row> rows = read("\uFEFFemail,tags,frequency\r\nanna@example.com,Aviation,WEEKLY\r\n");

        assertThat(rows).containsExactly(new Row(2, "anna@example.com", "Aviation", "WEEKLY", NOTHING_MORE, null));
    }

    @Test
    void quotedFieldsMayHoldCommasQuotesAndLineBreaksAndLinesStillCount() {
        List<Row> rows = read("""
                email,tags,frequency
                "anna@example.com","Aviation, ""Air"";Ukraine",daily
                "bob@example.com","Line
                break",WEEKLY
                carla@example.com,Ukraine,
                """);

        assertThat(rows).extracting(Row::line).containsExactly(2L, 3L, 5L);
        assertThat(rows.get(0).tags()).isEqualTo("Aviation, \"Air\";Ukraine");
        assertThat(rows.get(1).tags()).isEqualTo("Line\nbreak");
    }

    @Test
    void blankLinesAreSkippedButCounted() {
        List<Row> rows = read("email,tags\r\n\r\nanna@example.com,Aviation\r\n\r\n\r\nbob@example.com,Ukraine");

        assertThat(rows).extracting(Row::line).containsExactly(3L, 6L);
    }

    @Test
    void theHeaderMayComeInAnyOrderInAnyCaseWithoutFrequency() {
        assertThat(read(" Tags ,EMAIL\nAviation,anna@example.com\n"))
                .containsExactly(new Row(2, "anna@example.com", "Aviation", "", NOTHING_MORE, null));
    }

    @Test
    void aFileWithoutTheHeaderIsRefusedAsAWhole() {
        assertThatThrownBy(() -> read("")).isInstanceOf(InvalidInput.class).hasMessageContaining("empty")
                .extracting(e -> ((InvalidInput) e).field()).isEqualTo("header");
        assertThatThrownBy(() -> read("anna@example.com,Aviation,DAILY\n")).isInstanceOf(InvalidInput.class)
                .hasMessageContaining("email,tags,frequency");
        assertThatThrownBy(() -> read("email,tags,frequency,name\n")).isInstanceOf(InvalidInput.class);
        assertThatThrownBy(() -> read("email,email,tags\n")).isInstanceOf(InvalidInput.class);
        assertThatThrownBy(() -> read("email,frequency\n")).isInstanceOf(InvalidInput.class);
    }

    @Test
    void aRowWithMoreFieldsThanTheHeaderIsReportedNotRead() {
        List<Row> rows = read("email,tags,frequency\nanna@example.com,Aviation,Ukraine,DAILY\n"
                + "bob@example.com" + ",x".repeat(20_000) + "\ncarla@example.com,Ukraine,DAILY\n");

        assertThat(rows.get(0).problem()).contains("4 fields", "separated by ;");
        assertThat(rows.get(1).problem()).contains("20001 fields");
        assertThat(rows.get(2).readable()).isTrue();
        assertThat(rows).extracting(Row::line).containsExactly(2L, 3L, 4L);
    }

    @Test
    void aQuoteLeftOpenStopsTheReadingWhereItHappened() {
        List<Row> rows = read("email,tags\nanna@example.com,Aviation\n\"bob@example.com\"x,Ukraine\n"
                + "carla@example.com,Ukraine\n");

        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).readable()).isTrue();
        assertThat(rows.get(1).line()).isEqualTo(3);
        assertThat(rows.get(1).problem()).contains("quoted field", "rest of the file");
    }

    @Test
    void cellsThatLookLikeFormulasAreDefusedAndComeBackIntact() {
        assertThat(SubscriberCsv.defused("=HYPERLINK(\"x\")")).isEqualTo("'=HYPERLINK(\"x\")");
        assertThat(SubscriberCsv.defused("+1")).isEqualTo("'+1");
        assertThat(SubscriberCsv.defused("-x@example.com")).isEqualTo("'-x@example.com");
        assertThat(SubscriberCsv.defused("@SUM(A1)")).isEqualTo("'@SUM(A1)");
        assertThat(SubscriberCsv.defused("anna@example.com")).isEqualTo("anna@example.com");
        assertThat(SubscriberCsv.defused("")).isEmpty();
        assertThat(SubscriberCsv.undefused("'=1+2")).isEqualTo("=1+2");
        assertThat(SubscriberCsv.undefused("'anna")).isEqualTo("'anna");
        assertThat(SubscriberCsv.defused("'=a@example.com")).as("quotes before a formula's start are kept apart")
                .isEqualTo("''=a@example.com");
        assertThat(SubscriberCsv.undefused("''=a@example.com")).isEqualTo("'=a@example.com");
        assertThat(SubscriberCsv.defused("'anna")).isEqualTo("'anna");
    }

    @Test
    void writesTheHeaderAndOneCrlfLinePerReader() throws IOException {
        Subscriber reader = new Subscriber(1, EmailAddress.of("=cmd@example.com"), SubscriberStatus.ACTIVE,
                new Preferences(List.of(Tag.of("#USMigration"), Tag.of("Ukraine")), Frequency.WEEKLY,
                        ZoneId.of("UTC"), 7, true).withTagFrequencies(Map.of(Tag.of("Ukraine").key(),
                        Frequency.IMMEDIATE)).withQuietHours(new QuietHours(22, 7)), Instant.EPOCH, Instant.EPOCH, 0);
        StringWriter out = new StringWriter();
        CSVPrinter printer = SubscriberCsv.printer(out);
        SubscriberCsv.print(printer, reader);
        printer.flush();

        assertThat(out.toString()).isEqualTo("email,tags,frequency,status,timezone,sendHour,alerts,language,createdAt,"
                + "confirmedAt,tagFrequencies,pausedUntil,quietFrom,quietUntil\r\n'=cmd@example.com,USMigration;Ukraine,"
                + "WEEKLY,ACTIVE,UTC,7,true,en,1970-01-01T00:00:00Z,1970-01-01T00:00:00Z,ukraine:IMMEDIATE,,22,7\r\n");
        assertThat(read(out.toString())).containsExactly(new Row(2, "=cmd@example.com", "USMigration;Ukraine",
                "WEEKLY", Map.ofEntries(Map.entry("status", "ACTIVE"), Map.entry("timezone", "UTC"),
                Map.entry("sendhour", "7"), Map.entry("alerts", "true"), Map.entry("language", "en"),
                Map.entry("createdat", "1970-01-01T00:00:00Z"), Map.entry("confirmedat", "1970-01-01T00:00:00Z"),
                Map.entry("tagfrequencies", "ukraine:IMMEDIATE"), Map.entry("pauseduntil", ""),
                Map.entry("quietfrom", "22"), Map.entry("quietuntil", "7")), null));
        assertThat(SubscriberCsv.rhythms("ukraine:IMMEDIATE; aviation : weekly"))
                .containsExactly(Map.entry("ukraine", "IMMEDIATE"), Map.entry("aviation", "weekly"));
    }

    private static List<Row> read(String csv) {
        return SubscriberCsv.read(new StringReader(csv));
    }
}
