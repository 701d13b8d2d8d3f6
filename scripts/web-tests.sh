#!/usr/bin/env bash
# The web app's checks, run by test.sh after the .NET tests: starts the local host (HTTP functions on Azurite's
# tables, workflows in memory) on a free port, regenerates web/src/api/schema.d.ts from the document it serves,
# type-checks and builds the app, serves it with the Static Web Apps CLI (one origin: the app, and /api proxied to
# the host), then runs the Playwright browser tests on Debian's Chromium against that origin. JUnit results land in TestResults/playwright-junit.xml; the measured budgets in
# TestResults/web-budgets.json. Needs TEST_TABLES_CONNECTION (a table-service connection string) in the environment.
set -euo pipefail
source "$(dirname "$0")/common.sh"
root="$(repo_root)"; cd "$root"
tables="${AZURITE_TABLES:-${TEST_TABLES_CONNECTION:-}}"
[ -n "$tables" ] || { echo "Set TEST_TABLES_CONNECTION to a table-service connection string (test.sh does)." >&2; exit 1; }

ensure_web_tools
ensure_chromium

port=$(free_port)
url="http://127.0.0.1:$port"
log="$root/TestResults/web-host.log"
mkdir -p "$root/TestResults"
env AZURE_FUNCTIONS_ENVIRONMENT=Development \
  Tables__ConnectionString="$tables" Tables__Prefix="web$(date +%s)" \
  LocalHost__DurableEngine=InMemory \
  Operator__Key=dev-operator-key-not-for-production App__Key=dev-app-key-not-for-production \
  Sms__Provider=Development Face__Provider=Development Captcha__Difficulty=4 Passwords__Iterations=1000 \
  Login__RequestsPerMinutePerClient=100000 Login__AttemptsPerMinutePerAccount=100000 Login__QrTicketsPerMinutePerClient=100000 \
  Captcha__IssuesPerMinutePerClient=100000 Verification__DailyAnonymousSendsPerClient=100000 \
  dotnet run --no-build --project functions/TaxIdentity.LocalHost -- --urls "$url" >"$log" 2>&1 &
host_pid=$!
WEB_APP_PID=
trap 'kill $host_pid $WEB_APP_PID 2>/dev/null || true; wait $host_pid 2>/dev/null || true' EXIT
wait_for_url "$url/api/health" 180 || { tail -n 40 "$log" >&2; exit 1; }

generated="web/src/api/schema.d.ts web/src/api/required-functions.ts"
committed=$(cat $generated 2>/dev/null | sha256sum | cut -d' ' -f1)
(cd web && node scripts/generate-api.mjs "$url/api/openapi.json")
regenerated=$(cat $generated | sha256sum | cut -d' ' -f1)
build_web
web_port=$(free_port)
WEB_APP_LOG="$root/TestResults/web-app.log" start_web_app "$url" "$web_port"

status=0
(cd web && WEB_BASE_URL="http://127.0.0.1:$web_port" PLAYWRIGHT_JUNIT_OUTPUT="$root/TestResults/playwright-junit.xml" WEB_BUDGETS_OUTPUT="$root/TestResults/web-budgets.json" \
  npx playwright test) || status=$?

if [ "$committed" != "$regenerated" ]; then
  echo "web/src/api/schema.d.ts or required-functions.ts was out of date with the served OpenAPI document; regenerated: review and commit them." >&2
  status=1
fi
exit $status
