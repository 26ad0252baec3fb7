#!/usr/bin/env bash
# Appends the public symbols the PublicAPI analyzer reports as undeclared (RS0016) to each library's
# PublicAPI.Unshipped.txt. Run after adding public API, then review the diff.
set -euo pipefail
cd "$(dirname "$0")/.."
for project in src/*/*.csproj; do
  dir=$(dirname "$project")
  [ -f "$dir/PublicAPI.Unshipped.txt" ] || continue
  # Only this project's own diagnostics (a build also reports those of the projects it references).
  dotnet build "$project" 2>&1 | grep -F "[$PWD/$project]" \
    | grep -oP "RS0016: Symbol '\K.*(?=' is not part of the declared public API)" | sort -u >> "$dir/PublicAPI.Unshipped.txt" || true
done
git diff --stat -- 'src/*/PublicAPI.Unshipped.txt'
