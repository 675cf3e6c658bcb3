#!/usr/bin/env bash
# Points-shop benchmarks on this machine, 127.0.0.1 only, each bounded in time:
#  1. the catalogue list (GET /api/v1/shop/items) with wrk at 64 connections: anonymous,
#     a Chinese search, and signed in with "can afford" (session lookup + balance);
#  2. kiosk checkouts over HTTP at 1, 16 and 64 clients beside raw rusqlite doing the same
#     writes with the same durability (`cargo bench --bench shop_checkout`).
#
#   bench/shop.sh [seconds per run]      (default 10 for wrk, 5 per checkout level)
set -euo pipefail
cd "$(dirname "$0")/.."
secs="${1:-10}"
port="${LINLI_BENCH_PORT:-3917}"
base="http://127.0.0.1:$port"

command -v wrk >/dev/null || { apt-get install -y wrk >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y wrk >/dev/null; }; }

cargo build --release -p linli-server
dir="$(mktemp -d)"
LINLI_DB="$dir/linli.db" LINLI_ADDR="127.0.0.1:$port" LINLI_SEED=demo LINLI_LOG=error \
  target/release/linli-server >"$dir/server.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -rf "$dir"' EXIT
for _ in $(seq 100); do
  curl -fsS "$base/api/v1/health" >/dev/null 2>&1 && break
  kill -0 "$server" 2>/dev/null || { cat "$dir/server.log"; exit 1; }
  sleep 0.1
done

cookie="$(curl -fsS -D - -o /dev/null -H 'content-type: application/json' \
  -d '{"phone":"13800000006","password":"linli2026"}' "$base/api/v1/auth/login" |
  sed -n 's/^[Ss]et-[Cc]ookie: \([^;]*\).*/\1/p' | head -1)"

run() {
  echo "== $1"
  shift
  wrk -t2 -c64 -d"${secs}s" --latency "$@" | grep -E 'Requests/sec|Latency|50%|90%|99%|Non-2xx|Socket errors'
}
run "catalogue, anonymous, newest first" "$base/api/v1/shop/items"
run "catalogue, anonymous, search 洗衣 by price" "$base/api/v1/shop/items?q=%E6%B4%97%E8%A1%A3&sort=price_asc"
run "catalogue, signed in, can afford" -H "Cookie: $cookie" "$base/api/v1/shop/items?affordable=true"

kill "$server"; wait "$server" 2>/dev/null || true
echo "== checkout (cargo bench --bench shop_checkout)"
SECS="$(( secs / 2 > 0 ? secs / 2 : 1 ))" cargo bench -p linli-server --bench shop_checkout
