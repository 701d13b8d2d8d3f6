#!/usr/bin/env bash
# Delegation benchmark: starts its own in-memory Azurite (blobs, queues and tables, for the Durable Functions state
# as well as the platform's tables) on free ports, runs bench/TaxIdentity.Bench's delegation scenario in Release
# against it, and stops Azurite at the end. Arguments go to the benchmark, e.g.
# bench/run-delegation.sh --invitations 200 --workers 8 --engine InMemory (see bench/README.md).
set -euo pipefail
source "$(dirname "$0")/../scripts/common.sh"
root="$(repo_root)"; cd "$root"

ensure_node_tools
blob=$(free_port); queue=$(free_port); table=$(free_port)
"$root/node_modules/.bin/azurite" --blobHost 127.0.0.1 --blobPort "$blob" --queueHost 127.0.0.1 --queuePort "$queue" \
  --tableHost 127.0.0.1 --tablePort "$table" --inMemoryPersistence --silent --skipApiVersionCheck --disableTelemetry >/dev/null 2>&1 &
azurite_pid=$!
trap 'kill $azurite_pid 2>/dev/null || true' EXIT
wait_for_port "$blob" 30; wait_for_port "$queue" 30; wait_for_port "$table" 30

# The storage emulators' well-known development account; not a secret.
key="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
export BENCH_STORAGE_CONNECTION="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$key;BlobEndpoint=http://127.0.0.1:$blob/devstoreaccount1;QueueEndpoint=http://127.0.0.1:$queue/devstoreaccount1;TableEndpoint=http://127.0.0.1:$table/devstoreaccount1;"

dotnet run -c Release --project bench/TaxIdentity.Bench -- delegation "$@"
