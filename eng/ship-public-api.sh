#!/usr/bin/env bash
# Moves every library's PublicAPI.Unshipped.txt into its PublicAPI.Shipped.txt (run when a version is released), both
# kept sorted (ordinal) with "#nullable enable" first, as the PublicAPI analyzer reads them.
set -euo pipefail
cd "$(dirname "$0")/.."
for dir in src/*/; do
  shipped="$dir/PublicAPI.Shipped.txt" unshipped="$dir/PublicAPI.Unshipped.txt"
  [ -f "$unshipped" ] || continue
  { echo "#nullable enable"; cat "$shipped" "$unshipped" | grep -v '^#nullable enable$' | grep -v '^$' | LC_ALL=C sort -u; } > "$shipped.tmp"
  mv "$shipped.tmp" "$shipped"
  echo "#nullable enable" > "$unshipped"
done
git diff --stat -- 'src/*/PublicAPI.*.txt'
