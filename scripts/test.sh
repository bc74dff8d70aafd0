#!/usr/bin/env bash
# Quick start, part 2: install everything and run the whole test suite (lint, types, unit, integration).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

echo "[test] eslint"
npx --no-install eslint --max-warnings 0 .
echo "[test] prettier (formatting)"
npx --no-install prettier --check . | tail -n 1
echo "[test] typescript + svelte-check"
npx --no-install tsc --noEmit -p tsconfig.json
npx --no-install svelte-check --tsconfig ./tsconfig.web.json --fail-on-warnings --output machine | tail -n 1
echo "[test] vitest"
results=.vitest-results.json
status=0
npx --no-install vitest run --reporter=default --reporter=json --outputFile.json="$results" || status=$?
node -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests + r.numTodoTests} skipped`);
' "$results"
exit $status
