package cn.yiwang.id.server.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes exported audit rows as CSV (RFC 4180, every cell quoted, and a cell that a spreadsheet would read as a
 * formula — starting with {@code = + - @}, tab or carriage return — prefixed with {@code '}) or as a JSON array.
 */
public final class AuditExports {

    private static final String[] COLUMNS = {
        "seq", "occurredAt", "action", "actor", "accountId", "clientId", "sessionId", "outcome", "detail", "hash"
    };

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private AuditExports() {}

    /** Takes rows one at a time; {@link #close()} ends the document (not the writer). */
    public interface Sink {

        void accept(AuditEventView row);

        void close();
    }

    /**
     * @param writer where the CSV goes
     * @return a sink writing the header now and one line per row
     */
    public static Sink csv(Writer writer) {
        write(writer, String.join(",", COLUMNS) + "\r\n");
        return new Sink() {
            @Override
            public void accept(AuditEventView row) {
                StringBuilder line = new StringBuilder();
                for (Object value : values(row).values()) {
                    if (!line.isEmpty()) {
                        line.append(',');
                    }
                    line.append(cell(value));
                }
                write(writer, line.append("\r\n").toString());
            }

            @Override
            public void close() {}
        };
    }

    /**
     * @param writer where the JSON goes
     * @return a sink writing a JSON array of row objects
     */
    public static Sink json(Writer writer) {
        write(writer, "[");
        return new Sink() {
            private boolean first = true;

            @Override
            public void accept(AuditEventView row) {
                write(writer, (this.first ? "\n" : ",\n") + JSON.writeValueAsString(values(row)));
                this.first = false;
            }

            @Override
            public void close() {
                write(writer, "\n]\n");
            }
        };
    }

    /**
     * One CSV cell: quoted, quotes doubled, and defused when a spreadsheet would evaluate it.
     * @param value the value ({@code null} is an empty cell)
     * @return the cell
     */
    public static String cell(Object value) {
        if (value == null) {
            return "";
        }
        String text = value.toString();
        if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
            text = "'" + text;
        }
        return '"' + text.replace("\"", "\"\"") + '"';
    }

    private static Map<String, Object> values(AuditEventView row) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("seq", row.seq());
        values.put("occurredAt", row.occurredAt().toString());
        values.put("action", row.action());
        values.put("actor", row.actor());
        values.put("accountId", row.accountId());
        values.put("clientId", row.clientId());
        values.put("sessionId", row.sessionId());
        values.put("outcome", row.outcome());
        values.put("detail", row.detail());
        values.put("hash", row.hash());
        return values;
    }

    private static void write(Writer writer, String text) {
        try {
            writer.write(text);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
