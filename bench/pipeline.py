#!/usr/bin/env python3
"""Benchmark: the whole pipeline (lint, what-if, gate, deploy, health) through the real `az`
and the local ARM emulator, on generated templates of 10, 100 and 1,000 storage accounts,
against bench/plain-pipeline.sh doing what the original orchestrator did (one `az resource
show` per resource for health).

Per size and tool: wall time; the tool's own CPU time (its process only, read from
/proc/PID/stat every 20 ms, children excluded); CPU including children (from wait4); the number
of `az` processes started (a counting wrapper on PATH); the tool's peak resident memory
(VmHWM). Printed as a table and as JSON (also written to --json FILE).

    python3 bench/pipeline.py [--sizes 10,100,1000] [--json FILE]"""

import argparse
import hashlib
import json
import os
import subprocess
import sys
import threading
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, os.path.join(ROOT, "tests", "e2e"))
from harness import Runner  # noqa: E402

PLAIN = os.path.join(ROOT, "bench", "plain-pipeline.sh")
CONFIG = """
environments:
  bench:
    resource-group: rg-aos-dev
    template: bench/main.bicep
routes:
  - event: push
    branch: main
    environment: bench
"""


def generate(n):
    """A Bicep source of n storage accounts (the real compiler builds it in each run)."""
    source = ["param location string = resourceGroup().location", ""]
    for i in range(n):
        source += [f"resource st{i} 'Microsoft.Storage/storageAccounts@2023-05-01' = {{",
                   f"  name: 'stbench{i:05d}'", "  location: location", "  sku: {", "    name: 'Standard_LRS'", "  }",
                   "  kind: 'StorageV2'", "}", ""]
    return "\n".join(source)


def measure(process, az_log):
    """Samples the process until it ends; returns the figures."""
    own_cpu, peak_kb = 0.0, 0
    tick = os.sysconf("SC_CLK_TCK")
    started = time.monotonic()
    while True:
        try:
            with open(f"/proc/{process.pid}/stat", encoding="utf-8") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            own_cpu = (int(fields[11]) + int(fields[12])) / tick  # utime, stime: this process only
            with open(f"/proc/{process.pid}/status", encoding="utf-8") as f:
                for line in f:
                    if line.startswith("VmHWM:"):
                        peak_kb = max(peak_kb, int(line.split()[1]))
        except (FileNotFoundError, ProcessLookupError, IndexError):
            pass
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        time.sleep(0.02)
    wall = time.monotonic() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    with open(az_log, encoding="utf-8") as f:
        az_processes = sum(1 for _ in f)
    return {"wall_s": round(wall, 2), "own_cpu_s": round(own_cpu, 2),
            "cpu_with_children_s": round(usage.ru_utime + usage.ru_stime, 2),
            "az_processes": az_processes, "peak_rss_mb": round(peak_kb / 1024, 1),
            "exit_code": process.returncode}


def run_bicepgate(runner):
    started = runner.spawn(event="push", ref="refs/heads/main", inputs={"skip-health": "false"})
    # The output is not needed, but it must be read: a full pipe would stall the run.
    drains = [threading.Thread(target=stream.read, daemon=True)
              for stream in (started.process.stdout, started.process.stderr)]
    for drain in drains:
        drain.start()
    figures = measure(started.process, started.az_log)
    for drain in drains:
        drain.join(timeout=10)
    return figures


def run_plain(runner, name):
    az_log = os.path.join(runner.tmp, "plain-az.log")
    open(az_log, "w").close()
    env = dict(runner.base_env, AZ_CALL_LOG=az_log)
    env["PATH"] = runner.counter_dir + os.pathsep + env["PATH"]
    process = subprocess.Popen([PLAIN, os.path.join(runner.workspace, "bench", "main.bicep"), "rg-aos-dev", name],
                               env=env, cwd=runner.workspace, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
    return measure(process, az_log)


def one_size(n):
    source = generate(n)
    figures = {}
    for tool in ("bicepgate", "plain script"):
        # A fresh emulator and resource group for each run: both start from nothing.
        # The plain script at 1,000 resources runs for many minutes: the emulator must outlive it.
        runner = Runner(files={"bench/main.bicep": source, ".github/bicepgate.yml": CONFIG}, max_seconds=7200)
        try:
            if tool == "bicepgate":
                figures[tool] = run_bicepgate(runner)
            else:
                name = "plain-" + hashlib.sha256(source.encode()).hexdigest()[:12]
                figures[tool] = run_plain(runner, name)
        finally:
            runner.close()
    return figures


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10,100,1000")
    parser.add_argument("--json")
    args = parser.parse_args()
    results = []
    header = (f"{'resources':>9} {'tool':<13} {'wall s':>8} {'own CPU s':>9} {'CPU+children s':>14} "
              f"{'az procs':>8} {'peak MB':>8} {'exit':>4}")
    print(header)
    for n in (int(s) for s in args.sizes.split(",")):
        figures = one_size(n)
        for tool, f in figures.items():
            print(f"{n:>9} {tool:<13} {f['wall_s']:>8} {f['own_cpu_s']:>9} {f['cpu_with_children_s']:>14} "
                  f"{f['az_processes']:>8} {f['peak_rss_mb']:>8} {f['exit_code']:>4}", flush=True)
        gate, plain = figures["bicepgate"], figures["plain script"]
        ratio = {"wall": round(plain["wall_s"] / gate["wall_s"], 2) if gate["wall_s"] else None,
                 "az_processes": round(plain["az_processes"] / gate["az_processes"], 2)
                 if gate["az_processes"] else None}
        print(f"{n:>9} {'ratio':<13} plain/bicepgate: wall {ratio['wall']}x, az processes "
              f"{ratio['az_processes']}x", flush=True)
        results.append({"resources": n, "bicepgate": gate, "plain_script": plain, "plain_over_bicepgate": ratio})
    document = {"benchmark": "pipeline", "results": results}
    print(json.dumps(document, indent=2))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(document, f, indent=2)


if __name__ == "__main__":
    main()
