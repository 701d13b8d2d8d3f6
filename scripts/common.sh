# Shared by run.sh, test.sh and .ci/run. Source it; it defines functions only.

repo_root() { cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd; }

# Installs the pinned npm tools (Azurite, Redocly CLI, openapi-typescript, the Static Web Apps CLI) when any is
# missing. Without install scripts: the SWA CLI's keytar dependency would build natively from a download, and
# `swa start` doesn't use it.
ensure_node_tools() {
  local root tool; root="$(repo_root)"
  for tool in azurite redocly openapi-typescript swa; do
    if [ ! -x "$root/node_modules/.bin/$tool" ]; then
      echo "Installing the pinned npm tools (npm ci)..."
      (cd "$root" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
      return
    fi
  done
}

# start_web_app API_URL PORT: serves web/dist as Azure Static Web Apps does (the Static Web Apps CLI applies
# staticwebapp.config.json: headers, navigation fallback) and proxies /api to API_URL, on one origin.
# Sets WEB_APP_PID; log in $WEB_APP_LOG when set.
start_web_app() {
  local root; root="$(repo_root)"
  "$root/node_modules/.bin/swa" start "$root/web/dist" --api-devserver-url "$1" --host 127.0.0.1 --port "$2" \
    >"${WEB_APP_LOG:-/dev/null}" 2>&1 &
  WEB_APP_PID=$!
  wait_for_url "http://127.0.0.1:$2/" 90
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# wait_for_port PORT SECONDS
wait_for_port() {
  local port=$1 deadline=$((SECONDS + $2))
  until port_open "$port"; do
    [ $SECONDS -lt "$deadline" ] || { echo "Nothing answered on port $port within $2 s." >&2; return 1; }
    sleep 0.2
  done
}

# wait_for_url URL SECONDS
wait_for_url() {
  local url=$1 deadline=$((SECONDS + $2))
  until curl -fsS -o /dev/null "$url" 2>/dev/null; do
    [ $SECONDS -lt "$deadline" ] || { echo "$url did not answer within $2 s." >&2; return 1; }
    sleep 0.5
  done
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

# Starts an in-memory Azurite table service on a free port, stopped when the calling script exits.
# Sets AZURITE_PID and AZURITE_TABLES (a connection string for it).
start_memory_azurite() {
  local root port; root="$(repo_root)"; port=$(free_port)
  "$root/node_modules/.bin/azurite-table" --tableHost 127.0.0.1 --tablePort "$port" --inMemoryPersistence --silent \
    --skipApiVersionCheck --disableTelemetry >/dev/null 2>&1 &
  AZURITE_PID=$!
  trap 'kill $AZURITE_PID 2>/dev/null || true' EXIT
  wait_for_port "$port" 30
  # The storage emulators' well-known development account; not a secret.
  AZURITE_TABLES="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;TableEndpoint=http://127.0.0.1:$port/devstoreaccount1;"
}

# Installs the web app's pinned npm packages (web/package-lock.json) when missing.
ensure_web_tools() {
  local root; root="$(repo_root)"
  if [ ! -x "$root/web/node_modules/.bin/vite" ] || [ ! -x "$root/web/node_modules/.bin/playwright" ]; then
    echo "Installing the web app's pinned npm packages (npm ci in web/)..."
    (cd "$root/web" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
  fi
}

# Builds the web app (web/dist) from the committed API types.
build_web() {
  local root; root="$(repo_root)"
  echo "Building the web app (web/dist)..."
  (cd "$root/web" && npm run --silent build >/dev/null)
}

# The browser tests run on Debian's Chromium (Playwright's own browser download is not reachable here).
ensure_chromium() {
  command -v "${CHROMIUM_PATH:-chromium}" >/dev/null 2>&1 && return
  if [ "$(id -u)" = 0 ]; then
    echo "Installing Chromium (apt-get install chromium) for the browser tests..."
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "The browser tests need Chromium: sudo apt-get install -y chromium (or set CHROMIUM_PATH)." >&2
    return 1
  fi
}
