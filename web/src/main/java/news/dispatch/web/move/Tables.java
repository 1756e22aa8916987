package news.dispatch.web.move;

import java.sql.Blob;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Dispatch's tables as a database holds them after the migrations, each after the tables it refers to, and the copy
 * of their rows from one database to another. Flyway's history is each database's own, and Quartz's tables hold only
 * the schedules the app makes anew at each start from its settings ({@code spring.quartz.overwrite-existing-jobs}) and
 * its nodes' check-ins: neither is copied.
 */
final class Tables {

    private static final int BATCH = 1_000;

    private Tables() {
    }

    /** A column: its name and JDBC type as the target has them. */
    record Column(String name, int type) {
    }

    /**
     * A table: its columns, its primary key, and the columns that refer to its own rows (a tag merged into another, a
     * story that follows another), which are written once every row is there.
     */
    record Table(String name, List<Column> columns, List<String> key, Set<String> ownReferences) {
    }

    /** The tables to copy, as the connection's database has them, each after those its rows refer to. */
    static List<Table> toCopy(Connection connection) throws SQLException {
        DatabaseMetaData meta = connection.getMetaData();
        String schema = connection.getSchema();
        Map<String, Set<String>> refersTo = new LinkedHashMap<>();
        try (ResultSet tables = meta.getTables(null, schema, "%", new String[] {"TABLE"})) {
            while (tables.next()) {
                String name = tables.getString("TABLE_NAME");
                String lower = name.toLowerCase(Locale.ROOT);
                if (!lower.startsWith("qrtz_") && !lower.equals("flyway_schema_history")) {
                    refersTo.put(name, new LinkedHashSet<>());
                }
            }
        }
        Map<String, Table> tables = new LinkedHashMap<>();
        for (String name : refersTo.keySet()) {
            Set<String> own = new LinkedHashSet<>();
            try (ResultSet keys = meta.getImportedKeys(null, schema, name)) {
                while (keys.next()) {
                    String parent = keys.getString("PKTABLE_NAME");
                    if (parent.equals(name)) {
                        own.add(keys.getString("FKCOLUMN_NAME"));
                    } else {
                        refersTo.get(name).add(parent);
                    }
                }
            }
            tables.put(name, new Table(name, columns(meta, schema, name), primaryKey(meta, schema, name), own));
        }
        return inOrder(tables, refersTo);
    }

    private static List<Column> columns(DatabaseMetaData meta, String schema, String table) throws SQLException {
        List<Column> columns = new ArrayList<>();
        try (ResultSet rows = meta.getColumns(null, schema, table, "%")) {
            while (rows.next()) {
                columns.add(new Column(rows.getString("COLUMN_NAME"), rows.getInt("DATA_TYPE")));
            }
        }
        return columns;
    }

    private static List<String> primaryKey(DatabaseMetaData meta, String schema, String table) throws SQLException {
        Map<Short, String> key = new TreeMap<>();
        try (ResultSet rows = meta.getPrimaryKeys(null, schema, table)) {
            while (rows.next()) {
                key.put(rows.getShort("KEY_SEQ"), rows.getString("COLUMN_NAME"));
            }
        }
        return List.copyOf(key.values());
    }

    /** Each table after the tables it refers to; a cycle between tables would leave some out, and is refused. */
    private static List<Table> inOrder(Map<String, Table> tables, Map<String, Set<String>> refersTo) {
        List<Table> ordered = new ArrayList<>();
        Set<String> placed = new LinkedHashSet<>();
        while (placed.size() < tables.size()) {
            List<String> ready = tables.keySet().stream()
                    .filter(name -> !placed.contains(name) && placed.containsAll(refersTo.get(name))).toList();
            if (ready.isEmpty()) {
                throw new IllegalStateException("tables refer to each other in a circle: "
                        + tables.keySet().stream().filter(name -> !placed.contains(name)).toList());
            }
            ready.forEach(name -> ordered.add(tables.get(name)));
            placed.addAll(ready);
        }
        return ordered;
    }

    /** Empties the tables, last first: the target's migrations put some rows of their own in. */
    static void empty(List<Table> tables, Connection connection) throws SQLException {
        List<Table> lastFirst = new ArrayList<>(tables);
        Collections.reverse(lastFirst);
        try (Statement statement = connection.createStatement()) {
            for (Table table : lastFirst) {
                statement.executeUpdate("delete from " + table.name());
            }
        }
    }

