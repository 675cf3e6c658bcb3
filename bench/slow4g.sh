#!/usr/bin/env bash
# Time to a visible shop list on emulated slow 4G (150 ms round trip, 1.6 Mbit/s down,
# 750 kbit/s up, Chrome DevTools' network emulation), from a cold cache, signed out.
# Starts the real server (debug build, as the browser tests use it) on a throwaway
# database with the demo data, once per site folder, and loads /shop `runs` times.
#
#   bench/slow4g.sh [runs] [site-dir ...]     (defaults: 5 target/site)
#
# Needs `make site` (or the folders given), `cargo build -p linli-server` and
# end2end's npm packages (`make deps-e2e`).
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-5}"
shift || true
sites=("$@")
[ ${#sites[@]} -gt 0 ] || sites=(target/site)
bin="${LINLI_SERVER_BIN:-target/debug/linli-server}"

for site in "${sites[@]}"; do
  tmp="$(mktemp -d)"
  LINLI_ADDR=127.0.0.1:0 LINLI_DB="$tmp/linli.db" LINLI_SEED=demo LINLI_SITE="$site" \
    LINLI_LOG=warn NO_COLOR=1 "$bin" >"$tmp/out" 2>"$tmp/err" &
  pid=$!
  url=""
  for _ in $(seq 100); do
    url="$(grep -o 'http://[0-9.]*:[0-9]*' "$tmp/out" | head -1 || true)"
    [ -n "$url" ] && break
    sleep 0.2
  done
  [ -n "$url" ] || { cat "$tmp/err"; kill "$pid"; exit 1; }
  echo "site $site"
  node bench/slow4g.mjs "$url" "$runs" || { kill "$pid"; exit 1; }
  kill "$pid"
  wait "$pid" 2>/dev/null || true
  rm -rf "$tmp"
done
