package news.dispatch.mailer.roster;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import news.dispatch.core.InvalidInput;
import news.dispatch.core.subscriber.Preferences;
import news.dispatch.core.subscriber.Subscriber;
import news.dispatch.core.tag.Tag;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

/**
 * The subscriber file as RFC 4180 CSV: written with every column that restores a reader ({@link #FULL_HEADER}), read
 * with any of them in any order as long as {@code email} and {@code tags} are there (the short form
 * {@code email,tags,frequency} too) (Commons CSV does the quoting): read into rows
 * that know the line they start on, and written from readers with formula-looking cells defused.
 */
final class SubscriberCsv {

    static final String EMAIL = "email";
    static final String TAGS = "tags";
    static final String FREQUENCY = "frequency";
    static final String STATUS = "status";
    static final String TIMEZONE = "timezone";
    static final String SEND_HOUR = "sendHour";
    static final String ALERTS = "alerts";
    static final String LANGUAGE = "language";
    static final String CREATED_AT = "createdAt";
    static final String CONFIRMED_AT = "confirmedAt";
    static final String TAG_FREQUENCIES = "tagFrequencies";
    static final String PAUSED_UNTIL = "pausedUntil";
    static final String QUIET_FROM = "quietFrom";
    static final String QUIET_UNTIL = "quietUntil";
    /**
     * What an export writes: the contract's columns, then the readers' second-edition choices, which a restore needs
     * too. Dates are ISO-8601 instants; {@code language} is a code ({@code en}, {@code de} …); {@code tagFrequencies}
     * is {@code key:FREQUENCY} a tag with a rhythm of its own, separated by {@code ;}; {@code pausedUntil} a local date;
     * the quiet hours whole hours; each blank when the reader has none.
     */
    static final List<String> FULL_HEADER = List.of(EMAIL, TAGS, FREQUENCY, STATUS, TIMEZONE, SEND_HOUR, ALERTS,
            LANGUAGE, CREATED_AT, CONFIRMED_AT, TAG_FREQUENCIES, PAUSED_UNTIL, QUIET_FROM, QUIET_UNTIL);
    static final String RHYTHM_SEPARATOR = ":";
    /** The columns a file may have, in lower case as they are matched. */
    static final List<String> HEADER = FULL_HEADER.stream().map(name -> name.toLowerCase(Locale.ROOT)).toList();
    static final String TAG_SEPARATOR = ";";

    /** Blank lines are kept as records so that counting records' lines stays exact; rows skip them. */
    private static final CSVFormat READ = CSVFormat.RFC4180.builder().setIgnoreEmptyLines(false).get();
    private static final CSVFormat WRITE = CSVFormat.RFC4180.builder().setHeader(FULL_HEADER.toArray(String[]::new))
            .get();
    private static final String HEADER_RULE = "the first line must be the header email,tags,frequency";

    private SubscriberCsv() {
    }

    /**
     * One row of the file: its fields (missing ones blank), or why it cannot be read.
     *
     * @param line    where it starts, from 1 (the header)
     * @param problem why the row cannot be taken, or {@code null}
     * @param more    the other columns' values, by their lower-case names (blank when empty)
     */
    record Row(long line, String email, String tags, String frequency, Map<String, String> more, String problem) {

        boolean readable() {
            return problem == null;
        }

        /** A column beyond the first three, blank when the file has no such column. */
        String get(String column) {
            return more.getOrDefault(column.toLowerCase(Locale.ROOT), "");
        }
    }

