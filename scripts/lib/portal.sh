# shellcheck shell=bash
# Where one portal of the embedded default lives: its ports and its state
# folder. Several portals run side by side on one machine when each has its
# own AI_PLATFORM_PORT_OFFSET and AI_PLATFORM_DATA_DIR. Sourced after env.sh.

# Sets the PORTAL_* variables from AI_PLATFORM_PORT_OFFSET (default 0) and
# AI_PLATFORM_DATA_DIR (default $REPO_ROOT/.data, exported as an absolute path
# for the config files that name state folders).
portal_layout() {
  local offset="${AI_PLATFORM_PORT_OFFSET:-0}"
  # Each portal takes two ports in a row for the simulated clusters, so offsets
  # of one portal and the next differ by more than one; a multiple of 100 up to
  # 16000 never collides with another portal's ports.
  [[ "$offset" =~ ^[0-9]{1,5}$ ]] && ((offset <= 46000)) ||
    die "AI_PLATFORM_PORT_OFFSET must be a whole number from 0 to 46000, not '$offset'"
  offset=$((10#$offset))
  PORTAL_PORT_OFFSET=$offset
  PORTAL_BACKEND_PORT=$((7007 + offset))
  PORTAL_FRONTEND_PORT=$((3000 + offset))
  PORTAL_CLUSTER_PORT=$((16443 + offset))
  PORTAL_METRICS_PORT=$((19400 + offset))
  # prometheus.sh reads this; an explicit DEMO_PROMETHEUS_PORT wins.
  DEMO_PROMETHEUS_PORT="${DEMO_PROMETHEUS_PORT:-$((19090 + offset))}"

  local data="${AI_PLATFORM_DATA_DIR:-$REPO_ROOT/.data}"
  mkdir -p "$data"
  AI_PLATFORM_DATA_DIR="$(cd "$data" && pwd)"
  export AI_PLATFORM_DATA_DIR AI_PLATFORM_PORT_OFFSET="$offset"
}

# Writes the config overlay with this portal's URLs and ports into the data
# folder and prints its path. $1: the port serving the app, $2: the backend's
# (the same when the backend serves the built app).
write_portal_config() {
  local app_port=$1 backend_port=$2
  local file="$AI_PLATFORM_DATA_DIR/app-config.portal.yaml"
  cat >"$file" <<YAML
# Written by scripts/start on every start: this portal's URLs and ports
# (AI_PLATFORM_PORT_OFFSET=$PORTAL_PORT_OFFSET). Edits are overwritten.
app:
  baseUrl: http://localhost:$app_port
  listen:
    port: $app_port
backend:
  baseUrl: http://localhost:$backend_port
  listen:
    port: $backend_port
  cors:
    origin: http://localhost:$app_port
gpuMetrics:
  prometheus:
    - cluster: '*'
      url: http://127.0.0.1:$DEMO_PROMETHEUS_PORT
YAML
  echo "$file"
}
