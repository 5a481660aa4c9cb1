#!/usr/bin/env python3
"""Writes a recording for the bicep test double: the template's sha256, and what the compiler
printed for it (compiled ARM JSON, diagnostics with {path} for the file, exit code).

Usage: make_recording.py TEMPLATE.bicep --arm COMPILED.json [--stderr FILE] [--exit N] > OUT.json"""

import argparse
import hashlib
import json
import os
import sys


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("template")
    parser.add_argument("--arm")
    parser.add_argument("--stderr")
    parser.add_argument("--exit", type=int, default=0)
    args = parser.parse_args()
    with open(args.template, "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()
    recording = {"template": os.path.basename(args.template), "source_sha256": digest,
                 "exit_code": args.exit, "stderr": ""}
    if args.stderr:
        with open(args.stderr, encoding="utf-8") as f:
            recording["stderr"] = f.read()
    if args.arm:
        with open(args.arm, encoding="utf-8") as f:
            recording["arm_template"] = json.load(f)
    json.dump(recording, sys.stdout, indent=2)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
