#!/usr/bin/env bash
# One-command demo of nacos-app: two Dubbo providers and a consumer discover each other through Nacos.
#   ./demo.sh                          starts an embedded Nacos-compatible server (nothing to install)
#   NACOS_ADDR=host:8848 ./demo.sh     uses that Nacos server instead
# See samples/README.md for what each step shows.
set -euo pipefail
cd "$(dirname "$0")"

echo "Building the demo (./mvnw -q install -pl samples/demo -am) ..."
# Formatting is checked by the normal build; the demo only needs the jars.
./mvnw -q -B -DskipTests -Dspotless.check.skip=true install -pl samples/demo -am

demo=samples/demo/target
exec java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC \
  -Ddemo.logs.dir="$demo/demo-logs" \
  -cp "$demo/classes:$(cat "$demo/demo.classpath")" \
  dev.nacosapp.samples.demo.DemoMain "$@"
