package io.ringzero.agent;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The agent's option string: {@code key=value} pairs separated by commas. Any bad key or value is an
 * {@link IllegalArgumentException} whose message is the one line the user sees.
 */
public final class Options {
    static final String ACCEPTED = "out=PATH, interval=SECONDS, depth=N, sites=on|off, sample=N, first=N, latency=N, quiet, profile=cpu|ctimer|itimer|off, profile_interval=DURATION, profile_lib=PATH, stop (attach only)";

    public String out;
    public double interval = 5;
    public int depth = 8;
    public boolean sites = true;
    public int sample = 16384;
    /** 8, not more: a thread pool's every new thread walks its first calls of each kind (32 cost a handoff server 10 %). */
    public int first = 8;
    public int latency = 64;
    public boolean quiet;
    /** The sampling engine asked for: {@code cpu} (perf_events with kernel frames, falling back), {@code ctimer}, {@code itimer}, {@code off}. */
    public String profile = "cpu";
    /** async-profiler's default for cpu mode: about 100 signals a second per busy thread, a cost the counting budget can carry. */
    public long profileIntervalNs = 10_000_000L;
    /** A libasyncProfiler.so to use instead of the one in the agent jar (e.g. a platform the jar does not ship). */
    public String profileLib;
    /** Ends the open attach window instead of opening one. */
    public boolean stop;
    public final Map<String, String> given = new LinkedHashMap<>();

    public static Options parse(String args, long pid) {
        Options o = new Options();
        if (args != null && !args.isBlank()) {
            for (String part : args.split(",")) {
                int eq = part.indexOf('=');
                String key = (eq < 0 ? part : part.substring(0, eq)).trim();
                String value = eq < 0 ? null : part.substring(eq + 1).trim();
                if (o.given.containsKey(key)) {
                    throw new IllegalArgumentException("option '" + key + "' given twice (accepted: " + ACCEPTED + ")");
                }
                o.set(key, value);
                o.given.put(key, value == null ? "" : value);
            }
        }
        if (o.out == null) o.out = "ringzero-" + pid + ".json";
        return o;
    }

    private void set(String key, String value) {
        switch (key) {
            case "out": out = require(key, value); if (out.isEmpty()) throw bad(key, value, "a file path"); break;
            case "interval": interval = seconds(key, value); break;
            case "depth": depth = (int) whole(key, value, 1, 64); break;
            case "sites": sites = onOff(key, value); break;
            case "sample": sample = powerOfTwo(key, value); break;
            case "first": first = (int) whole(key, value, 0, 1_000_000); break;
            case "latency": latency = powerOfTwo(key, value); break;
            case "profile": profile = oneOf(key, value, "cpu", "ctimer", "itimer", "off"); break;
            case "profile_interval": profileIntervalNs = duration(key, value, 100_000L, 1_000_000_000L); break;
            case "profile_lib": profileLib = require(key, value); if (profileLib.isEmpty()) throw bad(key, value, "a file path"); break;
            case "stop": if (value != null) throw bad(key, value, "no value"); stop = true; break;
            case "quiet": if (value != null && !value.isEmpty()) quiet = onOff(key, value); else quiet = true; break;
            default: throw new IllegalArgumentException("unknown option '" + key + "' (accepted: " + ACCEPTED + ")");
        }
    }

    private static String require(String key, String value) {
        if (value == null) throw new IllegalArgumentException("option '" + key + "' needs a value (accepted: " + ACCEPTED + ")");
        return value;
    }

    private static double number(String key, String value, double min, double max) {
        try {
            double d = Double.parseDouble(require(key, value));
            if (d >= min && d <= max) return d;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw bad(key, value, "a number of seconds from " + (long) min + " to " + (long) max);
    }

    /** 0 (only at exit) or from 0.1 s: a smaller interval would round to "only at exit" or rewrite the file non-stop. */
    private static double seconds(String key, String value) {
        double d = number(key, value, 0, 86400);
        if (d != 0 && d < 0.1) throw bad(key, value, "0 (only at exit) or a number of seconds from 0.1 to 86400");
        return d;
    }

    private static long whole(String key, String value, long min, long max) {
        try {
            long v = Long.parseLong(require(key, value));
            if (v >= min && v <= max) return v;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw bad(key, value, "a whole number from " + min + " to " + max);
    }

    private static int powerOfTwo(String key, String value) {
        long v = whole(key, value, 1, 1 << 20);
        if (Long.bitCount(v) != 1) throw bad(key, value, "a power of two from 1 to 1048576");
        return (int) v;
    }

    private static String oneOf(String key, String value, String... accepted) {
        for (String a : accepted) if (a.equals(value)) return a;
        throw bad(key, value, String.join(" or ", accepted));
    }

    /** A duration with a unit ({@code 500us}, {@code 1ms}, {@code 0.5s}) or bare nanoseconds, in nanoseconds. */
    private static long duration(String key, String value, long minNs, long maxNs) {
        String v = require(key, value);
        String[][] units = {{"ns", "1"}, {"us", "1000"}, {"ms", "1000000"}, {"s", "1000000000"}};
        double scale = 1;
        for (String[] u : units) {
            if (v.endsWith(u[0])) { // "s" last, so "ms" is never read as seconds
                scale = Double.parseDouble(u[1]);
                v = v.substring(0, v.length() - u[0].length());
                break;
            }
        }
        try {
            double ns = Double.parseDouble(v) * scale;
            if (ns >= minNs && ns <= maxNs) return Math.round(ns);
        } catch (NumberFormatException e) {
            // reported below
        }
        throw bad(key, value, "a duration from 100us to 1s, e.g. 1ms, 500us, 10ms");
    }

    private static boolean onOff(String key, String value) {
        if ("on".equals(value) || "true".equals(value)) return true;
        if ("off".equals(value) || "false".equals(value)) return false;
        throw bad(key, value, "on or off");
    }

    private static IllegalArgumentException bad(String key, String value, String accepted) {
        return new IllegalArgumentException("bad value '" + value + "' for option '" + key + "' (accepted: " + accepted + ")");
    }
}
