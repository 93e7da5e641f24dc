# Sourced by dev.sh and test.sh: installs and starts what the portal and the
# tests need besides Node: PostgreSQL 15, Chromium and moto (an EC2 emulator).
# Each step is skipped when its tool is already there.

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
APT_UPDATED=""
apt_install() {
  [ -n "$APT_UPDATED" ] || { as_root apt-get update -qq >/dev/null; APT_UPDATED=1; }
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@" >/dev/null
}

ensure_chromium() {
  if ! command -v chromium >/dev/null 2>&1; then
    echo "==> installing Chromium (Debian package)" >&2
    apt_install chromium
  fi
  export CHROMIUM_PATH="${CHROMIUM_PATH:-$(command -v chromium)}"
}

ensure_postgres() {
  if ! command -v pg_ctlcluster >/dev/null 2>&1; then
    echo "==> installing PostgreSQL (Debian package)" >&2
    apt_install postgresql
  fi
  local version
  version="$(ls /etc/postgresql | sort -n | tail -1)"
  if ! pg_lsclusters -h | grep -q " online "; then
    echo "==> starting PostgreSQL $version" >&2
    as_root pg_ctlcluster "$version" main start
  fi
  for _ in $(seq 1 30); do
    as_root su postgres -c "psql -qtAc 'select 1'" >/dev/null 2>&1 && break
    sleep 1
  done
  as_root su postgres -c "psql -qc \"ALTER USER postgres PASSWORD 'postgres'\"" >/dev/null
  export BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING="postgresql://postgres:postgres@127.0.0.1:5432"
}

MOTO_VERSION="5.2.5"
ensure_moto() {
  local venv="$ROOT/.tools/moto-venv"
  if [ ! -x "$venv/bin/moto_server" ]; then
    echo "==> installing moto $MOTO_VERSION into .tools/moto-venv" >&2
    python3 -m venv "$venv"
    if ! "$venv/bin/pip" install -q "moto[server]==$MOTO_VERSION" >"$ROOT/.data/pip.log" 2>&1; then
      cat "$ROOT/.data/pip.log" >&2
      return 1
    fi
  fi
  MOTO_SERVER="$venv/bin/moto_server"
}

# start_moto PORT: starts moto in the background and points the AWS SDK at it.
start_moto() {
  local port="$1"
  ensure_moto
  # With MOTO_RECORDING_FILE set, moto appends every request it serves there
  # (scripts/check-iam-policy.mjs reads it).
  if [ -n "${MOTO_RECORDING_FILE:-}" ]; then
    MOTO_ENABLE_RECORDING=True MOTO_RECORDER_FILEPATH="$MOTO_RECORDING_FILE" \
      "$MOTO_SERVER" -H 127.0.0.1 -p "$port" >"$ROOT/.data/moto-$port.log" 2>&1 &
  else
    "$MOTO_SERVER" -H 127.0.0.1 -p "$port" >"$ROOT/.data/moto-$port.log" 2>&1 &
  fi
  MOTO_PID=$!
  for _ in $(seq 1 60); do
    curl -sf "http://127.0.0.1:$port/moto-api/" >/dev/null 2>&1 && break
    sleep 0.5
  done
  export MOTO_ENDPOINT="http://127.0.0.1:$port"
  export AWS_ENDPOINT_URL="$MOTO_ENDPOINT"
  export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test
  export AWS_REGION="${AWS_REGION:-us-east-1}"
  unset AWS_PROFILE AWS_SESSION_TOKEN
}
