#!/usr/bin/env bash
# The server suite: tests that need software they install themselves (marked `external`): real Elasticsearch 8.12.2
# (from the npm registry) and rsyslog (Debian packages) for tests/servers, throwaway virtualenvs with other protobuf
# versions and the official SDK for tests/compat. Installs and starts what they need, runs them, stops the servers.
#
#   bash scripts/server_tests.sh [pytest options]
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/rsyslog.sh install || echo "rsyslog could not be installed: the syslog test will say why and skip"
trap 'bash scripts/elasticsearch.sh stop || true' EXIT
bash scripts/elasticsearch.sh start || echo "Elasticsearch could not be started: the migration tests will say why"

python -m pytest -q -m external "$@"
