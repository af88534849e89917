#!/usr/bin/env bash
# The sample's browser test: starts the sample jar on a free port, clicks through its page
# in headless Chromium (Debian's chromium package, driven by playwright-core; no browser is
# downloaded), then stops the sample.
#
#   samples/trymellon-sample/browser-test/run.sh
#
# Builds the jar first when it is missing (or with REBUILD=1). Needs java, node >= 20, npm
# and chromium (apt-get install chromium). SCREENSHOTS=<dir> keeps a screenshot of the end.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
jar="$root/samples/trymellon-sample/target/trymellon-sample.jar"

chromium_bin="${CHROMIUM:-$(command -v chromium || true)}"
if [ -z "$chromium_bin" ]; then
	echo "chromium is not installed: apt-get install chromium" >&2
	exit 1
fi
if [ ! -f "$jar" ] || [ "${REBUILD:-0}" = 1 ]; then
	(cd "$root" && ./mvnw -q -B -pl samples/trymellon-sample -am package -DskipTests)
fi
if [ ! -d "$here/node_modules/playwright-core" ]; then
	(cd "$here" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
fi

port="$(node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")"
log="$(mktemp -t trymellon-sample-XXXXXX.log)"
java -jar "$jar" --server.address=127.0.0.1 --server.port="$port" >"$log" 2>&1 &
pid=$!
stop() {
	kill "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
}
trap stop EXIT

# Ready when its health answers; a sample that exits first fails the run with its log.
deadline=$((SECONDS + ${STARTUP_TIMEOUT:-240}))
until curl -fsS -o /dev/null "http://127.0.0.1:$port/actuator/health" 2>/dev/null; do
	if ! kill -0 "$pid" 2>/dev/null; then
		echo "the sample exited before it was ready:" >&2
		cat "$log" >&2
		exit 1
	fi
	if [ "$SECONDS" -ge "$deadline" ]; then
		echo "the sample was not ready within ${STARTUP_TIMEOUT:-240} s:" >&2
		tail -50 "$log" >&2
		exit 1
	fi
	sleep 0.5
done

cd "$here"
status=0
BASE_URL="http://localhost:$port" CHROMIUM="$chromium_bin" node --test --test-reporter=spec sample.test.mjs || status=$?
if [ "$status" -ne 0 ]; then
	echo "--- sample log (last 80 lines) ---" >&2
	tail -80 "$log" >&2
fi
rm -f "$log"
exit "$status"
