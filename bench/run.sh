#!/usr/bin/env bash
# Password-login benchmark: starts its own in-memory Azurite (table service) on a free port, runs
# bench/TaxIdentity.Bench in Release against it, and stops Azurite at the end. Arguments go to the
# benchmark, e.g. bench/run.sh --seconds 30 --workers 8 --iterations 210000 (see bench/README.md).
set -euo pipefail
source "$(dirname "$0")/../scripts/common.sh"
root="$(repo_root)"; cd "$root"

ensure_node_tools
port=$(free_port)
node_modules/.bin/azurite-table --tableHost 127.0.0.1 --tablePort "$port" --inMemoryPersistence --silent \
  --skipApiVersionCheck --disableTelemetry >/dev/null 2>&1 &
azurite=$!
trap 'kill $azurite 2>/dev/null || true' EXIT
wait_for_port "$port" 30
export BENCH_TABLES_CONNECTION="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;TableEndpoint=http://127.0.0.1:$port/devstoreaccount1;"

dotnet run -c Release --project bench/TaxIdentity.Bench -- --storage-pid "$azurite" "$@"
