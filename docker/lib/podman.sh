# Sourced by docker/build and docker/smoke: podman set up as ../shared/notes/containers.md measured
# it on these machines. A private containers.conf (runc, because crun refuses hosts with hybrid
# cgroups; ulimits no higher than this shell's hard limits) and storage.conf, under
# $ECBD_PODMAN_HOME (default /var/tmp/ecbd-podman), so nothing of the host's podman setup changes.

ecbd_podman_die() {
    printf 'ecbd: %s\n' "$*" >&2
    exit 1
}

command -v podman >/dev/null || ecbd_podman_die "podman is not installed (Debian: apt-get install podman runc)"
command -v runc >/dev/null || ecbd_podman_die "runc is not installed (Debian: apt-get install runc); podman's default crun fails on hosts with hybrid cgroups"

ECBD_PODMAN_HOME=${ECBD_PODMAN_HOME:-/var/tmp/ecbd-podman}
mkdir -p "$ECBD_PODMAN_HOME/storage" "$ECBD_PODMAN_HOME/run"
nofile=$(ulimit -Hn)
[ "$nofile" = unlimited ] && nofile=1048576
nproc=$(cat /proc/sys/kernel/pid_max)
cat > "$ECBD_PODMAN_HOME/containers.conf" <<CONF
[containers]
default_ulimits = ["nofile=$nofile:$nofile", "nproc=$nproc:$nproc"]
[engine]
runtime = "runc"
CONF
cat > "$ECBD_PODMAN_HOME/storage.conf" <<CONF
[storage]
driver = "overlay"
graphroot = "$ECBD_PODMAN_HOME/storage"
runroot = "$ECBD_PODMAN_HOME/run"
CONF
export CONTAINERS_CONF="$ECBD_PODMAN_HOME/containers.conf"
export CONTAINERS_STORAGE_CONF="$ECBD_PODMAN_HOME/storage.conf"
