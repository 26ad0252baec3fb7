#!/usr/bin/env bash
# Brings each library's PublicAPI.Unshipped.txt up to date with its public surface: adds the symbols the PublicAPI
# analyzer reports as undeclared (RS0016) and drops the declared ones that no longer exist (RS0017). Run after
# changing public API, then review the diff.
set -euo pipefail
cd "$(dirname "$0")/.."
for project in src/*/*.csproj; do
  dir=$(dirname "$project")
  file="$dir/PublicAPI.Unshipped.txt"
  [ -f "$file" ] || continue
  # Only this project's own diagnostics (a build also reports those of the projects it references).
  log=$(dotnet build "$project" 2>&1 | grep -F "[$PWD/$project]" || true)
  removed=$(grep -oP "RS0017: Symbol '\K.*(?=' is part of the declared API)" <<<"$log" | sort -u || true)
  if [ -n "$removed" ]; then
    grep -vxF -f <(printf '%s\n' "$removed") "$file" > "$file.tmp" && mv "$file.tmp" "$file"
  fi
  grep -oP "RS0016: Symbol '\K.*(?=' is not part of the declared public API)" <<<"$log" | sort -u >> "$file" || true
  # Kept sorted (ordinal), "#nullable enable" first: a diff shows what changed, not where it was appended.
  { echo "#nullable enable"; grep -v '^#nullable enable$' "$file" | grep -v '^$' | LC_ALL=C sort -u; } > "$file.tmp" && mv "$file.tmp" "$file"
done
git diff --stat -- 'src/*/PublicAPI.Unshipped.txt'
