#!/usr/bin/env bash
# Regenerates the run files the real agent writes, one per JDK, for RealRunFilesTest:
#   report/src/test/resources/runs/agent/regenerate.sh   (after mvn -B -DskipTests package)
# JDK17_HOME and JDK25_HOME name the JDKs (defaults: Debian's 17 and Temurin 25).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../../../../.." && pwd)
agent="$root/agent/target/ringzero-agent.jar"
[ -f "$agent" ] || { echo "regenerate.sh: build the agent first (mvn -B -DskipTests package)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for v in 17 25; do
  var="JDK${v}_HOME"
  default=$([ "$v" = 17 ] && echo /usr/lib/jvm/java-17-openjdk-amd64 || echo /usr/lib/jvm/temurin-25-jdk-amd64)
  jdk=${!var:-$default}
  "$jdk/bin/javac" -d "$work/classes$v" "$here/Writes.java"
  # depth=4 and no periodic writes keep the file small; the profile stays on so profile.stacks is real.
  (cd "$work" && "$jdk/bin/java" "-javaagent:$agent=out=$work/jdk$v.json,interval=0,quiet,depth=4,profile=cpu" \
      -cp "$work/classes$v" Writes)
  # The paths of this machine and the temporary directory stay out of the fixture.
  sed -e "s|$work|/tmp/fixture|g" -e "s|$root|/src|g" "$work/jdk$v.json" > "$here/jdk$v.json"
  echo "regenerate.sh: jdk$v.json ($(wc -c < "$here/jdk$v.json") bytes)"
done
