#!/usr/bin/env bash
# Builds the benchmarks through the reactor and runs the suite:
#   benchmarks/run.sh quick    # about 5 minutes on 2 cores, this build included
#   benchmarks/run.sh full     # release numbers, about 20 minutes
#   benchmarks/run.sh endtoend [quick|full]   # only the end-to-end measurement over HTTP (wrk)
# Writes benchmarks/target/results.json (JMH JSON), memory.json, endtoend.json, run.json and
# summary.md.
# MAVEN_ARGS (for example -o) is passed to the build; further arguments go to the suite
# (an optional JMH include pattern, to run part of it).
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-quick}"
shift || true
./mvnw -q -B ${MAVEN_ARGS:-} -pl benchmarks -am package -DskipTests -Dmaven.javadoc.skip=true -Dmaven.source.skip=true
exec java -jar benchmarks/target/benchmarks.jar "$mode" "$@"
