#!/usr/bin/env bash
# Installs and starts the local portal: the app on http://localhost:3000 and
# the backend on http://localhost:7007, with SQLite files under .data/.
#
#   bash scripts/dev.sh          uses the AWS SDK's default credentials and
#                                the example VPCs of examples/vpcs.yaml
#   bash scripts/dev.sh --moto   runs against moto, an EC2 emulator: makes the
#                                example VPCs there (scripts/seed-moto.mjs)
#                                and a demo VPC to onboard; no AWS account
#
# MOTO_PORT (default 5000) moves moto; SKIP_INSTALL=1 skips `yarn install`
# when the dependencies are known to be in place (offline, say).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/node-env.sh
source scripts/services.sh
mkdir -p .data

if [ "${SKIP_INSTALL:-}" != 1 ]; then
  yarn install --immutable
fi

if [ "${1:-}" = "--moto" ]; then
  start_moto "${MOTO_PORT:-5000}"
  trap 'kill $MOTO_PID 2>/dev/null || true' EXIT
  node scripts/seed-moto.mjs
  # The paths are relative to packages/app and packages/backend, where the
  # app and the backend run. app-config.moto.yaml reads the seeded VPCs.
  yarn start --config ../../app-config.yaml --config ../../app-config.moto.yaml
else
  yarn start
fi
