#!/usr/bin/env bash
# The one-key alarm on this machine, 127.0.0.1 only, bounded in count and time: the
# release server in its own process with N open notification streams (a dispatcher and
# patrol volunteers on duty over 10 grids), then 20 presses one after another; reports
# p50/p99 from the press to the alarm on every stream it reaches
# (`cargo bench --bench alarm`).
#
#   bench/alarm.sh [connections]      (default 1000)
set -euo pipefail
cd "$(dirname "$0")/.."
# Each stream is a socket at both ends (bench and server), plus the server's own files.
ulimit -n "$(( $(ulimit -Hn) < 65536 ? $(ulimit -Hn) : 65536 ))"
CONNS="${1:-1000}" cargo bench -p linli-server --bench alarm
