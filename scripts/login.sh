#!/usr/bin/env bash
# Signs in with a password the way the web page does: solves the proof-of-work captcha, then logs in.
# Usage: scripts/login.sh BASE_URL ACCOUNT PASSWORD [CREDIT_CODE]   (no credit code: personal login)
# Prints the session JSON (access token, refresh token, current identity, identities).
set -euo pipefail
base=$1 account=$2 password=$3 credit_code=${4:-}
captcha=$(curl -fsS -X POST "$base/api/captcha")
answer=$(python3 -c '
import hashlib, itertools, json, sys
c = json.loads(sys.argv[1]); salt = c["challenge"]["salt"]; bits = c["challenge"]["difficulty"]
for n in itertools.count():
    h = int.from_bytes(hashlib.sha256((salt + str(n)).encode()).digest(), "big")
    if bits == 0 or h >> (256 - bits) == 0:
        print(json.dumps({"captchaId": c["captchaId"], "answer": str(n)})); break' "$captcha")
body=$(python3 -c 'import json,sys; a,p,c,cap=sys.argv[1:]; b={"mode":"enterprise" if c else "personal","account":a,"password":p,"captcha":json.loads(cap)}
if c: b["creditCode"]=c
print(json.dumps(b))' "$account" "$password" "$credit_code" "$answer")
curl -sS -X POST "$base/api/auth/login" -H 'Content-Type: application/json' -d "$body"
echo
