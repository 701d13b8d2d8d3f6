#!/usr/bin/env bash
# Runs the format check and every test project. Starts its own in-memory Azurite on a free port (nothing
# else needs to be running) and stops it at the end. Test results (TRX) land in TestResults/.
set -euo pipefail
source "$(dirname "$0")/scripts/common.sh"
root="$(repo_root)"; cd "$root"

ensure_node_tools
port=$(free_port)
node_modules/.bin/azurite-table --tableHost 127.0.0.1 --tablePort "$port" --inMemoryPersistence --silent \
  --skipApiVersionCheck --disableTelemetry >/dev/null 2>&1 &
azurite=$!
trap 'kill $azurite 2>/dev/null || true' EXIT
wait_for_port "$port" 30
export TEST_TABLES_CONNECTION="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;TableEndpoint=http://127.0.0.1:$port/devstoreaccount1;"

dotnet build Serverless.sln -nologo -v quiet
echo "Checking formatting (dotnet format --verify-no-changes)..."
dotnet format Serverless.sln --verify-no-changes --no-restore
rm -rf TestResults
dotnet test Serverless.sln --no-build -nologo --results-directory TestResults --logger "trx" --logger "console;verbosity=minimal"
