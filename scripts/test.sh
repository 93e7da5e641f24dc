#!/usr/bin/env bash
# Installs everything the tests need and runs all of them:
# type check, lint, prettier, unit and database tests (SQLite and
# PostgreSQL 15), moto integration tests, and the end-to-end tests through the
# real scaffolder REST API and headless Chromium against the local portal.
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/node-env.sh
source scripts/services.sh
mkdir -p .data e2e-artifacts
rm -f .data/jest-results.json e2e-artifacts/*
export CI=true

declare -a RESULTS=()
FAILED=0
step() {
  local name="$1"; shift
  local start=$SECONDS
  echo
  echo "==> $name"
  if "$@"; then
    RESULTS+=("PASS  $name ($((SECONDS - start)) s)")
  else
    RESULTS+=("FAIL  $name ($((SECONDS - start)) s)")
    FAILED=$((FAILED + 1))
  fi
}
cleanup() {
  [ -n "${MOTO_PID:-}" ] && kill "$MOTO_PID" 2>/dev/null
  [ -n "${BACKEND_PID:-}" ] && kill -- -"$BACKEND_PID" 2>/dev/null
  true
}
trap cleanup EXIT

step "install dependencies (yarn install --immutable)" yarn install --immutable || true
if [ $FAILED -gt 0 ]; then echo "install failed"; exit 1; fi
ensure_postgres
ensure_chromium
# moto records the requests it serves, so the IAM policy check can see every
# AWS call the plugins made in the tests.
export MOTO_RECORDING_FILE="$PWD/.data/moto-recording.jsonl"
rm -f "$MOTO_RECORDING_FILE"
start_moto "${MOTO_PORT:-5055}"

step "type check (tsc:full)" yarn tsc:full
# tsc:full leaves the declarations in dist-types, which the API reports read.
step "API reports match the code (yarn build:api-reports updates them)" \
  yarn backstage-repo-tools api-reports --ci -o ae-undocumented,ae-wrong-input-file-type plugins/*
step "lint" yarn backstage-cli repo lint
step "prettier" yarn prettier --check .
step "unit, database (SQLite + PostgreSQL 15) and moto tests" \
  yarn backstage-cli repo test --ci --json --outputFile="$PWD/.data/jest-results.json"
build_app() {
  yarn workspace app build >.data/app-build.log 2>&1 || { tail -40 .data/app-build.log; return 1; }
}
step "build the app for the end-to-end tests" build_app
step "end-to-end: scaffolder REST API and Chromium against the portal" \
  bash scripts/e2e.sh
step "the READMEs' IAM policies allow every AWS call the tests saw" \
  node scripts/check-iam-policy.mjs "$MOTO_RECORDING_FILE"

# Test counts: jest's JSON report and the node test runner's TAP summary.
count() {
  node -e '
    const fs = require("fs");
    let passed = 0, failed = 0;
    try {
      const j = JSON.parse(fs.readFileSync(".data/jest-results.json", "utf8"));
      passed += j.numPassedTests; failed += j.numFailedTests + j.numRuntimeErrorTestSuites;
    } catch { failed += 1; }
    try {
      const tap = fs.readFileSync("e2e-artifacts/e2e-tap.log", "utf8");
      passed += Number((tap.match(/^# pass (\d+)/m) || [0, 0])[1]);
      failed += Number((tap.match(/^# fail (\d+)/m) || [0, 0])[1]);
    } catch { failed += 1; }
    console.log(passed + " " + failed);'
}

echo
echo "==================== summary ===================="
printf '%s\n' "${RESULTS[@]}"
read -r tests_passed tests_failed < <(count)
steps_failed=$FAILED
echo "steps: $((${#RESULTS[@]} - steps_failed)) passed, $steps_failed failed"
echo "$tests_passed passed, $tests_failed failed"
[ "$FAILED" -eq 0 ]
