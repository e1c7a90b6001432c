#!/usr/bin/env bash
# Build the compiled codec with AddressSanitizer into a temporary directory and run tests/speedups against it
# (the differential tests feed it random, mutated and crafted LogGroupLists).
#   bash scripts/asan_check.sh               # the tests (about a minute)
#   bash scripts/asan_check.sh --fuzz 10     # then fuzz the decoder for 10 minutes under ASan
# Needs gcc (or clang with CC=clang) and its libasan. Exit status: that of pytest / the fuzzer.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PYTHON="${PYTHON:-python}"
CC="${CC:-gcc}"
WORK="$(mktemp -d -t aliyun-log-asan-XXXXXX)"
trap 'rm -rf "$WORK"' EXIT

LIBASAN="$("$CC" -print-file-name=libasan.so)"
if [ ! -e "$LIBASAN" ]; then
    echo "asan_check: $CC has no libasan.so ($LIBASAN)" >&2
    exit 2
fi

cd "$ROOT"
CC="$CC" CFLAGS="-fsanitize=address -fno-omit-frame-pointer -O1 -g" LDFLAGS="-fsanitize=address" \
    "$PYTHON" setup.py -q build_ext --build-lib "$WORK/lib" --build-temp "$WORK/tmp" >"$WORK/build.log" 2>&1
if ! find "$WORK/lib" -name '_codec*' | grep -q .; then
    echo "asan_check: the instrumented codec did not build:" >&2
    cat "$WORK/build.log" >&2
    exit 2
fi

export ALIYUN_LOG_SPEEDUPS_DIR="$WORK/lib"
export PYTHONPATH="$ROOT${PYTHONPATH:+:$PYTHONPATH}"
# CPython itself is not instrumented: its allocations at exit are not leaks of ours.
export ASAN_OPTIONS="detect_leaks=0:abort_on_error=1:${ASAN_OPTIONS:-}"

LD_PRELOAD="$LIBASAN" "$PYTHON" -m pytest -q -p no:cacheprovider tests/speedups
if [ "${1:-}" = "--fuzz" ]; then
    LD_PRELOAD="$LIBASAN" "$PYTHON" -m tests.speedups.fuzz --minutes "${2:-5}"
fi
