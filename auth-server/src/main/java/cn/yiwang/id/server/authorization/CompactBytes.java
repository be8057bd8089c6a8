package cn.yiwang.id.server.authorization;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The primitives of the stored authorization record: variable-length integers, length-prefixed UTF-8 strings, and
 * identifiers written as 16 bytes when they are canonical UUIDs (most client and account ids are).
 */
final class CompactBytes {

    private CompactBytes() {}

    /** Appends values to a growing byte array. */
    static final class Writer {

        private final ByteArrayOutputStream out = new ByteArrayOutputStream(256);

        Writer write(int b) {
            this.out.write(b);
            return this;
        }

        Writer bytes(byte[] bytes) {
            this.out.writeBytes(bytes);
            return this;
        }

        Writer varLong(long value) {
            if (value < 0) {
                throw new IllegalArgumentException("negative " + value);
            }
            long v = value;
            while ((v & ~0x7FL) != 0) {
                this.out.write((int) ((v & 0x7F) | 0x80));
                v >>>= 7;
            }
            this.out.write((int) v);
            return this;
        }

        Writer string(String value) {
            byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            varLong(bytes.length);
            return bytes(bytes);
        }

        Writer strings(Collection<String> values) {
            varLong(values.size());
            values.forEach(this::string);
            return this;
        }

        /** A canonical UUID as 16 bytes (tag 1), anything else as a string (tag 0). */
        Writer identifier(String value) {
            UUID uuid = canonicalUuid(value);
            if (uuid == null) {
                return write(0).string(value);
            }
            return write(1).bytes(ByteBuffer.allocate(16)
                    .putLong(uuid.getMostSignificantBits())
                    .putLong(uuid.getLeastSignificantBits())
                    .array());
        }

        byte[] toByteArray() {
            return this.out.toByteArray();
        }
    }

    /** Reads what a {@link Writer} wrote, in the same order. */
    static final class Reader {

        private final ByteBuffer in;

        Reader(byte[] bytes) {
            this.in = ByteBuffer.wrap(bytes);
        }

        int read() {
            return this.in.get() & 0xFF;
        }

        byte[] bytes(int length) {
            byte[] bytes = new byte[length];
            this.in.get(bytes);
            return bytes;
        }

        long varLong() {
            long value = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                int b = read();
                value |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    return value;
                }
            }
            throw new IllegalStateException("malformed variable-length integer");
        }

        String string() {
            int length = Math.toIntExact(varLong());
            return new String(bytes(length), StandardCharsets.UTF_8);
        }

        Set<String> strings() {
            int count = Math.toIntExact(varLong());
            Set<String> values = new LinkedHashSet<>();
            for (int i = 0; i < count; i++) {
                values.add(string());
            }
            return values;
        }

        List<String> stringList() {
            return new ArrayList<>(strings());
        }

        String identifier() {
            if (read() == 0) {
                return string();
            }
            return new UUID(this.in.getLong(), this.in.getLong()).toString();
        }
    }

    private static UUID canonicalUuid(String value) {
        if (value == null || value.length() != 36) {
            return null;
        }
        try {
            UUID uuid = UUID.fromString(value);
            return uuid.toString().equals(value) ? uuid : null;
        } catch (IllegalArgumentException ex) {
            return null;
        }
    }
}
