#!/usr/bin/env bash
# One-command demo of nacos-app: two Dubbo providers and a consumer discover each other through Nacos.
#   ./demo.sh                          starts an embedded Nacos-compatible server (nothing to install)
#   NACOS_ADDR=host:8848 ./demo.sh     uses that Nacos server instead
# See samples/README.md for what each step shows.
set -euo pipefail
cd "$(dirname "$0")"

# Formatting is checked by the normal build; the demo only needs the jars.
build=(./mvnw -B -ntp -DskipTests -Dspotless.check.skip=true install -pl samples/demo -am)
log=$(mktemp)
echo "Building the demo: ${build[*]}"
echo "  (the first run downloads Maven and the dependencies: a minute or two; full output in $log)"
set +e
"${build[@]}" 2>&1 | tee "$log" | grep --line-buffered -E '^\[INFO\] (Building |BUILD )' | sed -u 's/^\[INFO\] /  /'
status=${PIPESTATUS[0]}
set -e
if [ "$status" -ne 0 ]; then
  echo "The build failed; its last lines:"
  tail -40 "$log"
  exit "$status"
fi

demo=samples/demo/target
exec java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC \
  -Ddemo.logs.dir="$demo/demo-logs" \
  -cp "$demo/classes:$(cat "$demo/demo.classpath")" \
  dev.nacosapp.samples.demo.DemoMain "$@"
