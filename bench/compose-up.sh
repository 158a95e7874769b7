#!/usr/bin/env bash
# bench/compose-up.sh: the published Compose file run here, timed from `docker-compose up -d` until every service
# with an image here (all but Grafana and Jaeger: images/not-built) is healthy by its own health check; then
# `docker-compose down -v`. Needs the images (./deploy-code images) and a Docker engine. Publishes with the local
# budget profile (the production one asks circle-of-experts for more CPUs than a small machine has).
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."
out=$(mktemp -d "${TMPDIR:-/tmp}/deploycode-compose-up-XXXX")
project="deploycode-bench-$$"
cleanup() { (cd "$out/compose" 2>/dev/null && docker-compose -p "$project" down -v >/dev/null 2>&1) || true; rm -rf "$out"; }
trap cleanup EXIT

dotnet build DeployCode.AppHost -v q -nologo >/dev/null
dotnet run --project DeployCode.AppHost --no-build --no-launch-profile -- \
  --operation publish --step publish --output-path "$out" DeployCode:Profile=local >/dev/null
cd "$out/compose"
# As a user does: .env from .env.example, every value filled in.
while IFS= read -r line; do
  case "$line" in *=) printf '%s%s\n' "$line" "$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')" ;; *) printf '%s\n' "$line" ;; esac
done < .env.example > .env
services=$(docker-compose config --services | grep -v -e '^grafana$' -e '^jaeger$')
start=$(date +%s.%N)
docker-compose -p "$project" up -d $services 2>&1 | grep -v 'not supported and have been ignored' >&2 || true
deadline=$(( $(date +%s) + 600 ))
while :; do
  states=$(for id in $(docker-compose -p "$project" ps -q $services); do docker inspect --format '{{.State.Health.Status}}' "$id"; done | sort | uniq -c | tr -s ' \n' ' ')
  echo "$states" | grep -q -e starting -e unhealthy || break
  [ "$(date +%s)" -lt "$deadline" ] || { echo "not all healthy after 600 s: $states" >&2; exit 1; }
  sleep 1
done
printf 'docker-compose up -d -> all healthy (%s): %.1f s\n' "$(echo $states | xargs)" "$(echo "$(date +%s.%N) - $start" | bc)"
