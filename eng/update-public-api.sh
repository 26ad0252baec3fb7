#!/usr/bin/env bash
# Appends the public symbols the PublicAPI analyzer reports as undeclared (RS0016) to each library's
# PublicAPI.Unshipped.txt. Run after adding public API; review the diff; keep the files sorted by hand if you like.
set -euo pipefail
cd "$(dirname "$0")/.."
for project in src/*/; do
  [ -f "$project/PublicAPI.Unshipped.txt" ] || continue
  dotnet build "$project" 2>&1 | grep -oP "RS0016: Symbol '\K.*(?=' is not part of the declared public API)" | sort -u >> "$project/PublicAPI.Unshipped.txt" || true
done
git diff --stat -- 'src/*/PublicAPI.Unshipped.txt'
