#!/usr/bin/env bash
# Seeds the sample data through the provisioning API: every samples/api/<route>.json is PUT to
# /api/<route>, shallow routes first (enterprises before their agencies and items).
# Usage: scripts/seed.sh BASE_URL OPERATOR_KEY
set -euo pipefail
base=${1:?base URL}; key=${2:?operator key}
cd "$(dirname "$0")/../samples/api"
find . -name '*.json' | awk -F/ '{ print NF "\t" $0 }' | sort -n -k1,1 -k2 | cut -f2 | while read -r file; do
  route=${file#./}; route=${route%.json}
  status=$(curl -sS -o /tmp/seed-response.$$ -w '%{http_code}' -X PUT "$base/api/$route" \
    -H "X-Operator-Key: $key" -H 'Content-Type: application/json' --data-binary "@$file")
  if [ "$status" != 200 ]; then
    echo "Seeding /api/$route failed with $status: $(cat /tmp/seed-response.$$)" >&2
    rm -f /tmp/seed-response.$$; exit 1
  fi
  echo "  seeded /api/$route"
done
rm -f /tmp/seed-response.$$
