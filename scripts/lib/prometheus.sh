# shellcheck shell=bash
# The embedded default's Prometheus: scrapes the simulated fleet's
# dcgm-exporter and vLLM pages through HTTP service discovery, on 127.0.0.1.
# Sourced after env.sh.

DEMO_PROMETHEUS_PORT="${DEMO_PROMETHEUS_PORT:-19090}"

# Starts Prometheus over $1 (TSDB dir) scraping the targets at $2; sets DEMO_PROMETHEUS_PID.
start_demo_prometheus() {
  local data_dir=$1 targets_url=$2
  mkdir -p "$data_dir"
  local config="$data_dir/../prometheus.yml"
  cat >"$config" <<YAML
global:
  scrape_interval: 30s
  evaluation_interval: 30s
scrape_configs:
  - job_name: cluster-sim
    http_sd_configs:
      - url: $targets_url
        refresh_interval: 30s
YAML
  prometheus --config.file="$config" --storage.tsdb.path="$data_dir" \
    --storage.tsdb.retention.time=30d --web.listen-address="127.0.0.1:$DEMO_PROMETHEUS_PORT" \
    --log.level=warn >"$data_dir/../prometheus.log" 2>&1 &
  DEMO_PROMETHEUS_PID=$!
  log "Prometheus on http://127.0.0.1:$DEMO_PROMETHEUS_PORT scraping the simulated fleet"
}
