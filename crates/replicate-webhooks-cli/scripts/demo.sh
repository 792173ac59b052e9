#!/usr/bin/env bash
# `make demo`: Replicate's webhooks, simulated end to end on this machine.
#
# Starts `replicate-webhooks listen` on a free loopback port, then has
# `replicate-webhooks send` deliver a succeeded prediction, a failed one and a
# tampered delivery to it, showing what the sender saw and what the receiver
# decided. Ends with `sign` and `verify` by hand. The listener is always stopped.
#
# Usage: demo.sh PATH/TO/replicate-webhooks
set -euo pipefail

bin=${1:?usage: demo.sh PATH/TO/replicate-webhooks}
# The example secret from Replicate's docs; use your own from
# `curl -s -H "Authorization: Bearer $REPLICATE_API_TOKEN" https://api.replicate.com/v1/webhooks/default/secret`.
export REPLICATE_WEBHOOK_SECRET='whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD'
# 0.05: the 500 ms between events becomes 25 ms, the one-minute retry window 3 s.
scale=0.05

work=$(mktemp -d)
listener=''
stop() {
	if [[ -n $listener ]]; then
		kill "$listener" 2>/dev/null || true
		wait "$listener" 2>/dev/null || true
	fi
	rm -rf "$work"
}
trap stop EXIT
trap 'exit 130' INT TERM

if [[ -t 1 ]]; then bold=$'\e[1m' dim=$'\e[2m' plain=$'\e[0m'; else bold='' dim='' plain=''; fi
step() { printf '\n%s── %s%s\n' "$bold" "$*" "$plain"; }
shown=0
# Print what the listener logged since the last call, indented.
heard() {
	sleep 0.1 # the listener prints before it answers; this is only for the last line's flush
	local total
	total=$(wc -l <"$work/listen.log")
	if ((total > shown)); then
		printf '%s  listener:%s\n' "$dim" "$plain"
		tail -n "+$((shown + 1))" "$work/listen.log" | head -n "$((total - shown))" | sed 's/^/    /'
	fi
	shown=$total
}
show() { printf '%s$ %s%s\n' "$dim" "$*" "$plain"; }

step "1. A local receiver that verifies every webhook"
show "replicate-webhooks listen --port 0"
"$bin" listen --port 0 --addr-file "$work/url" >"$work/listen.log" 2>&1 &
listener=$!
for _ in $(seq 100); do [[ -s $work/url ]] && break; sleep 0.05; done
[[ -s $work/url ]] || { cat "$work/listen.log"; echo "listen did not start" >&2; exit 1; }
url=$(cat "$work/url")
heard

step "2. A prediction that succeeds: start, logs and output as they happen, then completed"
show "replicate-webhooks send $url --scenario succeeded --time-scale $scale"
"$bin" send "$url" --scenario succeeded --time-scale "$scale"
heard

step "3. A prediction that fails"
show "replicate-webhooks send $url --scenario failed --time-scale $scale"
"$bin" send "$url" --scenario failed --time-scale "$scale"
heard

step "4. A tampered delivery: the body is changed after signing"
echo "Only the completed webhook is retried: same webhook-id, fresh timestamp, growing gaps, the last ~1 min (here ${scale}x) after the first."
show "replicate-webhooks send $url --events completed --tamper body --time-scale $scale"
status=0
"$bin" send "$url" --events completed --tamper body --time-scale "$scale" 2>&1 || status=$?
heard
if ((status == 3)); then
	echo "send exited with 3 (final webhook never accepted): the receiver refused the forgery, as it should."
else
	echo "unexpected: send exited with $status" >&2
	exit 1
fi

step "5. sign and verify by hand"
printf '%s' '{"id":"gm3qorzdhgbfurvjtvhg6dckhu","status":"succeeded","output":["https://replicate.delivery/out.png"]}' >"$work/body.json"
show "replicate-webhooks sign body.json"
"$bin" sign "$work/body.json" | tee "$work/headers"
{ read -r id; read -r timestamp; read -r signature; } <"$work/headers"
show "replicate-webhooks verify -H 'webhook-id: …' -H 'webhook-timestamp: …' -H 'webhook-signature: …' body.json"
"$bin" verify -H "$id" -H "$timestamp" -H "$signature" "$work/body.json"
printf '%s' '{"id":"gm3qorzdhgbfurvjtvhg6dckhu","status":"succeeded","output":["https://evil.example/out.png"]}' >"$work/body.json"
show "# the same headers, but the output URL in the body was swapped"
status=0
"$bin" verify -H "$id" -H "$timestamp" -H "$signature" "$work/body.json" 2>&1 || status=$?
echo "verify exited with $status (exit codes: replicate-webhooks verify --help)"
