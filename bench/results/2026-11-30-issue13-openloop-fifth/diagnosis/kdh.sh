#!/usr/bin/env bash
kdwin(){ sleep 16; read a b c < /proc/77/schedstat; sleep 10; read a2 b2 c2 < /proc/77/schedstat; echo "kdamond $(( (a2-a)/1000/(c2-c) )) us/slice, $((c2-c)) slices"; }
cd /tmp/ol
for i in 1 2; do
 for h in 512m 64m 32m; do
 kdwin > /tmp/ol/kd.tmp & HEAP=$h ./exp.sh kdh$h$i 26000 0 -XX:+UseTransparentHugePages 2>&1 | grep -o "p99_us=[0-9.]* p999_us=[0-9.]*" | sed "s/^/$h$i /"; wait; cat /tmp/ol/kd.tmp
 done
done
