#!/usr/bin/env bash
# A/B: old vs new jar, /tx (an extension transmitting a 1 MiB file by path, final send), both on CPU 1 at once, a wrk each on CPU 0.
. /work/main/bin/lib/toolchain.sh
transport=${1:-io_uring} runs=${2:-3} secs=${3:-15}
ticks=$(getconf CLK_TCK)
for run in $(seq $runs); do
  if [ $((run % 2)) = 1 ]; then ja=OLD.jar jb=NEW.jar; else ja=NEW.jar jb=OLD.jar; fi
  taskset -c 1 $JAVA $ECBD_JVM_FLAGS $ECBD_SERVER_JVM_FLAGS -Xms512m -Xmx512m -jar $ja --config $(dirname "$0")/ecbd.yaml --port 18100 --transport $transport --io-threads 1 --workers 1 --cpus 1 >/tmp/abtx-a.log 2>&1 & A=$!
  taskset -c 1 $JAVA $ECBD_JVM_FLAGS $ECBD_SERVER_JVM_FLAGS -Xms512m -Xmx512m -jar $jb --config $(dirname "$0")/ecbd.yaml --port 18101 --transport $transport --io-threads 1 --workers 1 --cpus 1 >/tmp/abtx-b.log 2>&1 & B=$!
  for p in 18100 18101; do for _ in $(seq 100); do curl -fs -o /dev/null http://127.0.0.1:$p/tx && break; sleep 0.1; done; done
  taskset -c 0 wrk -t1 -c64 -d8s http://127.0.0.1:18100/tx >/dev/null & w1=$!; taskset -c 0 wrk -t1 -c64 -d8s http://127.0.0.1:18101/tx >/dev/null & w2=$!; wait $w1 $w2
  a0=$(awk '{print $14+$15}' /proc/$A/stat); b0=$(awk '{print $14+$15}' /proc/$B/stat)
  taskset -c 0 wrk -t1 -c64 -d${secs}s http://127.0.0.1:18100/tx > /tmp/abtx-a.txt & w1=$!; taskset -c 0 wrk -t1 -c64 -d${secs}s http://127.0.0.1:18101/tx > /tmp/abtx-b.txt & w2=$!; wait $w1 $w2
  a1=$(awk '{print $14+$15}' /proc/$A/stat); b1=$(awk '{print $14+$15}' /proc/$B/stat)
  kill $A $B; wait $A $B 2>/dev/null
  ra=$(awk '/requests in/ {print $1}' /tmp/abtx-a.txt); rb=$(awk '/requests in/ {print $1}' /tmp/abtx-b.txt)
  na=$(basename $ja .jar); nb=$(basename $jb .jar)
  awk -v ra=$ra -v rb=$rb -v ca=$((a1-a0)) -v cb=$((b1-b0)) -v t=$ticks -v s=$secs -v run=$run -v tr=$transport -v na=$na -v nb=$nb 'BEGIN{a=ca/t*1e6/ra; b=cb/t*1e6/rb; printf "run %d %s: %s %.0f req/s %.1f us/req | %s %.0f req/s %.1f us/req\n", run, tr, na, ra/s, a, nb, rb/s, b}'
done
