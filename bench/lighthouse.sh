#!/usr/bin/env bash
# Lighthouse 12 (mobile: Moto G class CPU, simulated slow 4G) against a running Linli
# server, for `/` and `/shop`, signed out; prints performance, LCP, TBT and CLS.
# Drives Debian's chromium (CHROME_PATH, default /usr/bin/chromium); downloads no browser.
#
#   make run &                     # or any running server
#   bench/lighthouse.sh [base URL] [runs]   (default http://127.0.0.1:3000, 1 run; with
#                                            more runs each figure is the median)
set -euo pipefail
cd "$(dirname "$0")/lighthouse"
base="${1:-http://127.0.0.1:3000}"
runs="${2:-1}"
export CHROME_PATH="${CHROME_PATH:-/usr/bin/chromium}"
[ -x "$CHROME_PATH" ] || { echo "no chromium at $CHROME_PATH (apt-get install chromium)" >&2; exit 1; }
curl -fsS "$base/api/v1/health" >/dev/null || { echo "no Linli server at $base (start one: make run)" >&2; exit 1; }
[ -x node_modules/.bin/lighthouse ] || PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund >/dev/null

out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
printf '%-8s %5s %12s %9s %8s %9s\n' path perf "LCP ms" "TBT ms" CLS "FCP ms"
for path in / /shop; do
  for i in $(seq "$runs"); do
    node_modules/.bin/lighthouse "$base$path" --quiet --only-categories=performance \
      --form-factor=mobile --throttling-method=simulate \
      --chrome-flags="--headless=new --no-sandbox --disable-gpu" \
      --output=json --output-path="$out/run-$i.json" >/dev/null
  done
  node -e '
    const fs = require("fs");
    const [dir, runs, path] = process.argv.slice(1);
    const reports = [...Array(Number(runs)).keys()].map((i) => JSON.parse(fs.readFileSync(`${dir}/run-${i + 1}.json`)));
    const median = (f) => { const v = reports.map(f).sort((a, b) => a - b); return v[Math.floor(v.length / 2)]; };
    const a = (r, id) => r.audits[id].numericValue;
    console.log([
      path.padEnd(8),
      String(Math.round(median((r) => r.categories.performance.score * 100))).padStart(5),
      String(Math.round(median((r) => a(r, "largest-contentful-paint")))).padStart(12),
      String(Math.round(median((r) => a(r, "total-blocking-time")))).padStart(9),
      median((r) => a(r, "cumulative-layout-shift")).toFixed(3).padStart(8),
      String(Math.round(median((r) => a(r, "first-contentful-paint")))).padStart(9),
    ].join(" "));
  ' "$out" "$runs" "$path"
done
