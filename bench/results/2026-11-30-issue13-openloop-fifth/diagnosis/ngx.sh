#!/usr/bin/env bash
set -euo pipefail
root=/work/main
. $root/bin/lib/toolchain.sh
label=$1 rate=$2
taskset -c 1 /usr/sbin/nginx -c /tmp/ol/nginx/nginx.conf >/dev/null 2>&1 &
spid=$!
trap 'kill $spid 2>/dev/null; wait $spid 2>/dev/null || true' EXIT
for _ in $(seq 100); do curl -fs -o /dev/null http://127.0.0.1:18091/plaintext && break; sleep 0.1; done
taskset -c 0 wrk -t1 -c64 -d12s http://127.0.0.1:18091/plaintext >/dev/null
( sleep 5; awk '/voluntary_ctxt_switches/ {print $2}' /proc/$spid/status | tr '\n' ' ' > /tmp/ol/ctxt-a-$label.txt; sleep 5; awk '/voluntary_ctxt_switches/ {print $2}' /proc/$spid/status | tr '\n' ' ' > /tmp/ol/ctxt-b-$label.txt ) &
b=$(awk '{print $14+$15}' /proc/$spid/stat)
taskset -c 0 "$JAVA" -XX:+UseParallelGC -Xms256m -Xmx256m -cp $root/jmh/target/benchmarks.jar dev.ecbd.jmh.OpenLoopClient \
   --url http://127.0.0.1:18091/plaintext --rate $rate --connections 64 --warmup 2 --duration 10 --hgrm /tmp/ol/$label.hgrm
a=$(awk '{print $14+$15}' /proc/$spid/stat)
echo "$label cpu_ticks=$((a-b))"
