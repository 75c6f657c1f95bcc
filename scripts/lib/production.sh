# shellcheck shell=bash
# The portal's production build, run from this checkout: the backend's
# dist/bundle.tar.gz (every local package the backend needs, each built, its
# package.json pointing at dist/) unpacked into .build/production, whose
# node_modules links the repository's installed packages and, for this
# workspace's own packages, the built copies beside it. The backend serves the
# built app (packages/app/dist) through the app-backend plugin. Sourced after
# env.sh.

PRODUCTION_DIR="$REPO_ROOT/.build/production"

# The workspace folders whose sources go into the build: the backend, the app
# and their local dependencies, transitively. One per line, relative.
production_source_dirs() {
  (cd "$REPO_ROOT" && node -e '
    const { readdirSync, readFileSync, existsSync } = require("node:fs");
    const byName = new Map();
    for (const parent of ["packages", "plugins"]) {
      for (const dir of readdirSync(parent)) {
        const file = `${parent}/${dir}/package.json`;
        if (existsSync(file)) byName.set(JSON.parse(readFileSync(file, "utf8")).name, `${parent}/${dir}`);
      }
    }
    const seen = new Set();
    const visit = name => {
      if (seen.has(name) || !byName.has(name)) return;
      seen.add(name);
      const pkg = JSON.parse(readFileSync(`${byName.get(name)}/package.json`, "utf8"));
      Object.keys(pkg.dependencies ?? {}).forEach(visit);
    };
    visit("backend");
    for (const name of seen) console.log(byName.get(name));
  ')
}

# Whether a source of the build (or its recipe) is newer than file $1.
production_sources_changed() {
  local since=$1 file dirs
  for file in package-lock.json app-config.yaml packages/deploy/scripts/build-backend-bundle.cjs; do
    [[ "$REPO_ROOT/$file" -nt "$since" ]] && return 0
  done
  mapfile -t dirs < <(production_source_dirs)
  # What is inside each package folder, not the folder itself: a build that
  # replaces dist/ changes the folder's time.
  [[ -n "$(cd "$REPO_ROOT" && find "${dirs[@]}" -mindepth 1 \
    \( -name node_modules -o -name dist -o -name dist-types \) -prune -o \
    -newer "$since" -print -quit)" ]]
}

# Links $1/node_modules: every installed package of the repository, except
# this workspace's own packages, which point at their built copies in $1.
link_production_node_modules() {
  (cd "$1" && node -e '
    const { readdirSync, readFileSync, symlinkSync, mkdirSync, existsSync } = require("node:fs");
    const { dirname, relative, join } = require("node:path");
    const installed = join(process.argv[1], "node_modules");
    mkdirSync("node_modules");
    for (const name of readdirSync(installed)) {
      if (name.startsWith(".") || ["@ai-platform", "app", "backend"].includes(name)) continue;
      symlinkSync(join(installed, name), join("node_modules", name));
    }
    for (const parent of ["packages", "plugins"]) {
      if (!existsSync(parent)) continue;
      for (const dir of readdirSync(parent)) {
        const { name } = JSON.parse(readFileSync(join(parent, dir, "package.json"), "utf8"));
        const link = join("node_modules", name);
        mkdirSync(dirname(link), { recursive: true });
        symlinkSync(relative(dirname(link), join(parent, dir)), link);
      }
    }
  ' "$REPO_ROOT")
}

# Builds the backend's bundle when a source is newer than it (`npm run
# build:all` leaves a current one) and unpacks it when it is newer than the
# unpacked copy. Several portals starting at once build it once.
ensure_production_build() {
  mkdir -p "$REPO_ROOT/.build"
  exec {build_lock}>"$REPO_ROOT/.build/production.lock"
  flock "$build_lock"
  local bundle="$REPO_ROOT/packages/backend/dist/bundle.tar.gz"
  local build_log="$REPO_ROOT/.build/production-build.log" started=$SECONDS
  if [[ ! -f "$bundle" ]] || production_sources_changed "$bundle"; then
    log "building the production build (the app and every backend package; minutes on a fresh checkout)"
    if ! (cd "$REPO_ROOT" && node packages/deploy/scripts/build-backend-bundle.cjs --build-dependencies) >"$build_log" 2>&1; then
      tail -n 40 "$build_log" >&2
      die "the production build failed (whole log: $build_log)"
    fi
    log "production build ready in $((SECONDS - started))s"
  fi
  local marker="$PRODUCTION_DIR/.unpacked"
  if [[ ! -f "$marker" || "$bundle" -nt "$marker" || "${BASH_SOURCE[0]}" -nt "$marker" ]]; then
    local next="$PRODUCTION_DIR.next" old="$PRODUCTION_DIR.old"
    rm -rf "$next" "$old"
    mkdir -p "$next"
    tar -xzf "$bundle" -C "$next"
    link_production_node_modules "$next"
    touch -r "$bundle" "$next/.unpacked"
    # Portals already running keep the code they loaded.
    [[ -d "$PRODUCTION_DIR" ]] && mv "$PRODUCTION_DIR" "$old"
    mv "$next" "$PRODUCTION_DIR"
    rm -rf "$old"
  fi
  flock -u "$build_lock"
  exec {build_lock}>&-
}

# Runs the built backend with the given arguments, in place of the calling
# (sub)shell. Relative paths (config files, the demo catalog) are relative to
# packages/backend, as in development. NODE_ENV stays unset: this is the
# production build on the embedded default, not a production deployment,
# which the readiness check recognises by NODE_ENV=production.
run_production_backend() {
  cd "$REPO_ROOT/packages/backend"
  exec node "$PRODUCTION_DIR/packages/backend" "$@"
}
