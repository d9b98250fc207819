#!/usr/bin/env bash
# Find PostgreSQL on 127.0.0.1:5432, or start the local cluster; under CI=true a missing server is an error.
set -euo pipefail
ready() { pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; }
ready && exit 0
if command -v pg_ctlcluster >/dev/null && ls /etc/postgresql >/dev/null 2>&1; then
  version=$(ls /etc/postgresql | sort -V | tail -n 1)
  pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  for _ in $(seq 1 30); do ready && exit 0; sleep 1; done
fi
echo "PostgreSQL is not reachable on 127.0.0.1:5432 and could not be started." >&2
exit 1
