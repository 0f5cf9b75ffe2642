#!/usr/bin/env bash
# What `ringzero attach` costs a running service: a loop of 1-byte writes to /dev/null prints its writes per
# 250 ms; after 6 s it is attached for a 4 s window. Prints, per run, the median writes per 250 ms before,
# while the CLI starts and attaches, during the window and after the CLI has exited, and the time from the
# command to "counting in". Usage: bench/attach-cost.sh [JAVA] [RUNS]  (from the repository's root, jars built)
set -euo pipefail
java=${1:-java}
runs=${2:-3}
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cat > "$tmp/Busy.java" <<'JAVA'
import java.io.FileOutputStream;

public class Busy {
    public static void main(String[] a) throws Exception {
        long end = System.nanoTime() + Long.parseLong(a[0]) * 1_000_000_000L;
        try (FileOutputStream out = new FileOutputStream("/dev/null")) {
            long t = System.nanoTime(), n = 0;
            while (t < end) {
                long slot = t + 250_000_000L;
                while ((t = System.nanoTime()) < slot) { for (int i = 0; i < 100; i++) out.write('x'); n += 100; }
                System.out.println(System.currentTimeMillis() + " " + n);
                n = 0;
            }
        }
    }
}
JAVA
"$(dirname "$(readlink -f "$(command -v "$java")")")/javac" --release 17 -d "$tmp" "$tmp/Busy.java"
for r in $(seq "$runs"); do
  "$java" -cp "$tmp" Busy 24 > "$tmp/busy.txt" & app=$!
  sleep 6
  a=$(date +%s%3N)
  "$root/ringzero" attach "$app" --duration 4s -o "$tmp/window-$r" --no-model > /dev/null 2> "$tmp/attach.err" & cli=$!
  for _ in $(seq 600); do grep -q "counting in" "$tmp/attach.err" && break; sleep 0.05; done
  w=$(date +%s%3N)
  wait "$cli"
  e=$(date +%s%3N)
  wait "$app"
  python3 - "$a" "$w" "$e" "$tmp/busy.txt" "$(jq .agent.install_ms "$tmp/window-$r/run.json")" <<'PY'
import statistics, sys
a, w, e = map(int, sys.argv[1:4])
rows = [tuple(map(int, l.split())) for l in open(sys.argv[4])]
def med(lo, hi):
    v = [n for t, n in rows if lo <= t < hi]
    return statistics.median(v) if v else 0
print("before %d  attaching %d  window %d  after %d  (writes per 250 ms); command to counting %d ms, install %s ms"
      % (med(0, a - 250), med(a, w), med(w + 250, w + 4000), med(e + 500, 10**14), w - a, sys.argv[5]))
PY
done
