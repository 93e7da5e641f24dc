#!/usr/bin/env bash
# Starts the local portal (built app served by the backend on :7007) against
# the EC2 emulator that AWS_ENDPOINT_URL points at, then runs e2e/*.test.ts
# with Node's test runner: the scaffolder REST API flow and the browser flow.
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/node-env.sh
: "${AWS_ENDPOINT_URL:?run through scripts/test.sh, which starts moto}"

export E2E_DATA_DIR="$(mktemp -d)"
export E2E_BASE_URL="http://localhost:7007"
export E2E_ARTIFACTS="$PWD/e2e-artifacts"
mkdir -p "$E2E_ARTIFACTS"

# The example VPCs, made in moto with moto's ids, as `dev.sh --moto` does.
EKS_SEED_OUT="$E2E_DATA_DIR/moto-vpcs.yaml" node scripts/seed-moto.mjs >"$E2E_ARTIFACTS/seed.log" 2>&1 \
  || { cat "$E2E_ARTIFACTS/seed.log"; exit 1; }

(cd packages/backend && exec setsid node --enable-source-maps ../../node_modules/.bin/backstage-cli package start \
  --config ../../app-config.yaml --config ../../app-config.e2e.yaml) >"$E2E_ARTIFACTS/backend.log" 2>&1 &
BACKEND_PID=$!
trap 'kill -- -$BACKEND_PID 2>/dev/null; pkill -f "app-config.e2e.yaml" 2>/dev/null; rm -rf "$E2E_DATA_DIR"' EXIT

for _ in $(seq 1 180); do
  curl -sf "$E2E_BASE_URL/api/eks-privatelink/health" >/dev/null 2>&1 && break
  sleep 1
done
if ! curl -sf "$E2E_BASE_URL/api/eks-privatelink/health" >/dev/null; then
  echo "backend did not start; last lines of its log:"; tail -40 "$E2E_ARTIFACTS/backend.log"; exit 1
fi

node --test --test-concurrency=1 --test-timeout=600000 e2e/*.test.ts \
  | tee "$E2E_ARTIFACTS/e2e-tap.log"
exit "${PIPESTATUS[0]}"
