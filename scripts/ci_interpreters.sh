#!/usr/bin/env bash
# Install the package and run the fast test suite (the README's `python -m pytest -q`) on PyPy 3 and on the oldest and
# newest CPython the SDK supports, each in its own virtualenv. Prints how long each took.
#
#   bash scripts/ci_interpreters.sh                  # pypy3, cpython3.9, cpython3.13
#   bash scripts/ci_interpreters.sh pypy3            # just one of them
#
# Interpreters come from the machine: PyPy from Debian's pypy3 packages (installed when missing), CPython from
# the PATH or pyenv's versions. One that cannot be found is reported as SKIPPED; the exit status is non-zero when a
# suite failed (or with STRICT_INTERPRETERS=1, when one was skipped).
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
WORK=${CI_INTERPRETERS_DIR:-${TMPDIR:-/tmp}/aliyun-log-interpreters}
OLDEST=3.9
NEWEST=3.13
mkdir -p "$WORK"

find_cpython() {  # $1 = major.minor: print a working interpreter of that version (pyenv shims may not run)
    local version=$1 candidate pyenv_root
    pyenv_root=$(pyenv root 2>/dev/null || echo "$HOME/.pyenv")
    for candidate in $(ls -d "$pyenv_root"/versions/"$version".* 2>/dev/null | sort -rV | sed 's|$|/bin/python|') \
                     "$(command -v "python$version")"; do
        if [ -n "$candidate" ] && "$candidate" -c "import sys; assert '%d.%d' % sys.version_info[:2] == '$version'" \
                >/dev/null 2>&1; then
            echo "$candidate"
            return 0
        fi
    done
    return 1
}

pypy_ready() {  # pypy3 with its C headers (lz4 has no PyPy wheel and is built from source)
    pypy3 -c "import os, sysconfig; assert os.path.exists(sysconfig.get_paths()['include'] + '/Python.h')" \
        >/dev/null 2>&1
}

find_pypy() {
    if ! pypy_ready && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        { apt-get update -qq && apt-get install -y -qq pypy3 pypy3-venv pypy3-dev; } >"$WORK/apt-pypy3.log" 2>&1 \
            || echo "apt-get install pypy3 failed (see $WORK/apt-pypy3.log)" >&2
    fi
    pypy_ready && command -v pypy3
}

interpreter_for() {
    case "$1" in
        pypy3) find_pypy ;;
        cpython$OLDEST) find_cpython "$OLDEST" ;;
        cpython$NEWEST) find_cpython "$NEWEST" ;;
        *) echo "unknown interpreter name $1 (pypy3, cpython$OLDEST, cpython$NEWEST)" >&2; return 2 ;;
    esac
}

run_suite() {  # $1 = name, $2 = interpreter
    local name=$1 python=$2 env="$WORK/$1"
    echo "== $name: $("$python" -c 'import sys; print(sys.version.replace(chr(10), " "))')"
    rm -rf "$env"
    "$python" -m venv "$env" || return 1
    "$env/bin/python" -m pip install -q --disable-pip-version-check --upgrade pip || return 1
    # built from source by this interpreter (the compiled codec is built for it); the notebook stack has no PyPy
    # wheels, so PyPy gets the test-core extra and the Jupyter tests skip there, saying why
    local extra=test
    [ "$name" = pypy3 ] && extra=test-core
    "$env/bin/python" -m pip install -q --disable-pip-version-check "$ROOT[$extra]" setuptools || return 1
    # the suite imports the source tree: give it this interpreter's build of the compiled codec too
    (cd "$ROOT" && "$env/bin/python" setup.py -q build_ext --inplace >"$env/build_ext.log" 2>&1) \
        || { cat "$env/build_ext.log" >&2; return 1; }
    # the installed package (not the source tree) imports, legacy module paths included
    (cd "$env" && "$env/bin/python" -c "import aliyun.log.logitem, aliyun.log as log; print('installed:', log.__file__)") || return 1
    "$env/bin/python" -m pytest -q -p no:cacheprovider
}

names=("$@")
[ ${#names[@]} -eq 0 ] && names=(pypy3 "cpython$OLDEST" "cpython$NEWEST")
status=0
summary=()
for name in "${names[@]}"; do
    if ! python=$(interpreter_for "$name"); then
        summary+=("$name: SKIPPED (interpreter not found)")
        [ "${STRICT_INTERPRETERS:-0}" = 1 ] && status=1
        continue
    fi
    started=$(date +%s)
    if run_suite "$name" "$python"; then result=passed; else result=FAILED; status=1; fi
    summary+=("$name: $result in $(( $(date +%s) - started ))s")
done
echo "== interpreters"
printf '%s\n' "${summary[@]}"
exit $status
