package io.ringzero.report.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Escaping for everything that came from a run file: a workload chooses its file names, arguments and class
 * names, so each of them may be hostile markup.
 */
public final class Escape {

    private Escape() {
    }

    /** HTML text and double- or single-quoted attribute values. */
    public static String html(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                // harmless in HTML text, but kept out so no raw line separator survives anywhere in the page
                case '\u2028' -> sb.append("&#x2028;");
                case '\u2029' -> sb.append("&#x2029;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    /**
     * Markdown text (also valid inside a table cell): markup characters are backslash-escaped and the HTML
     * metacharacters become entities, because Markdown renderers pass raw HTML through.
     */
    public static String markdown(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '\n', '\r', '\u2028', '\u2029' -> sb.append(' ');
                // With [ and ] escaped no link can form, so ( ) ! need no escape; # only matters at a line start,
                // which our text never is, but costs nothing.
                case '\\', '`', '*', '_', '{', '}', '[', ']', '#', '|', '~' ->
                        sb.append('\\').append(c);
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    /**
     * JSON for a {@code <script>} element: besides JSON's own escapes, {@code < > & '} and U+2028/2029 become
     * {@code \}u escapes, so no string can close the element ({@code </script}) or open a comment.
     */
    public static String scriptJson(JsonNode node) {
        try {
            return SCRIPT_MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise chart data", e);
        }
    }

    private static final ObjectMapper SCRIPT_MAPPER = new ObjectMapper();

    static {
        SCRIPT_MAPPER.getFactory().setCharacterEscapes(new ScriptEscapes());
    }

    private static final class ScriptEscapes extends CharacterEscapes {
        private final int[] table;

        ScriptEscapes() {
            table = standardAsciiEscapesForJSON();
            for (char c : new char[] {'<', '>', '&', '\'', '/'}) {
                table[c] = ESCAPE_STANDARD;
            }
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return table;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            if (ch == 0x2028 || ch == 0x2029) {
                return new com.fasterxml.jackson.core.io.SerializedString(String.format("\\u%04x", ch));
            }
            return null;
        }
    }
}
