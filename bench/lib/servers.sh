# Sourced by bench/run and bench/openloop: the servers they measure, each started alone on CPU 1
# (taskset), listening on 127.0.0.1:$port, and stopped by PID.
#
# The caller sets: root (the checkout), out (a scratch directory), port, and for the "before" and
# "with" targets before_jar and with_args; toolchain.sh gives JAVA, ECBD_JVM_FLAGS and
# ECBD_SERVER_JVM_FLAGS (every JVM server here runs with the same).
#   ecbd, before, with  ecbd (or another build, or more arguments): one I/O thread, one worker, --docroot $out/site
#   netty               raw Netty (jmh's RawNettyServer): /plaintext, and the files of $out/site opened per request
#   nginx               one nginx process, sendfile and tcp_nopush on: $out/site, and /plaintext from a return
#   jetty               Jetty 12's ResourceHandler over $out/site (jmh's JettyFileServer)
# start_server sets server_pid.

server_pid=

# Writes the benchmark's files (4 KiB and 1 MiB of random bytes) and nginx's configuration.
prepare_site() {
    mkdir -p "$out/site" "$out/nginx"
    head -c 4096 /dev/urandom > "$out/site/4k.bin"
    head -c 1048576 /dev/urandom > "$out/site/1m.bin"
    cat > "$out/nginx/nginx.conf" <<NGINX
daemon off;
master_process off;
worker_processes 1;
error_log $out/nginx/error.log;
pid $out/nginx/nginx.pid;
events { worker_connections 4096; }
http {
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 1000000;
    types { application/octet-stream bin; }
    client_body_temp_path $out/nginx; proxy_temp_path $out/nginx; fastcgi_temp_path $out/nginx; uwsgi_temp_path $out/nginx; scgi_temp_path $out/nginx;
    server {
        listen 127.0.0.1:$port;
        root $out/site;
        location = /plaintext { default_type text/plain; return 200 "Hello, World!"; }
    }
}
NGINX
}

# Installs nginx from Debian when it is missing and this is root; dies when it cannot.
require_nginx() {
    if ! command -v nginx >/dev/null && [ ! -x /usr/sbin/nginx ]; then
        if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
            echo "installing nginx from Debian (nginx-light)..." >&2
            apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light >&2
        fi
        command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || ecbd_die "nginx is not installed and could not be installed (Debian: apt-get install nginx-light)"
    fi
    nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
}

start_server() { # target transport path-to-probe
    case "$1" in
        ecbd|before|with)
            local jar="$root/dist/target/ecbd.jar" extra=
            [ "$1" = before ] && jar=$before_jar
            [ "$1" = with ] && extra=$with_args
            # shellcheck disable=SC2086
            taskset -c 1 "$JAVA" $ECBD_JVM_FLAGS $ECBD_SERVER_JVM_FLAGS -Xms512m -Xmx512m -Decbd.home="$root" -jar "$jar" \
                  --port $port --transport "$2" --io-threads 1 --workers 1 --cpus 1 --docroot "$out/site" $extra >"$out/server.log" 2>&1 & ;;
        nginx) taskset -c 1 "$nginx_bin" -c "$out/nginx/nginx.conf" >"$out/server.log" 2>&1 & ;;
        netty) taskset -c 1 "$JAVA" $ECBD_JVM_FLAGS $ECBD_SERVER_JVM_FLAGS -Xms512m -Xmx512m \
                  -cp "$root/jmh/target/benchmarks.jar" dev.ecbd.jmh.RawNettyServer $port "$2" 1 "$out/site" >"$out/server.log" 2>&1 & ;;
        jetty) taskset -c 1 "$JAVA" $ECBD_JVM_FLAGS $ECBD_SERVER_JVM_FLAGS -Xms512m -Xmx512m \
                  -cp "$root/jmh/target/benchmarks.jar" dev.ecbd.jmh.JettyFileServer $port "$out/site" >"$out/server.log" 2>&1 & ;;
        *) ecbd_die "no such benchmark target: $1" ;;
    esac
    server_pid=$!
    for _ in $(seq 100); do
        curl -fs -o /dev/null "http://127.0.0.1:$port/$3" && return 0
        sleep 0.1
    done
    cat "$out/server.log" >&2
    ecbd_die "$1 did not start"
}

stop_server() { kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=; }

cpu_ticks() { awk '{print $14 + $15}' "/proc/$server_pid/stat"; }

stop_server_on_exit() { trap '[ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null; true' EXIT; }
