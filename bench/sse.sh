#!/usr/bin/env bash
# Live notifications on this machine, 127.0.0.1 only, bounded in count and time: the
# release server in its own process with N open notification streams (one person each),
# then one order approval per person; reports the server's memory per open stream and
# p50/p99 from the approval call to the notice on the stream (`cargo bench --bench sse`).
#
#   bench/sse.sh [connections]      (default 1000)
set -euo pipefail
cd "$(dirname "$0")/.."
# Each stream is a socket at both ends (bench and server), plus the server's own files.
ulimit -n "$(( $(ulimit -Hn) < 65536 ? $(ulimit -Hn) : 65536 ))"
CONNS="${1:-1000}" cargo bench -p linli-server --bench sse
