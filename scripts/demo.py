#!/usr/bin/env python3
"""Shows bicepgate working end to end against the local ARM emulator: a push to main deploys
the sample templates to prod (compiled by the pinned Bicep CLI), a second push finds nothing changed, a pull request plans
staging without deploying, and a push to develop deploys the modular platform
(bicep/main-modular.bicep with parameters/dev.bicepparam) to dev."""

import os
import subprocess
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, os.path.join(ROOT, "tests", "e2e"))
os.environ.setdefault("BICEPGATE_BINARY", os.path.join(ROOT, "build", "bicepgate"))

from harness import Runner, pull_request_payload  # noqa: E402


def show(title, result):
    print(f"\n=== {title}: exit {result.code}")
    print(result.stdout.rstrip())
    print(result.stderr.rstrip())
    print("--- outputs")
    for name, value in result.outputs.items():
        print(f"{name} = {value}")
    print("--- job summary")
    print(result.summary.rstrip())
    return result.code


def main():
    print("Starting the local ARM emulator and logging the Azure CLI in to it...")
    runner = Runner()
    try:
        print(f"emulator at {runner.emulator.base}, workspace {runner.workspace}")
        compiler = subprocess.run(["bicep", "--version"], capture_output=True, text=True, timeout=60,
                                  env=runner.base_env, stdin=subprocess.DEVNULL)
        print(f"compiling with the real {compiler.stdout.strip() or compiler.stderr.strip()}")
        codes = [
            show("push to main (deploys prod)", runner.run(event="push", ref="refs/heads/main")),
            show("push to main again (nothing changed)", runner.run(event="push", ref="refs/heads/main")),
            show("pull request into main (plans staging)",
                 runner.run(event="pull_request", ref="refs/pull/7/merge", payload=pull_request_payload())),
            show("push to develop (deploys the modular platform to dev)",
                 runner.run(event="push", ref="refs/heads/develop",
                            inputs={"template": "bicep/main-modular.bicep",
                                    "parameters": "bicep/parameters/dev.bicepparam"})),
        ]
    finally:
        runner.close()
    print("\nemulator requests: see above; all runs " + ("succeeded" if not any(codes) else "did NOT all succeed"))
    return 1 if any(codes) else 0


if __name__ == "__main__":
    sys.exit(main())
