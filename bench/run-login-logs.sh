#!/usr/bin/env bash
# Login-log query benchmark: starts its own in-memory Azurite (table service) on a free port, runs
# bench/TaxIdentity.Bench's login-logs scenario in Release against it, and stops Azurite at the end. Arguments go to
# the benchmark, e.g. bench/run-login-logs.sh --sizes 10000,100000 --enterprises 100 --queries 50 (see bench/README.md).
set -euo pipefail
source "$(dirname "$0")/../scripts/common.sh"
root="$(repo_root)"; cd "$root"

ensure_node_tools
start_memory_azurite
export BENCH_TABLES_CONNECTION="$AZURITE_TABLES"

dotnet run -c Release --project bench/TaxIdentity.Bench -- login-logs "$@"
