#!/usr/bin/env bash
# Installs and starts the local portal: the app on http://localhost:3000 and
# the backend on http://localhost:7007, with SQLite files under .data/.
#
#   bash scripts/dev.sh          uses the AWS SDK's default credentials
#   bash scripts/dev.sh --moto   runs against moto, an EC2 emulator, with a
#                                demo VPC to onboard (no AWS account needed)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/node-env.sh
source scripts/services.sh
mkdir -p .data

yarn install --immutable

if [ "${1:-}" = "--moto" ]; then
  start_moto "${MOTO_PORT:-5000}"
  trap 'kill $MOTO_PID 2>/dev/null || true' EXIT
  node scripts/seed-moto.mjs
fi

yarn start
