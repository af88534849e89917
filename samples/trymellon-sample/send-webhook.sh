#!/usr/bin/env bash
# Sends one signed TryMellon webhook to the sample, signed the way TryMellon signs it:
# tm-signature = lowercase hex HMAC-SHA256 of the raw body, keyed by the secret's UTF-8 bytes.
#
#   samples/trymellon-sample/send-webhook.sh [type] [user_id]
#
# Environment: TRYMELLON_WEBHOOK_SECRET (default: the development issuer's secret),
#              URL (default: http://localhost:8080/webhooks/trymellon).
# Needs curl and openssl.
set -euo pipefail

type="${1:-session.revoked}"
user_id="${2:-demo-user}"
secret="${TRYMELLON_WEBHOOK_SECRET:-whsec_sample_development_only}"
url="${URL:-http://localhost:8080/webhooks/trymellon}"

hex="$(openssl rand -hex 16)"
event_id="${hex:0:8}-${hex:8:4}-4${hex:13:3}-a${hex:17:3}-${hex:20:12}"
id="evt_$(openssl rand -hex 12)"
now="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
body="{\"id\":\"${id}\",\"type\":\"${type}\",\"created_at\":\"${now}\",\"application_id\":\"app_sample\",\"tenant_id\":\"tenant_sample\",\"data\":{\"user_id\":\"${user_id}\",\"session_id\":\"sess_$(openssl rand -hex 6)\",\"reason\":\"admin\"}}"
signature="$(printf '%s' "$body" | openssl dgst -sha256 -hmac "$secret" -hex | sed 's/^.*= //')"

echo "POST ${url}  type=${type}  id=${id}"
curl -sS -o /dev/null -w 'HTTP %{http_code}\n' -X POST "$url" \
	-H 'Content-Type: application/json' \
	-H "tm-signature: ${signature}" \
	-H "tm-timestamp: ${now}" \
	-H "tm-event-id: ${event_id}" \
	--data-binary "$body"
