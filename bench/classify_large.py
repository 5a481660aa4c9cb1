#!/usr/bin/env python3
"""Benchmark: `bicepgate classify` (and `--explain`) on large failure outputs, the kind a real az
run can print. Prints wall time, CPU time and peak memory per input, as a table and as JSON.
Figures only, no timed assertions (issue 17: 3-7 s on a 300 kB input before the regex work).

    python3 bench/classify_large.py [size_kb]     (default 300; BICEPGATE_BINARY overrides build/)

The inputs copy shapes from tests/fixtures/corpus (tune records only):
  deployment-failed  az's one-line "ERROR: {"status":"Failed","error":{"code":"DeploymentFailed"…"
                     with hundreds of inner operation errors, each a JSON string in "message" as ARM
                     nests them (deploy-011, deploy-019, arm-004)
  operations-list    the same errors as `az deployment operation group list` prints them, indented
                     JSON with statusMessage.error per operation (arm-172's indentation)
  traceback          az's "The command failed with an unexpected error. Here is the traceback:" and
                     a long chain of frames ending in a connection error (cli-029, cli-130)
  noisy-log          a runner log (timestamps, ANSI colours, az's progress) with the error, az's
                     "(Code) message" / "Code:" / "Message:" lines, at the very end (auth-006)
  unplaced-log       the same log with a code and wording no rule knows: every text, HTTP,
                     az-class and idiom rule runs over every line before the verdict
"""

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
SUB = "/subscriptions/7cc9eba2-e01a-4d0e-8631-9620618b07cf/resourceGroups/rg-bench"
WRAPPER = ("At least one resource deployment operation failed. Please list deployment operations "
           "for details. Please see https://aka.ms/arm-deployment-operations for usage details.")
# Inner causes as ARM words them (messages from tune records of the corpus).
CAUSES = [
    ("BadRequest", "InUseSubnetCannotBeDeleted",
     "Subnet DATA{i} is in use by {sub}/providers/Microsoft.Network/loadBalancers/lb{i}/"
     "frontendIPConfigurations/LoadBalancerFrontend and cannot be deleted. In order to delete the "
     "subnet, delete all the resources within the subnet. See aka.ms/deletesubnet."),
    ("BadRequest", "DnsRecordInUse",
     "DNS record app{i}.eastus2.cloudapp.azure.com is already used by another public IP."),
    ("Conflict", "OperationNotAllowed",
     "Operation results in exceeding quota limits of Core. Maximum allowed: 10, Current in use: "
     "10, Additional requested: {i}."),
    ("NotFound", "ParentResourceNotFound",
     "Can not perform requested operation on nested resource. Parent resource 'kv-{i}' not found."),
]


def inner_error(i):
    status, code, message = CAUSES[i % len(CAUSES)]
    body = {"error": {"code": code, "message": message.format(i=i, sub=SUB), "details": []}}
    return {"code": status, "message": json.dumps(body, indent=1).replace("\n", "\r\n")}


def deployment_failed(size):
    details, i = [], 0
    while sum(len(json.dumps(d)) for d in details) < size:
        details.append(inner_error(i))
        i += 1
    doc = {"status": "Failed", "error": {"code": "DeploymentFailed",
                                         "target": f"{SUB}/providers/Microsoft.Resources/deployments/main",
                                         "message": WRAPPER, "details": details}}
    return "ERROR: " + json.dumps(doc, separators=(",", ":")) + "\n"


def operations_list(size):
    operations, i = [], 0
    while sum(len(json.dumps(o)) for o in operations) < size:
        status, code, message = CAUSES[i % len(CAUSES)]
        operations.append({
            "id": f"{SUB}/providers/Microsoft.Resources/deployments/main/operations/{i:016X}",
            "operationId": f"{i:016X}",
            "properties": {
                "provisioningOperation": "Create", "provisioningState": "Failed",
                "timestamp": "2026-12-04T10:00:00.000000+00:00", "duration": "PT12.5S",
                "statusCode": status,
                "statusMessage": {"status": "Failed", "error": {
                    "code": code, "message": message.format(i=i, sub=SUB)}},
                "targetResource": {"id": f"{SUB}/providers/Microsoft.Network/virtualNetworks/vnet{i}",
                                   "resourceType": "Microsoft.Network/virtualNetworks",
                                   "resourceName": f"vnet{i}"}}})
        i += 1
    return json.dumps(operations, indent=4) + "\n"


