#!/usr/bin/env bash
# Registers a person through the API the way the web page does (A1): the tax office issues a registration code for
# the ID (the proof that the registrant is the person the ID names, as the tax hall hands it out), the page solves
# a captcha, asks for an SMS code, reads it from the development inbox (development settings only) and posts the
# registration.
# Usage: scripts/register.sh BASE_URL OPERATOR_KEY NAME ID_TYPE ID_NUMBER PHONE PASSWORD
set -euo pipefail
base=$1 operator_key=$2 name=$3 id_type=$4 id_number=$5 phone=$6 password=$7
json() { python3 -c 'import json,sys; print(json.load(sys.stdin)'"$1"')'; }

registration_code=$(curl -fsS -X POST "$base/api/operator/persons/$id_type/$id_number/registration-code" \
  -H "X-Operator-Key: $operator_key" | json '["registrationCode"]')
captcha=$("$(dirname "$0")/captcha.sh" "$base")
verification=$(curl -fsS -X POST "$base/api/verifications/sms" -H 'Content-Type: application/json' \
  -d "{\"purpose\":\"register\",\"phone\":\"$phone\",\"captcha\":$captcha}" | json '["verificationId"]')
code=$(curl -fsS "$base/api/dev/sms?phone=$phone" | python3 -c 'import json,re,sys; print(re.search(r"\d{6}", json.load(sys.stdin)[0]["message"]).group())')
body=$(python3 -c 'import json,sys; n,t,i,p,v,c,r,w=sys.argv[1:]; print(json.dumps({"name":n,"idType":t,"idNumber":i,"phone":p,"verification":{"verificationId":v,"code":c},"identityProof":{"registrationCode":r},"password":w}, ensure_ascii=False))' \
  "$name" "$id_type" "$id_number" "$phone" "$verification" "$code" "$registration_code" "$password")
status=$(curl -sS -o /tmp/register-response.$$ -w '%{http_code}' -X POST "$base/api/persons" -H 'Content-Type: application/json' --data-binary "$body")
if [ "$status" != 201 ]; then
  echo "Registering $name failed with $status: $(cat /tmp/register-response.$$)" >&2
  rm -f /tmp/register-response.$$; exit 1
fi
rm -f /tmp/register-response.$$
echo "  registered $name ($phone)"
