# Sourced by bin/ecbd and bin/test: finds a JDK 25 or newer and Maven, or stops saying what is missing.
# Sets JAVA_HOME, JAVA and MVN, ECBD_JVM_FLAGS (the flags every ecbd JVM needs on JDK 25, read from
# the root pom.xml, where they are kept once), ECBD_SERVER_JVM_FLAGS (how bin/ecbd and the
# benchmarks run a server JVM; README's "JVM flags") and MAVEN_OPTS.

ecbd_die() {
    printf 'ecbd: %s\n' "$*" >&2
    exit 1
}

ecbd_java_major() {
    # Prints the major version of the java at $1, or nothing.
    "$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}' | cut -d. -f1
}

ecbd_find_jdk() {
    local candidate major
    for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-* /usr/lib/jvm/*25* /usr/lib/jvm/* /opt/java/openjdk; do
        [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] && [ -x "$candidate/bin/javac" ] || continue
        major=$(ecbd_java_major "$candidate/bin/java")
        if [ -n "$major" ] && [ "$major" -ge 25 ] 2>/dev/null; then
            printf '%s\n' "$candidate"
            return 0
        fi
    done
    return 1
}

JAVA_HOME=$(ecbd_find_jdk) || ecbd_die "no JDK 25 or newer found (looked at \$JAVA_HOME and /usr/lib/jvm/*); install one (for example Temurin 25) or point JAVA_HOME at it"
export JAVA_HOME
JAVA="$JAVA_HOME/bin/java"
MVN=$(command -v mvn) || ecbd_die "Maven (mvn) is not on the PATH; install it (Debian: apt-get install maven)"

ecbd_pom_property() {
    # Prints property $1 of the root pom.xml, with the ${...} properties it names filled in.
    local value name
    value=$(sed -n "s:.*<$1>\(.*\)</$1>.*:\1:p" "$ECBD_ROOT/pom.xml")
    while [[ $value =~ \$\{([a-z.]+)\} ]]; do
        name=${BASH_REMATCH[1]}
        value=${value//"\${$name}"/$(ecbd_pom_property "$name")}
    done
    printf '%s\n' "$value"
}

ECBD_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
ECBD_JVM_FLAGS=$(ecbd_pom_property ecbd.jvm.flags)
[ -n "$ECBD_JVM_FLAGS" ] || ecbd_die "cannot read ecbd.jvm.flags from $ECBD_ROOT/pom.xml"
# A server JVM's heap: collected in parallel, touched up front, and in transparent huge pages where
# the kernel offers them (where it does not, the JVM would only warn and use small pages).
ECBD_SERVER_JVM_FLAGS="-XX:+UseParallelGC -XX:+AlwaysPreTouch"
if [ -r /sys/kernel/mm/transparent_hugepage/enabled ] && ! grep -q '\[never\]' /sys/kernel/mm/transparent_hugepage/enabled; then
    ECBD_SERVER_JVM_FLAGS="$ECBD_SERVER_JVM_FLAGS -XX:+UseTransparentHugePages"
fi
# Maven itself on JDK 25: its libraries still call sun.misc.Unsafe, which warns without this.
# jansi.noreset: Maven 3.8's console library writes colour resets at exit even in batch mode,
# which left "[0m[0m" debris in front of ecbd's first log line.
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow -Djansi.noreset=true"