    /**
     * Copies the table's rows, in batches, then the references to its own rows; a column with a sequence behind it
     * then goes on after the highest value copied.
     *
     * @return how many rows were copied
     */
    static long copy(Table table, Connection from, Connection to) throws SQLException {
        List<Column> columns = table.columns();
        String names = columns.stream().map(Column::name).collect(Collectors.joining(", "));
        String select = "select " + names + " from " + table.name()
                + (table.key().isEmpty() ? "" : " order by " + String.join(", ", table.key()));
        String insert = "insert into " + table.name() + " (" + names + ") values ("
                + columns.stream().map(column -> "?").collect(Collectors.joining(", ")) + ")";
        List<Object[]> ownReferences = new ArrayList<>();
        long copied = 0;
        try (Statement read = from.createStatement(); PreparedStatement write = to.prepareStatement(insert)) {
            read.setFetchSize(BATCH);
            try (ResultSet rows = read.executeQuery(select)) {
                int batch = 0;
                while (rows.next()) {
                    Object[] later = table.ownReferences().isEmpty() ? null : new Object[columns.size()];
                    for (int i = 0; i < columns.size(); i++) {
                        Column column = columns.get(i);
                        Object value = plain(rows.getObject(i + 1));
                        if (later != null && (table.key().contains(column.name())
                                || value != null && table.ownReferences().contains(column.name()))) {
                            later[i] = value;
                            value = table.key().contains(column.name()) ? value : null;
                        }
                        if (value == null) {
                            write.setNull(i + 1, column.type());
                        } else {
                            write.setObject(i + 1, value);
                        }
                    }
                    if (later != null) {
                        ownReferences.add(later);
                    }
                    write.addBatch();
                    copied++;
                    if (++batch == BATCH) {
                        write.executeBatch();
                        batch = 0;
                    }
                }
                if (batch > 0) {
                    write.executeBatch();
                }
            }
        }
        referToOwnRows(table, ownReferences, to);
        continueSequences(table, to);
        return copied;
    }

    /** Writes the references of rows to rows of their own table, now that all of them are there. */
    private static void referToOwnRows(Table table, List<Object[]> rows, Connection to) throws SQLException {
        List<Column> columns = table.columns();
        for (String reference : table.ownReferences()) {
            int at = indexOf(columns, reference);
            String update = "update " + table.name() + " set " + reference + " = ? where "
                    + table.key().stream().map(key -> key + " = ?").collect(Collectors.joining(" and "));
            try (PreparedStatement write = to.prepareStatement(update)) {
                int batch = 0;
                for (Object[] row : rows) {
                    if (row[at] == null) {
                        continue;
                    }
                    write.setObject(1, row[at]);
                    for (int k = 0; k < table.key().size(); k++) {
                        write.setObject(k + 2, row[indexOf(columns, table.key().get(k))]);
                    }
                    write.addBatch();
                    if (++batch == BATCH) {
                        write.executeBatch();
                        batch = 0;
                    }
                }
                if (batch > 0) {
                    write.executeBatch();
                }
            }
        }
    }

    /** Sets each sequence behind a column of the table (an identity) to go on after the highest value there. */
    private static void continueSequences(Table table, Connection to) throws SQLException {
        for (Column column : table.columns()) {
            try (PreparedStatement sequence = to.prepareStatement("select pg_get_serial_sequence(?, ?)")) {
                sequence.setString(1, table.name());
                sequence.setString(2, column.name());
                try (ResultSet found = sequence.executeQuery()) {
                    String name = found.next() ? found.getString(1) : null;
                    if (name == null) {
                        continue;
                    }
                    try (PreparedStatement next = to.prepareStatement("select setval(?, (select coalesce(max("
                            + column.name() + "), 0) + 1 from " + table.name() + "), false)")) {
                        next.setString(1, name);
                        next.executeQuery().close();
                    }
                }
            }
        }
    }

    /** How many rows the table holds in the connection's database. */
    static long count(Table table, Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet count = statement.executeQuery("select count(*) from " + table.name())) {
            count.next();
            return count.getLong(1);
        }
    }

    private static int indexOf(List<Column> columns, String name) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no column " + name);
    }

    /** H2 gives its large text and binary values as handles into its file: their content goes over, not the handle. */
    private static Object plain(Object value) throws SQLException {
        if (value instanceof Clob clob) {
            return clob.getSubString(1, Math.toIntExact(clob.length()));
        }
        if (value instanceof Blob blob) {
            return blob.getBytes(1, Math.toIntExact(blob.length()));
        }
        return value;
    }
}
