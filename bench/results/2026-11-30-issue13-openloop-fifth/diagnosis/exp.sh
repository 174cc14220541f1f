#!/usr/bin/env bash
# usage: exp.sh label rate perf(0/1) -- extra jvm flags for server
set -euo pipefail
root=/work/main
. $root/bin/lib/toolchain.sh
label=$1 rate=$2 doperf=$3; shift 3
path=${PATH_OVERRIDE:-plaintext-inline}
port=18080
heap=${HEAP:-512m}
taskset -c 1 "$JAVA" $ECBD_JVM_FLAGS -XX:+UseParallelGC -XX:+AlwaysPreTouch -Xms$heap -Xmx$heap "$@" -Decbd.home=$root -jar ${JAR:-$root/dist/target/ecbd.jar} \
   --port $port --transport ${TRANSPORT:-io_uring} --io-threads 1 --workers 1 --cpus 1 ${ECBD_ARGS:-} >/tmp/ol/server-$label.log 2>&1 &
spid=$!
trap 'kill $spid 2>/dev/null; wait $spid 2>/dev/null || true' EXIT
for _ in $(seq 100); do curl -fs -o /dev/null http://127.0.0.1:$port/$path && break; sleep 0.1; done
taskset -c 0 wrk -t1 -c64 -d12s http://127.0.0.1:$port/$path >/dev/null
if [ "$doperf" = 1 ]; then
  ( sleep 4; perf sched record ${PERF_CPUS:--C 1} -o /tmp/ol/sched-$label.data -- sleep 5 >/dev/null 2>&1 ) & perfpid=$!
fi
if [ -n "${SLICE:-}" ]; then
  for t in /proc/$spid/task/*; do
    case "$(cat $t/comm)" in ${SLICE_MATCH:-ecbd-io-*}) /tmp/ol/slice ${t##*/} 0 $SLICE >&2;; esac
  done
fi
if [ -n "${RENICE:-}" ]; then
  for t in /proc/$spid/task/*; do
    case "$(cat $t/comm)" in ${RENICE_MATCH:-C[12]\ CompilerThre*}) renice -n $RENICE -p ${t##*/} >/dev/null; echo "reniced $(cat $t/comm)" >&2;; esac
  done
fi
[ -n "${SHOWNICE:-}" ] && ps -L -o tid,ni,pri,comm -p $spid >&2
if [ -n "${CTXT:-}" ]; then
  ( sleep 5; for t in /proc/$spid/task/*; do echo "$(cat $t/comm) $(awk '/voluntary_ctxt_switches/ {print $2}' $t/status | tr '\n' ' ')"; done > /tmp/ol/ctxt-a-$label.txt; sleep 5; for t in /proc/$spid/task/*; do echo "$(cat $t/comm) $(awk '/voluntary_ctxt_switches/ {print $2}' $t/status | tr '\n' ' ')"; done > /tmp/ol/ctxt-b-$label.txt ) &
fi
if [ -n "${TASKCPU:-}" ]; then
  ( sleep 4; for t in /proc/$spid/task/*; do echo "$(cat $t/comm | tr ' ' _) $(awk '{print $14+$15}' $t/stat)"; done > /tmp/ol/tcpu-a-$label.txt; sleep ${TASKSLEEP:-5}; for t in /proc/$spid/task/*; do echo "$(cat $t/comm | tr ' ' _) $(awk '{print $14+$15}' $t/stat)"; done > /tmp/ol/tcpu-b-$label.txt ) &
fi
if [ -n "${PERF_REC:-}" ]; then
  ( sleep 4; perf record -F 4000 -g -p $spid -o /tmp/ol/rec-$label.data -- sleep 5 >/dev/null 2>&1; perf trace -s -p $spid -o /tmp/ol/trace-$label.txt -- sleep 2 >/dev/null 2>&1 ) & recpid=$!
fi
b=$(awk '{print $14+$15}' /proc/$spid/stat)
taskset -c 0 "$JAVA" -XX:+UseParallelGC -Xms256m -Xmx256m -cp $root/jmh/target/benchmarks.jar dev.ecbd.jmh.OpenLoopClient \
   --url http://127.0.0.1:$port/$path --rate $rate --connections 64 --warmup ${WARMUP:-2} --duration 10 --hgrm /tmp/ol/$label.hgrm
a=$(awk '{print $14+$15}' /proc/$spid/stat)
echo "$label cpu_ticks=$((a-b)) pid=$spid"
[ "$doperf" = 1 ] && wait $perfpid
[ -n "${PERF_REC:-}" ] && wait $recpid
true
