#!/usr/bin/env bash
# A private rsyslog for the syslog forwarding tests: installed from the Debian packages when missing, run as the
# current user on a free loopback TCP port, writing what it receives to a file.
#
#   bash scripts/rsyslog.sh install        # apt-get install -y rsyslog when rsyslogd is missing (apt-get update
#                                          # first only if the plain install fails)
#   bash scripts/rsyslog.sh start DIR      # install if needed, start an instance whose files live in DIR;
#                                          # prints "port=<tcp port> pid=<pid> file=<DIR>/messages.log"
#   bash scripts/rsyslog.sh stop DIR       # stop the instance started in DIR
#
# Each received message is written as one line: "<PRI>|<app-name>|<hostname>|<procid>|<msgid>|<msg>", so tests can
# check that the RFC 5424 fields were parsed. Exit status 3 from install/start means rsyslog cannot be installed.
set -euo pipefail

log() { echo "rsyslog.sh: $*" >&2; }

find_rsyslogd() {
    local candidate
    for candidate in "$(command -v rsyslogd 2>/dev/null || true)" /usr/sbin/rsyslogd /sbin/rsyslogd; do
        if [ -n "$candidate" ] && [ -x "$candidate" ]; then
            echo "$candidate"
            return 0
        fi
    done
    return 1
}

as_root() {
    if [ "$(id -u)" = 0 ]; then
        "$@"
    elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
        sudo -n "$@"
    else
        return 1
    fi
}

install_rsyslog() {
    if find_rsyslogd >/dev/null; then
        return 0
    fi
    command -v apt-get >/dev/null || { log "rsyslogd is missing and apt-get is not available"; return 3; }
    log "installing rsyslog from the Debian packages"
    export DEBIAN_FRONTEND=noninteractive
    if ! as_root apt-get install -y -q --no-install-recommends rsyslog >/dev/null 2>&1; then
        log "apt-get install failed; running apt-get update and retrying"
        as_root apt-get update -q >/dev/null 2>&1 || true
        as_root apt-get install -y -q --no-install-recommends rsyslog >/dev/null 2>&1 \
            || { log "cannot install rsyslog (not root, or no package source)"; return 3; }
    fi
    find_rsyslogd >/dev/null || { log "rsyslog installed but rsyslogd not found"; return 3; }
}

free_port() {
    local py
    py=$(command -v python3 || command -v python)
    "$py" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

port_open() {
    local py
    py=$(command -v python3 || command -v python)
    "$py" -c 'import socket, sys
s = socket.socket(); s.settimeout(0.5)
try:
    s.connect(("127.0.0.1", int(sys.argv[1])))
except OSError:
    sys.exit(1)
' "$1"
}

start() {
    local dir=$1
    install_rsyslog || return $?
    local rsyslogd
    rsyslogd=$(find_rsyslogd)
    mkdir -p "$dir/work"
    dir=$(cd "$dir" && pwd)
    local attempt port pid
    for attempt in 1 2 3 4 5; do
        port=$(free_port)
        cat >"$dir/rsyslog.conf" <<EOF
global(workDirectory="$dir/work")
module(load="imtcp")
template(name="fields" type="string"
         string="%pri%|%app-name%|%hostname%|%procid%|%msgid%|%msg%\n")
ruleset(name="capture") {
    action(type="omfile" file="$dir/messages.log" template="fields" flushOnTXEnd="on" asyncWriting="off")
}
input(type="imtcp" address="127.0.0.1" port="$port" ruleset="capture")
EOF
        : >"$dir/messages.log"
        rm -f "$dir/rsyslogd.pid"
        "$rsyslogd" -n -f "$dir/rsyslog.conf" -i "$dir/rsyslogd.pid" >"$dir/rsyslogd.out" 2>&1 &
        pid=$!
        echo "$pid" >"$dir/instance.pid"
        local i
        for i in $(seq 1 50); do
            if port_open "$port"; then
                echo "port=$port pid=$pid file=$dir/messages.log"
                return 0
            fi
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        kill "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
        log "rsyslogd did not listen on port $port (attempt $attempt): $(tail -n 3 "$dir/rsyslogd.out" 2>/dev/null)"
    done
    return 1
}

stop() {
    local dir=$1
    [ -f "$dir/instance.pid" ] || return 0
    local pid
    pid=$(cat "$dir/instance.pid")
    if kill -0 "$pid" 2>/dev/null; then
        kill "$pid" 2>/dev/null || true
        local i
        for i in $(seq 1 50); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        kill -9 "$pid" 2>/dev/null || true
    fi
    rm -f "$dir/instance.pid"
}

case "${1:-}" in
    install) install_rsyslog ;;
    start) [ -n "${2:-}" ] || { log "usage: $0 start DIR"; exit 2; }; start "$2" ;;
    stop) [ -n "${2:-}" ] || { log "usage: $0 stop DIR"; exit 2; }; stop "$2" ;;
    *) log "usage: $0 install | start DIR | stop DIR"; exit 2 ;;
esac
