# Sourced by the other scripts: installs, idempotently and only when missing, what building and
# testing Ringleader needs. Everything comes from the package registries (crates.io, npm,
# Debian); nothing is downloaded from anywhere else. See README.md.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TRUNK_VERSION="0.21.14"
BINARYEN_VERSION="132"
TERSER_VERSION="5.51.4"

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

ensure_wasm_target() {
  if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
    say "installing the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
}

ensure_trunk() {
  if ! trunk --version 2>/dev/null | grep -q " $TRUNK_VERSION\$"; then
    say "installing trunk $TRUNK_VERSION (several minutes, once)"
    # 0.22 needs a newer rustc than these machines have.
    cargo install --locked trunk --version "$TRUNK_VERSION"
  fi
}

# The wasm-bindgen CLI must be exactly the version of the wasm-bindgen crate in Cargo.lock.
wasm_bindgen_lock_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$ROOT/Cargo.lock"
}

ensure_wasm_bindgen() {
  local want
  want="$(wasm_bindgen_lock_version)"
  if [ -z "$want" ]; then
    echo "error: no wasm-bindgen version in Cargo.lock" >&2
    return 1
  fi
  if ! wasm-bindgen --version 2>/dev/null | grep -q " $want\$"; then
    say "installing wasm-bindgen-cli $want (a few minutes, once)"
    # Not --locked: its own lockfile names a crate release the registry no longer serves.
    cargo install wasm-bindgen-cli --version "$want" --force
  fi
}

ensure_wasm_opt() {
  local bin="$ROOT/.tools/node_modules/.bin"
  if ! "$bin/wasm-opt" --version 2>/dev/null | grep -q "version $BINARYEN_VERSION"; then
    say "installing wasm-opt (binaryen $BINARYEN_VERSION from npm) into .tools/"
    mkdir -p "$ROOT/.tools"
    npm install --silent --no-audit --no-fund --prefix "$ROOT/.tools" "binaryen@$BINARYEN_VERSION"
  fi
  case ":$PATH:" in *":$bin:"*) ;; *) export PATH="$bin:$PATH" ;; esac
}

# The release build's post-build hook (scripts/shrink-site.mjs) minifies the JS glue with it.
ensure_terser() {
  local pkg="$ROOT/.tools/node_modules/terser/package.json"
  if ! grep -q "\"version\": \"$TERSER_VERSION\"" "$pkg" 2>/dev/null; then
    say "installing terser $TERSER_VERSION (npm) into .tools/"
    mkdir -p "$ROOT/.tools"
    npm install --silent --no-audit --no-fund --prefix "$ROOT/.tools" "terser@$TERSER_VERSION"
  fi
}

ensure_chromium() {
  # The Chinese page is laid out, wrapped and measured by the end-to-end tests: without a CJK
  # font Chromium draws each character as a box of another width.
  if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ] && command -v fc-list > /dev/null \
    && [ -n "$(fc-list :lang=zh)" ]; then
    return 0
  fi
  if [ "$(id -u)" = 0 ]; then
    say "installing chromium, chromium-driver, fontconfig and fonts-noto-cjk (apt)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver fontconfig fonts-noto-cjk
  else
    echo "error: the browser tests need Debian's 'chromium', 'chromium-driver', 'fontconfig' and 'fonts-noto-cjk' packages:" >&2
    echo "       sudo apt-get install chromium chromium-driver fontconfig fonts-noto-cjk" >&2
    return 1
  fi
}

ensure_playwright() {
  if [ ! -d "$ROOT/tests/e2e/node_modules/playwright-core" ]; then
    say "installing playwright-core for the end-to-end tests (npm)"
    # Only the driver library: the browser is Debian's chromium, never a download.
    (cd "$ROOT/tests/e2e" && npm ci --silent --no-audit --no-fund)
  fi
}

ensure_build_tools() {
  ensure_wasm_target && ensure_trunk && ensure_wasm_bindgen && ensure_wasm_opt && ensure_terser
}
