#!/usr/bin/env bash
# The baseline bench/pipeline.py compares bicepgate with: what the original orchestrator did,
# as a plain script. Lint (bicep build), what-if, create, then one `az resource show` per
# deployed resource as the health check.
#   plain-pipeline.sh TEMPLATE.bicep RESOURCE_GROUP DEPLOYMENT_NAME
set -euo pipefail
template="$1" group="$2" name="$3"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
bicep build "$template" --stdout > "$work/main.json"
az deployment group what-if -g "$group" -n "$name" --template-file "$work/main.json" \
  --no-pretty-print --output json > "$work/what-if.json"
az deployment group create -g "$group" -n "$name" --template-file "$work/main.json" \
  --output json > "$work/deployment.json"
python3 -c 'import json,sys; [print(r["id"]) for r in json.load(open(sys.argv[1]))["properties"]["outputResources"]]' \
  "$work/deployment.json" > "$work/ids.txt"
unhealthy=0
while IFS= read -r id; do
  state=$(az resource show --ids "$id" --query properties.provisioningState --output tsv)
  [[ "$state" == "Succeeded" ]] || unhealthy=$((unhealthy + 1))
done < "$work/ids.txt"
echo "plain-pipeline: $(wc -l < "$work/ids.txt") resources checked, $unhealthy unhealthy"
[[ "$unhealthy" -eq 0 ]]
