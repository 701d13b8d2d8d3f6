#!/usr/bin/env bash
# Runs the platform locally: Azurite, then the API (func start when Core Tools are installed, the local
# host otherwise), then the web account centre (built into web/dist when missing) served by the Static Web Apps
# CLI, which also proxies /api to the API: one URL for both. Seeds the sample data into an empty store and
# waits. Ctrl-C stops everything it started.
set -euo pipefail
source "$(dirname "$0")/scripts/common.sh"
root="$(repo_root)"; cd "$root"

settings=functions/TaxIdentity.Functions/local.settings.json
[ -f "$settings" ] || cp local.settings.sample.json "$settings"
setting() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["Values"].get(sys.argv[2],""))' "$settings" "$1"; }

pids=()
cleanup() { trap - EXIT INT TERM; for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM

ensure_node_tools
ensure_web_tools
[ -f web/dist/index.html ] || build_web
if port_open 10000 && port_open 10001 && port_open 10002; then
  echo "Azurite (or another storage emulator) already answers on 10000-10002; using it."
else
  mkdir -p .azurite
  node_modules/.bin/azurite --silent --skipApiVersionCheck --disableTelemetry --location .azurite --debug .azurite/debug.log >/dev/null 2>&1 &
  pids+=($!)
  wait_for_port 10002 30
fi

port=${PORT:-7071}
url="http://localhost:$port"
if command -v func >/dev/null 2>&1; then
  echo "Starting the Functions host (func start)..."
  (cd functions/TaxIdentity.Functions && exec func start --port "$port") &
else
  echo "Core Tools not found; starting the local host..."
  dotnet build functions/TaxIdentity.LocalHost -v quiet -nologo >/dev/null
  dotnet run --no-build --project functions/TaxIdentity.LocalHost -- --settings "$root/$settings" --urls "$url" &
fi
pids+=($!)
wait_for_url "$url/api/health" 180
web_port=${WEB_PORT:-4280}
start_web_app "$url" "$web_port"
pids+=("$WEB_APP_PID")
web="http://127.0.0.1:$web_port"

operator_key=$(setting Operator__Key)
sample_password='Etax#2026pass'
if [ "$(curl -s -o /dev/null -w '%{http_code}' -H "X-Operator-Key: $operator_key" "$url/api/operator/enterprises/91540100MA6T0001X1")" = 404 ]; then
  echo "Empty store: seeding the sample data..."
  scripts/seed.sh "$url" "$operator_key"
  echo "Registering the sample persons (registration codes from the operator API, SMS codes from the development inbox)..."
  while IFS='|' read -r name id_type id_number phone; do
    scripts/register.sh "$url" "$operator_key" "$name" "$id_type" "$id_number" "$phone" "$sample_password"
  done < samples/persons.txt
fi

cat <<INFO

  Tax identity platform is running at $web/   (the account centre, 账户中心; its API at $web/api,
  OpenAPI: $web/api/openapi.json; the API itself listens on $url/api)

  Sample data (docs in README.md, files in samples/api):
    拉萨雪域商贸有限公司        91540100MA6T0001X1  ordinary; legal rep 扎西 54010219800101101X (13800138001),
                                                    financial officer 卓玛 540102198505052026 (13800138002)
    喜马拉雅国际贸易（香港）有限公司 91540100MA6T0002X2  non-resident; legal rep 陈志明 hkMacaoPermit H60012345,
                                                    financial officer 次仁 540102199009093034 (13800138003)
    Existing household 格桑 540102199202024049 (13800138004); agency DL-2026-0001; items BY-2026-0001, SY-2026-0001
    All but 陈志明 are registered with the password $sample_password (格桑 must accept the agreement first).
    Sign in: scripts/login.sh $web 13800138001 '$sample_password' 91540100MA6T0001X1

  Operator key (X-Operator-Key): $operator_key
  App key (X-App-Key):           $(setting App__Key)
  Development SMS inbox:         $web/api/dev/sms?phone=13800138001  (and the API's log)
  Data: .azurite/ (delete it to start empty). Ctrl-C stops everything.

INFO
wait -n "${pids[@]}"
