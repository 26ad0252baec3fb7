#!/usr/bin/env bash
# Coverage-guided fuzzing of the CSV readers with SharpFuzz and AFL++ (docs/hardening.md).
#
#   eng/fuzz.sh [--seconds N] [TARGET...]
#
# Publishes tests/MedPayIQ.Fuzzing, instruments MedPayIQ.Pricing, MedPayIQ.Ncci and CsvHelper with SharpFuzz, then
# runs afl-fuzz on each TARGET (default: pprrvu-csv ptp mue) from its seeds in tests/MedPayIQ.Fuzzing/seeds/TARGET,
# N seconds in all (default 60), shared between the targets. Findings go to artifacts/fuzz/findings/TARGET.
# Exits 1 when afl-fuzz found a crash or a hang (each is printed with the command that replays it), 0 otherwise,
# and 0 with "skipped: afl-fuzz not installed" on a machine without AFL++ (Debian: apt-get install afl++).
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=60
targets=()
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds="$2"; shift 2 ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) targets+=("$1"); shift ;;
  esac
done
[ ${#targets[@]} -gt 0 ] || targets=(pprrvu-csv ptp mue)

if ! command -v afl-fuzz >/dev/null 2>&1; then
  echo "fuzz: skipped: afl-fuzz not installed (Debian: apt-get install afl++)"
  exit 0
fi

out=artifacts/fuzz
bin="$out/bin"
rm -rf "$out"
mkdir -p "$out/findings"
echo "fuzz: publishing the harness"
dotnet publish tests/MedPayIQ.Fuzzing/MedPayIQ.Fuzzing.csproj -c Release -o "$bin" --nologo -v q >"$out/publish.log" 2>&1 || { cat "$out/publish.log"; exit 1; }
dotnet tool restore >/dev/null
for dll in MedPayIQ.Pricing.dll MedPayIQ.Ncci.dll CsvHelper.dll; do
  dotnet sharpfuzz "$bin/$dll" >/dev/null
done

per=$(( seconds / ${#targets[@]} ))
[ "$per" -ge 5 ] || per=5
export AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_AFFINITY=1
found=0
for target in "${targets[@]}"; do
  seeds="tests/MedPayIQ.Fuzzing/seeds/$target"
  [ -d "$seeds" ] || { echo "fuzz: no seeds for '$target' ($seeds)"; exit 2; }
  findings="$out/findings/$target"
  echo "fuzz: $target for ${per}s"
  # -V stops afl-fuzz after N seconds; timeout is the backstop if it does not.
  timeout $(( per + 30 )) afl-fuzz -i "$seeds" -o "$findings" -V "$per" -t 5000 -m none -- dotnet "$bin/medpayiq-fuzz.dll" "$target" >"$findings.log" 2>&1 || true
  stats="$findings/default/fuzzer_stats"
  if [ ! -f "$stats" ]; then
    echo "fuzz: afl-fuzz did not start for $target:"; tail -n 20 "$findings.log"; exit 1
  fi
  execs=$(awk -F': *' '/^execs_done/ {print $2}' "$stats")
  paths=$(awk -F': *' '/^corpus_count/ {print $2}' "$stats")
  crashes=$(find "$findings/default/crashes" -type f -name 'id:*' 2>/dev/null | wc -l)
  hangs=$(find "$findings/default/hangs" -type f -name 'id:*' 2>/dev/null | wc -l)
  echo "fuzz: $target: $execs runs, $paths inputs in the corpus, $crashes crashes, $hangs hangs"
  if [ $(( crashes + hangs )) -gt 0 ]; then
    found=1
    find "$findings/default/crashes" "$findings/default/hangs" -type f -name 'id:*' 2>/dev/null | head -n 5 | while read -r f; do
      echo "fuzz:   replay: dotnet run --project tests/MedPayIQ.Fuzzing -c Release -- $target '$f'"
    done
  fi
done
exit $found
