#!/usr/bin/env bash
# Crash test, long version: SIGKILLs the real server again and again during concurrent
# donations with retries, then checks that no acknowledged transfer was lost or doubled,
# the ledger invariants hold and PRAGMA integrity_check is ok. `make test` runs the same
# test with small numbers.
#
#   bench/crash.sh [kills] [spends] [workers]      (defaults: 60 3000 16)
set -euo pipefail
cd "$(dirname "$0")/.."
report="$(mktemp)"
LINLI_CRASH_KILLS="${1:-60}" \
LINLI_CRASH_SPENDS="${2:-3000}" \
LINLI_CRASH_WORKERS="${3:-16}" \
LINLI_CRASH_REPORT="$report" \
  cargo test -p linli-server --test api ledger_crash -- --nocapture --test-threads=1
cat "$report"
rm -f "$report"
