#!/usr/bin/env bash
# A district at scale on this machine, 127.0.0.1 only: generates a district of each size
# in SIZES ledger postings (default 10 thousand and 10 million; tens of thousands of
# members, a tenth as many hour records and orders), then times the balance, the history
# page, the catalogue, the statistics page and the open books on the release server, and
# samples its memory while it streams an export of every hour record
# (`cargo bench --bench district`; see server/benches/district.rs).
#
#   bench/district.sh [sizes] [members]      e.g. bench/district.sh 10000,1000000 30000
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES="${1:-10000,10000000}" MEMBERS="${2:-30000}" cargo bench -p linli-server --bench district
