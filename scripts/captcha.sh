#!/usr/bin/env bash
# Fetches a captcha and solves its proof of work the way the web page does; prints the answer the API takes
# as "captcha": {"captchaId": ..., "answer": ...}.
# Usage: scripts/captcha.sh BASE_URL
set -euo pipefail
captcha=$(curl -fsS -X POST "$1/api/captcha")
python3 -c '
import hashlib, itertools, json, sys
c = json.loads(sys.argv[1]); salt = c["challenge"]["salt"]; bits = c["challenge"]["difficulty"]
for n in itertools.count():
    h = int.from_bytes(hashlib.sha256((salt + str(n)).encode()).digest(), "big")
    if bits == 0 or h >> (256 - bits) == 0:
        print(json.dumps({"captchaId": c["captchaId"], "answer": str(n)})); break' "$captcha"
