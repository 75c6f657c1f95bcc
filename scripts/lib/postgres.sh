# shellcheck shell=bash
# A throwaway PostgreSQL on a loopback port for the database tests. Sourced
# after env.sh. PostgreSQL refuses to run as root, so as root it runs as the
# `postgres` system user.

pg_bin_dir() {
  local dir
  for dir in /usr/lib/postgresql/*/bin; do
    [[ -x "$dir/initdb" ]] && { echo "$dir"; return; }
  done
  command -v initdb >/dev/null && dirname "$(readlink -f "$(command -v initdb)")"
}

# A string, not console.log's number, which FORCE_COLOR (set by Playwright's
# web servers) would print in colour.
free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{process.stdout.write(`${s.address().port}\n`);s.close()})'
}

# Starts PostgreSQL and exports TEST_POSTGRES_URL and the variable TestDatabases reads.
start_test_postgres() {
  local bin
  bin="$(pg_bin_dir || true)"
  if [[ -z "$bin" ]]; then
    ensure_debian_packages initdb postgresql
    bin="$(pg_bin_dir)" || die "PostgreSQL server binaries not found after install"
  fi
  TEST_PG_DIR="$(mktemp -d /tmp/ai-platform-pg.XXXXXX)"
  local port run=()
  port="$(free_port)"
  if [[ $(id -u) -eq 0 ]]; then
    id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql postgres
    chown postgres "$TEST_PG_DIR"
    run=(runuser -u postgres --)
  fi
  "${run[@]}" "$bin/initdb" -D "$TEST_PG_DIR/data" -U postgres --auth=trust \
    --encoding=UTF8 --no-sync >"$TEST_PG_DIR/initdb.log" 2>&1 ||
    { cat "$TEST_PG_DIR/initdb.log" >&2; die "initdb failed"; }
  "${run[@]}" "$bin/pg_ctl" -D "$TEST_PG_DIR/data" -l "$TEST_PG_DIR/server.log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $TEST_PG_DIR -c fsync=off -c max_connections=300" \
    start >/dev/null ||
    { cat "$TEST_PG_DIR/server.log" >&2; die "PostgreSQL did not start"; }
  TEST_PG_STOP=("${run[@]}" "$bin/pg_ctl" -D "$TEST_PG_DIR/data" -m immediate stop)
  export TEST_POSTGRES_URL="postgresql://postgres@127.0.0.1:$port"
  export BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING="$TEST_POSTGRES_URL"
  log "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') listening on 127.0.0.1:$port"
}

stop_test_postgres() {
  [[ -n "${TEST_PG_DIR:-}" ]] || return 0
  "${TEST_PG_STOP[@]}" >/dev/null 2>&1 || true
  rm -rf "$TEST_PG_DIR"
  TEST_PG_DIR=""
}
