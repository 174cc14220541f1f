#!/usr/bin/env bash
# kdamond CPU per slice during seconds 16-26 of a run (the measured window), with the run's result
kdwin(){ sleep 16; read a b c < /proc/77/schedstat; sleep 10; read a2 b2 c2 < /proc/77/schedstat; echo "kdamond $(( (a2-a)/1000/(c2-c) )) us/slice, $((c2-c)) slices, wait $(( (b2-b)/1000/(c2-c) )) us/slice"; }
cd /tmp/ol
for i in 1 2; do
 kdwin > /tmp/ol/kd.tmp & HEAP=512m ./exp.sh kdu$i 26000 0 -XX:+UseTransparentHugePages 2>&1 | grep RESULT | sed "s/^/iou$i /"; wait; cat /tmp/ol/kd.tmp
 kdwin > /tmp/ol/kd.tmp & TRANSPORT=epoll HEAP=512m ./exp.sh kde$i 26000 0 -XX:+UseTransparentHugePages 2>&1 | grep RESULT | sed "s/^/epoll$i /"; wait; cat /tmp/ol/kd.tmp
 kdwin > /tmp/ol/kd.tmp & ./ngx.sh kdn$i 26000 2>&1 | grep RESULT | sed "s/^/ngx$i /"; wait; cat /tmp/ol/kd.tmp
done
