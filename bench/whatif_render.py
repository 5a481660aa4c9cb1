#!/usr/bin/env python3
"""Benchmark: the plan rendered from a generated what-if result of N changes (default 20,000),
through the binary as a user runs it: `bicepgate whatif FILE` (the terminal table) and
`bicepgate whatif --format markdown FILE` (the full plan, as the plan file). Both read the file
with the streamed reader the run uses (azure/what_if_stream). Prints wall time and peak memory
(GNU time) against the file size, as a table and as JSON. Goal (issue 16): under 0.5 s and under
3x the file size."""

import json
import os
import random
import subprocess
import sys
import tempfile
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
BINARY = os.environ.get("BICEPGATE_BINARY", os.path.join(ROOT, "build", "bicepgate"))
TYPES = ["Create", "Delete", "Modify", "Modify", "Deploy", "NoChange", "Ignore", "Unsupported"]


def generate(n, seed=11):
    rng = random.Random(seed)
    changes = []
    for i in range(n):
        kind = rng.choice(TYPES)
        rid = (f"/subscriptions/00000000-0000-4000-8000-000000000001/resourceGroups/rg-bench/providers/"
               f"Microsoft.Storage/storageAccounts/st{i:06d}")
        body = {"apiVersion": "2022-09-01", "id": rid, "location": "eastus", "name": f"st{i:06d}",
                "sku": {"name": "Standard_LRS", "tier": "Standard"}, "kind": "StorageV2",
                "tags": {"environment": "bench", "owner": f"team-{i % 17}"},
                "properties": {"minimumTlsVersion": "TLS1_2", "publicNetworkAccess": "Disabled",
                               "networkAcls": {"defaultAction": "Deny", "bypass": "AzureServices",
                                               "ipRules": [{"value": f"10.0.{i % 250}.0/24"}]},
                               "encryption": {"keySource": "Microsoft.Storage",
                                              "services": {"blob": {"enabled": True}, "file": {"enabled": True}}}}}
        after = json.loads(json.dumps(body))
        change = {"resourceId": rid, "changeType": kind, "before": None if kind == "Create" else body,
                  "after": None if kind == "Delete" else after, "delta": None, "unsupportedReason": None}
        if kind == "Modify":
            after["sku"]["name"] = "Standard_GRS"
            after["properties"]["publicNetworkAccess"] = "Enabled" if i % 3 == 0 else "Disabled"
            change["delta"] = [
                {"path": "sku.name", "propertyChangeType": "Modify", "before": "Standard_LRS",
                 "after": "Standard_GRS", "children": None},
                {"path": "properties.networkAcls.ipRules", "propertyChangeType": "Array", "before": None,
                 "after": None, "children": [{"path": "1", "propertyChangeType": "Create", "before": None,
                                              "after": {"value": "192.168.0.0/16", "action": "Allow"},
                                              "children": None}]},
                {"path": "tags.owner", "propertyChangeType": "Modify", "before": f"team-{i % 17}",
                 "after": "platform", "children": None}]
            if i % 3 == 0:
                change["delta"].append({"path": "properties.publicNetworkAccess", "propertyChangeType": "Modify",
                                        "before": "Disabled", "after": "Enabled", "children": None})
        if kind == "Unsupported":
            change["unsupportedReason"] = "The resource is in a nested template that what-if cannot evaluate."
        changes.append(change)
    return {"changes": changes, "error": None, "status": "Succeeded"}


def measure(args, tmp):
    timing = os.path.join(tmp, "time.txt")
    started = time.perf_counter()
    done = subprocess.run(["/usr/bin/time", "-f", "%M %e", "-o", timing, BINARY, *args],
                          capture_output=True, text=True, check=True)
    wall = time.perf_counter() - started
    peak_kb, _ = open(timing).read().split()[-2:]
    return done.stdout, wall, int(peak_kb) * 1024


def main():
    if not os.path.exists("/usr/bin/time"):
        sys.exit("needs GNU time (/usr/bin/time, Debian package 'time') for the child's peak memory")
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20000
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "whatif.json")
        with open(path, "w", encoding="utf-8") as f:
            json.dump(generate(n), f, indent=2)
        size = os.path.getsize(path)
        for name, args in (("table", ["whatif", path]), ("markdown", ["whatif", "--format", "markdown", path])):
            out, wall, peak = measure(args, tmp)
            # The plan really was rendered: every resource that changes has its row.
            assert "Blast radius" in out and "st000000" in out[:10**9], out[:500]
            assert "Standard_LRS" in out, "no before → after values in the output"
            results.append({"mode": name, "changes": n, "file_bytes": size, "output_bytes": len(out.encode()),
                            "wall_seconds": round(wall, 3), "peak_rss_bytes": peak,
                            "peak_rss_over_file": round(peak / size, 2)})
    print(f"{'mode':>9} {'changes':>8} {'file MB':>8} {'out MB':>7} {'wall s':>7} {'peak MB':>8} {'peak/file':>9}")
    for r in results:
        print(f"{r['mode']:>9} {r['changes']:>8} {r['file_bytes'] / 1e6:>8.1f} {r['output_bytes'] / 1e6:>7.1f} "
              f"{r['wall_seconds']:>7.3f} {r['peak_rss_bytes'] / 1e6:>8.1f} {r['peak_rss_over_file']:>9.2f}")
    print(json.dumps(results))


if __name__ == "__main__":
    main()