def traceback(size):
    head = "The command failed with an unexpected error. Here is the traceback:\n"
    error = ("HTTPSConnectionPool(host='management.azure.com', port=443): Max retries exceeded with "
             "url: /subscriptions/x/resourcegroups/rg-bench?api-version=2022-09-01 (Caused by "
             "NewConnectionError('<urllib3.connection.HTTPSConnection object at 0x7feb595dc5f8>: "
             "Failed to establish a new connection: [Errno -3] Temporary failure in name resolution'))")
    frames = [
        ('/opt/az/lib/python3.11/site-packages/urllib3/connectionpool.py', 790, 'urlopen',
         'response = self._make_request('),
        ('/opt/az/lib/python3.11/site-packages/urllib3/connection.py', 211, '_new_conn',
         'sock = connection.create_connection('),
        ('/opt/az/lib/python3.11/site-packages/azure/core/pipeline/_base.py', 101, 'send',
         'response = self.next.send(request)'),
        ('/opt/az/lib/python3.11/site-packages/azure/core/pipeline/policies/_retry.py', 514, 'send',
         'response = self.next.send(request)'),
    ]
    body = [head, error + "\n", "Traceback (most recent call last):\n"]
    length, i = sum(map(len, body)), 0
    while length < size:
        path, line, func, code = frames[i % len(frames)]
        frame = f'  File "{path}", line {line}, in {func}\n    {code}\n'
        body.append(frame)
        length += len(frame)
        i += 1
    body.append("urllib3.exceptions.MaxRetryError: " + error + "\n")
    return "".join(body)


def noisy_log(size, seed=17, code="AuthorizationFailed",
              words="does not have authorization to perform"):
    rng = random.Random(seed)
    noise = [
        "\x1b[36;1maz deployment group create --resource-group rg-bench --template-file main.bicep\x1b[0m",
        " - Running ..",
        "Collecting azure-mgmt-resource==23.0.1",
        "  Downloading azure_mgmt_resource-23.0.1-py3-none-any.whl (2.6 MB)",
        "WARNING: The configuration value of bicep.use_binary_from_path has been set to 'false'.",
        "##[group]Run azure/login@v2",
        "Requirement already satisfied: msrest>=0.7.1 in /opt/az/lib/python3.11/site-packages",
        "##[endgroup]",
    ]
    lines, length, t = [], 0, 0
    while length < size:
        line = f"2026-12-04T10:{t // 600 % 60:02d}:{t // 10 % 60:02d}.{t:07d}Z {rng.choice(noise)}\n"
        lines.append(line)
        length += len(line)
        t += 1
    stamp = f"2026-12-04T10:59:59.{t:07d}Z "
    message = (f"The client 'x@example.com' with object id '1d1a' {words} "
               f"action 'Microsoft.Resources/deployments/write' over scope '{SUB}' or the scope is invalid.")
    for line in [f"##[error]ERROR: ({code}) {message}", f"Code: {code}",
                 f"Message: {message}", "##[error]Process completed with exit code 1."]:
        lines.append(stamp + line + "\n")
    return "".join(lines)


INPUTS = {"deployment-failed": deployment_failed, "operations-list": operations_list,
          "traceback": traceback, "noisy-log": noisy_log,
          "unplaced-log": lambda size: noisy_log(size, code="WidgetFrobnicated", words="frobbed the")}


def run(path, explain, tmp):
    timing = os.path.join(tmp, "time.txt")
    # Peak memory from GNU time (the child's own high-water mark, not the forked Python's).
    gnu_time = ["/usr/bin/time", "-f", "%M", "-o", timing] if os.path.exists("/usr/bin/time") else []
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    with open(path, "rb") as stdin:
        done = subprocess.run([*gnu_time, BINARY, "classify", *(["--explain"] if explain else [])],
                              stdin=stdin, capture_output=True, check=True, cwd=ROOT)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    peak_kb = int(open(timing).read().split()[-1]) if gnu_time else after.ru_maxrss
    verdict = done.stdout.decode(errors="replace")
    code = json.loads(verdict)["code"] if not explain else verdict.split("\n")[1].split()[-1]
    return {"wall_seconds": round(wall, 3),
            "cpu_seconds": round(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime, 3),
            "peak_rss_bytes": peak_kb * 1024, "code": code}


def main():
    size = int(sys.argv[1]) * 1000 if len(sys.argv) > 1 else 300_000
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, make in INPUTS.items():
            path = os.path.join(tmp, name + ".txt")
            with open(path, "w", encoding="utf-8") as f:
                f.write(make(size))
            for explain in (False, True):
                row = {"input": name, "bytes": os.path.getsize(path), "explain": explain}
                row.update(run(path, explain, tmp))
                rows.append(row)
    print(f"{'input':<18} {'kB':>5} {'mode':<8} {'wall s':>7} {'cpu s':>6} {'peak MB':>8}  code")
    for r in rows:
        print(f"{r['input']:<18} {r['bytes'] / 1000:>5.0f} {'explain' if r['explain'] else 'json':<8} "
              f"{r['wall_seconds']:>7.3f} {r['cpu_seconds']:>6.3f} {r['peak_rss_bytes'] / 1e6:>8.1f}  "
              f"{r['code']}")
    print(json.dumps(rows))


if __name__ == "__main__":
    main()
