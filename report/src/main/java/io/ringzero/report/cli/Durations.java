package io.ringzero.report.cli;

import io.ringzero.report.runfile.BadInputException;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations on the command line: {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}, or bare seconds. */
final class Durations {
    private static final Pattern FORM = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)?");

    private Durations() { }

    static long millis(String option, String text) throws BadInputException {
        Matcher m = FORM.matcher(text.strip());
        if (m.matches()) {
            double n = Double.parseDouble(m.group(1));
            String unit = m.group(2) == null ? "s" : m.group(2);
            double ms = n * switch (unit) {
                case "ms" -> 1;
                case "m" -> 60_000;
                case "h" -> 3_600_000;
                default -> 1000;
            };
            if (ms >= 100 && ms <= 7 * 86_400_000.0) {
                return Math.round(ms);
            }
        }
        throw new BadInputException(option + ": expected a duration from 100ms to 7 days, e.g. 30s, 500ms, 2m; got \"" + text + "\"");
    }

    static String text(long millis) {
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }
}
