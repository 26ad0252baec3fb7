#!/usr/bin/env bash
# Mutation testing of the payment rules and the NCCI checker with Stryker.NET (a maintainer job, not CI: it takes
# tens of minutes on two cores). Usage: eng/mutation.sh [rules|ncci|all]; reports go to artifacts/mutation/<target>/.
# The score and the surviving mutants are recorded in docs/mutation-testing.md; read it before changing the thresholds
# in tests/*/stryker-config.json.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
target=${1:-all}
run() { # test project folder, report name
  (cd "tests/$1" && dotnet stryker --config-file stryker-config.json --output "$OLDPWD/artifacts/mutation/$2")
}
case "$target" in
  rules) run MedPayIQ.Pricing.RuleMutation rules ;;
  ncci) run MedPayIQ.Ncci.Tests ncci ;;
  all) run MedPayIQ.Pricing.RuleMutation rules; run MedPayIQ.Ncci.Tests ncci ;;
  *) echo "usage: eng/mutation.sh [rules|ncci|all]" >&2; exit 2 ;;
esac
