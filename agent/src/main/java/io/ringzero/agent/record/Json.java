package io.ringzero.agent.record;

import java.util.Collection;
import java.util.Map;

/**
 * A minimal JSON writer. The agent writes one small document every few seconds; a JSON library would add
 * start-up time and a dependency to shade for no gain (the report reads the file with Jackson).
 */
final class Json {
    private final StringBuilder sb = new StringBuilder(1 << 14);

    static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': b.append("\\\""); break;
                case '\\': b.append("\\\\"); break;
                case '\n': b.append("\\n"); break;
                case '\r': b.append("\\r"); break;
                case '\t': b.append("\\t"); break;
                default:
                    if (c < 0x20 || c == 0x2028 || c == 0x2029 || Character.isSurrogate(c) && !validSurrogate(s, i)) {
                        b.append("\\u"); // four lower-case hex digits, as %04x would (String.format: Formatter and regex)
                        for (int shift = 12; shift >= 0; shift -= 4) b.append(Character.forDigit((c >> shift) & 0xf, 16));
                    } else {
                        b.append(c);
                    }
            }
        }
        return b.append('"').toString();
    }

    private static boolean validSurrogate(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }

    /** Writes any of: null, Boolean, Number, String, Map (string keys), Collection, long[]. */
    Json value(Object v) {
        if (v == null) sb.append("null");
        else if (v instanceof String) sb.append(quote((String) v));
        else if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            sb.append(Double.isFinite(d) ? String.valueOf(d) : "null");
        } else if (v instanceof Number || v instanceof Boolean) sb.append(v);
        else if (v instanceof Map) {
            sb.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                if (!first) sb.append(',');
                first = false;
                sb.append(quote(String.valueOf(e.getKey()))).append(':');
                value(e.getValue());
            }
            sb.append('}');
        } else if (v instanceof Collection) {
            sb.append('[');
            boolean first = true;
            for (Object o : (Collection<?>) v) {
                if (!first) sb.append(',');
                first = false;
                value(o);
            }
            sb.append(']');
        } else if (v instanceof long[]) {
            sb.append('[');
            long[] a = (long[]) v;
            for (int i = 0; i < a.length; i++) sb.append(i == 0 ? "" : ",").append(a[i]);
            sb.append(']');
        } else {
            sb.append(quote(String.valueOf(v)));
        }
        return this;
    }

    @Override
    public String toString() { return sb.toString(); }
}