    /**
     * Reads the whole file. A row with more fields than the header is reported, not read; a quote left open or
     * text after a closing quote stops the reading there, reported on the line it happened.
     *
     * @throws InvalidInput naming {@code header} when the file is empty or its first line is not the header
     */
    static List<Row> read(Reader csv) {
        try (CSVParser parser = CSVParser.parse(withoutByteOrderMark(csv), READ)) {
            Iterator<CSVRecord> records = parser.iterator();
            Map<String, Integer> columns = header(records);
            List<Row> rows = new ArrayList<>();
            long endOfPrevious = parser.getCurrentLineNumber();
            while (true) {
                long line = endOfPrevious + 1;
                CSVRecord record;
                try {
                    if (!records.hasNext()) {
                        return rows;
                    }
                    record = records.next();
                } catch (UncheckedIOException unreadable) {
                    rows.add(new Row(line, null, null, null, Map.of(), "a quoted field is not closed, or text "
                            + "follows its closing quote; this line and the rest of the file were not read"));
                    return rows;
                }
                endOfPrevious = parser.getCurrentLineNumber();
                if (record.size() == 1 && record.get(0).isBlank()) {
                    continue;
                }
                rows.add(row(line, record, columns));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the header, then one line per reader. */
    static CSVPrinter printer(Appendable out) throws IOException {
        return new CSVPrinter(out, WRITE);
    }

    static void print(CSVPrinter printer, Subscriber reader) throws IOException {
        Preferences preferences = reader.preferences();
        printer.printRecord(defused(reader.email().value()),
                defused(preferences.tags().stream().map(Tag::label).collect(Collectors.joining(TAG_SEPARATOR))),
                preferences.frequency().name(), reader.status().name(), defused(preferences.timezone().getId()),
                preferences.sendHour(), preferences.alerts(), preferences.language().code(), instant(reader.createdAt()),
                instant(reader.confirmedAt()), defused(rhythms(preferences)),
                preferences.pausedUntil() == null ? "" : preferences.pausedUntil().toString(),
                preferences.quietHours() == null ? "" : preferences.quietHours().from(),
                preferences.quietHours() == null ? "" : preferences.quietHours().until());
    }

    /** The tags with a rhythm of their own as {@code key:FREQUENCY;…}, in the order the reader follows them. */
    private static String rhythms(Preferences preferences) {
        return preferences.tagKeys().stream().filter(preferences.tagFrequencies()::containsKey)
                .map(key -> key.value() + RHYTHM_SEPARATOR + preferences.tagFrequencies().get(key).name())
                .collect(Collectors.joining(TAG_SEPARATOR));
    }

    /** A {@code tagFrequencies} cell read back, for {@link Preferences#rhythms}: tag as written, then its rhythm. */
    static Map<String, String> rhythms(String cell) {
        Map<String, String> rhythms = new LinkedHashMap<>();
        for (String pair : cell.split(TAG_SEPARATOR)) {
            if (pair.isBlank()) {
                continue;
            }
            int colon = pair.lastIndexOf(RHYTHM_SEPARATOR);
            if (colon < 0) {
                throw new InvalidInput(TAG_FREQUENCIES, "tagFrequencies must be tag:FREQUENCY pairs separated by ; "
                        + "(aviation:WEEKLY;ukraine:IMMEDIATE)");
            }
            rhythms.put(pair.substring(0, colon).strip(), pair.substring(colon + 1).strip());
        }
        return rhythms;
    }

    private static String instant(Instant instant) {
        return instant == null ? "" : instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /**
     * A cell a spreadsheet would run as a formula (OWASP's CSV injection advice) gets a leading {@code '}, which
     * spreadsheets hide and {@link #undefused} takes off; so does one that already begins with quotes before such a
     * character, so that {@code '=a@example.com} and {@code =a@example.com}, two readers, stay two (QA, 7 December:
     * both were written {@code '=a@example.com}, and an import back merged them).
     */
    static String defused(String cell) {
        return formulaLike(cell) ? "'" + cell : cell;
    }

    static String undefused(String cell) {
        return cell.length() > 1 && cell.charAt(0) == '\'' && formulaLike(cell.substring(1)) ? cell.substring(1) : cell;
    }

    /** Whether the cell, past any quotes it begins with, begins as a formula does. */
    private static boolean formulaLike(String cell) {
        int at = 0;
        while (at < cell.length() && cell.charAt(at) == '\'') {
            at++;
        }
        return at < cell.length() && "=+-@\t\r".indexOf(cell.charAt(at)) >= 0;
    }

    private static Map<String, Integer> header(Iterator<CSVRecord> records) {
        CSVRecord first;
        try {
            if (!records.hasNext()) {
                throw new InvalidInput("header", "the file is empty: " + HEADER_RULE);
            }
            first = records.next();
        } catch (UncheckedIOException unreadable) {
            throw new InvalidInput("header", HEADER_RULE);
        }
        Map<String, Integer> columns = new HashMap<>();
        for (int i = 0; i < first.size(); i++) {
            String name = first.get(i).strip().toLowerCase(Locale.ROOT);
            if (!HEADER.contains(name) || columns.putIfAbsent(name, i) != null) {
                throw new InvalidInput("header", HEADER_RULE + " (in any order; frequency may be left out), not "
                        + shorten(String.join(",", first.toList())));
            }
        }
        if (!columns.containsKey(EMAIL) || !columns.containsKey(TAGS)) {
            throw new InvalidInput("header", HEADER_RULE + " (in any order; frequency may be left out), not "
                    + shorten(String.join(",", first.toList())));
        }
        return columns;
    }

    private static Row row(long line, CSVRecord record, Map<String, Integer> columns) {
        if (record.size() > columns.size()) {
            return new Row(line, null, null, null, Map.of(), "the row has " + record.size()
                    + " fields; the header has " + columns.size()
                    + " (put several tags in one field, separated by ;)");
        }
        Map<String, String> more = new HashMap<>();
        for (String column : HEADER.subList(3, HEADER.size())) {
            more.put(column, field(record, columns, column));
        }
        return new Row(line, field(record, columns, EMAIL), field(record, columns, TAGS),
                field(record, columns, FREQUENCY), more, null);
    }

    private static String field(CSVRecord record, Map<String, Integer> columns, String name) {
        Integer column = columns.get(name);
        return column == null || column >= record.size() ? "" : undefused(record.get(column).strip());
    }

    private static Reader withoutByteOrderMark(Reader csv) throws IOException {
        BufferedReader reader = new BufferedReader(csv);
        reader.mark(1);
        if (reader.read() != '\uFEFF') {
            reader.reset();
        }
        return reader;
    }

    private static String shorten(String text) {
        return "'" + (text.length() > 60 ? text.substring(0, 57) + "..." : text) + "'";
    }
}
