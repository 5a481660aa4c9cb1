#!/usr/bin/env python3
"""Benchmark: `bicepgate whatif --summarize` on a generated what-if result of N changes (default
20,000). Prints wall time, the binary's CPU time and peak memory, and the ratio of peak memory to
the file size, as a table and as JSON. Goal (issue 16): under half a second, under 3x the file size; --summarize streams, so its
peak is the binary's own baseline whatever the size."""

import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
BINARY = os.environ.get("BICEPGATE_BINARY", os.path.join(ROOT, "build", "bicepgate"))
TYPES = ["Create", "Delete", "Modify", "Deploy", "NoChange", "Ignore", "Unsupported"]


def generate(n, seed=7):
    rng = random.Random(seed)
    changes = []
    for i in range(n):
        kind = rng.choice(TYPES)
        rid = (f"/subscriptions/00000000-0000-4000-8000-000000000001/resourceGroups/rg-bench/providers/"
               f"Microsoft.Storage/storageAccounts/st{i:06d}")
        body = {"apiVersion": "2022-09-01", "id": rid, "location": "eastus", "name": f"st{i:06d}",
                "sku": {"name": "Standard_LRS"}, "kind": "StorageV2", "properties": {"minimumTlsVersion": "TLS1_2"}}
        change = {"resourceId": rid, "changeType": kind, "before": None if kind == "Create" else body,
                  "after": None if kind == "Delete" else body, "delta": None, "unsupportedReason": None}
        if kind == "Modify":
            change["delta"] = [{"path": "sku.name", "propertyChangeType": "Modify",
                                "before": "Standard_LRS", "after": "Standard_GRS", "children": None}]
        changes.append(change)
    return {"changes": changes, "error": None, "status": "Succeeded"}


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20000
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "whatif.json")
        with open(path, "w", encoding="utf-8") as f:
            json.dump(generate(n), f, indent=2)
        size = os.path.getsize(path)
        # Peak memory from GNU time (the child's own high-water mark): RUSAGE_CHILDREN's ru_maxrss
        # also counts the forked copy of this Python process, which holds the generated plan.
        timing = os.path.join(tmp, "time.txt")
        gnu_time = ["/usr/bin/time", "-f", "%M", "-o", timing] if os.path.exists("/usr/bin/time") else []
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        done = subprocess.run([*gnu_time, BINARY, "whatif", "--summarize", path], capture_output=True,
                              text=True, check=True)
        wall = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        peak_kb = int(open(timing).read().split()[-1]) if gnu_time else after.ru_maxrss
        if not gnu_time:
            print("no /usr/bin/time (Debian package 'time'): peak memory includes the forked Python")
    counts = json.loads(done.stdout)
    assert sum(counts.values()) == n, counts
    figures = {"changes": n, "file_bytes": size, "wall_seconds": round(wall, 3),
               "cpu_seconds": round((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), 3),
               "peak_rss_bytes": peak_kb * 1024,
               "peak_rss_over_file": round(peak_kb * 1024 / size, 2)}
    print(f"{'changes':>8} {'file MB':>8} {'wall s':>7} {'cpu s':>6} {'peak MB':>8} {'peak/file':>9}")
    print(f"{n:>8} {size / 1e6:>8.1f} {figures['wall_seconds']:>7.3f} {figures['cpu_seconds']:>6.3f} "
          f"{figures['peak_rss_bytes'] / 1e6:>8.1f} {figures['peak_rss_over_file']:>9.2f}")
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
