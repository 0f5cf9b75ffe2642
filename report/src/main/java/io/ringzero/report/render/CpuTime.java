package io.ringzero.report.render;

import io.ringzero.report.runfile.Run;

/**
 * A process's CPU time as the KML article's Table 2 shows it: user, system and their sum, for the whole
 * process life up to the run file's last write (/proc/self/stat utime and stime). Null parts stay NaN.
 */
public record CpuTime(double userS, double systemS) {

    public static CpuTime of(Run r) {
        if (r.cpu() == null || r.cpu().now() == null) {
            return new CpuTime(Double.NaN, Double.NaN);
        }
        Run.Figures now = r.cpu().now();
        return new CpuTime(now.userS() == null ? Double.NaN : now.userS(),
                now.systemS() == null ? Double.NaN : now.systemS());
    }

    public double totalS() {
        return userS + systemS;
    }

    public double systemShare() {
        return totalS() > 0 ? systemS / totalS() : Double.NaN;
    }
}
