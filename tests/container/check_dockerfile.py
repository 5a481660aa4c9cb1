#!/usr/bin/env python3
"""Checks the Dockerfile the way hadolint would for the rules that matter here (hadolint is not
packaged for Debian 12), plus GitHub's rules for Docker actions:
- every FROM names a tag other than latest, and every stage is debian:trixie-slim (the one base
  scripts/base-image can make where no registry answers, with the Azure CLI bicepgate is
  tested against); ADD never fetches URLs;
- no USER anywhere (GitHub runs Docker actions as root; a later stage would inherit it);
- apt-get install runs with -y and --no-install-recommends, after apt-get update in the same
  RUN, which also removes /var/lib/apt/lists;
- every download (curl/wget) is checked with sha256sum -c in the same RUN;
- the final stage has no USER and no WORKDIR (GitHub runs actions as root in the workspace) and
  an exec-form ENTRYPOINT;
- the build stage installs only packages scripts/install-deps installs on CI, and builds with
  scripts/container-build (which CI runs);
- the runtime stage cuts az down with scripts/az-slim.py and checks what is left, in the RUN
  that installs azure-cli (a later RUN could not make the layer smaller);
- shellcheck passes on every RUN (its --mount flags aside).
Prints Dockerfile:LINE findings; exit 1 when there are any."""

import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BASE = "debian:trixie-slim"


def instructions(text):
    """(line, keyword, argument) with continuation lines joined."""
    out, buffer, start = [], "", 0
    for number, line in enumerate(text.splitlines(), 1):
        if not buffer and (not line.strip() or line.lstrip().startswith("#")):
            continue
        if not buffer:
            start = number
        if line.lstrip().startswith("#"):
            continue
        if line.rstrip().endswith("\\"):
            buffer += line.rstrip()[:-1] + " "
            continue
        buffer += line
        keyword, _, argument = buffer.strip().partition(" ")
        out.append((start, keyword.upper(), argument.strip()))
        buffer = ""
    return out


def ci_packages():
    with open(os.path.join(ROOT, "scripts", "install-deps"), encoding="utf-8") as f:
        text = f.read()
    block = re.search(r"packages=\((.*?)\)", text, re.DOTALL).group(1)
    return set(block.split())


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "Dockerfile")
    with open(path, encoding="utf-8") as f:
        parsed = instructions(f.read())
    problems = []

    def problem(line, message):
        problems.append(f"{path}:{line}: {message}")

    if not parsed or parsed[0][1] not in ("FROM", "ARG"):
        problem(1, "the first instruction must be FROM")
    stages = [i for i, (_, k, _) in enumerate(parsed) if k == "FROM"]
    final = stages[-1] if stages else 0
    args = {}
    for index, (line, keyword, argument) in enumerate(parsed):
        if keyword == "ARG":
            name, _, value = argument.partition("=")
            args[name] = value
        if keyword == "FROM":
            image = argument.split()[0]
            if ":" not in image or image.endswith(":latest"):
                problem(line, f"FROM {image}: pin a tag (not latest)")
            elif image != BASE:
                problem(line, f"FROM {image}: every stage is {BASE} (scripts/base-image makes it offline)")
        if keyword == "ADD" and re.search(r"https?://", argument):
            problem(line, "ADD of a URL: download with curl and check its sha256")
        if keyword == "USER":
            problem(line, "USER: GitHub runs Docker actions as root; keep the uid 1001 user for docker run --user")
        elif index > final and keyword == "WORKDIR":
            problem(line, f"{keyword} in the final stage: GitHub runs Docker actions as root in the workspace")
        if index > final and keyword == "ENTRYPOINT" and not argument.startswith("["):
            problem(line, "ENTRYPOINT must be the exec form (a JSON array)")
        if keyword != "RUN":
            continue
        # BuildKit's RUN flags (--mount=type=cache,...) come before the command.
        while argument.startswith("--"):
            argument = argument.split(None, 1)[1] if " " in argument else ""
        if "apt-get install" in argument and "azure-cli" in argument.split():
            if not re.search(r"az-slim\.py slim .*az-slim\.py check", argument, re.DOTALL):
                problem(line, "install azure-cli and cut it down (scripts/az-slim.py slim, then check) in one RUN")
        if "apt-get install" in argument:
            if "apt-get update" not in argument.split("apt-get install")[0]:
                problem(line, "apt-get install without apt-get update before it in the same RUN")
            if "--no-install-recommends" not in argument or not re.search(r"install[^&]*\s-y\b", argument):
                problem(line, "apt-get install needs -y and --no-install-recommends")
            if "rm -rf /var/lib/apt/lists" not in argument:
                problem(line, "remove /var/lib/apt/lists in the RUN that installs")
        if re.search(r"\b(curl|wget)\b.*https?://", argument, re.DOTALL) and "sha256sum -c" not in argument:
            problem(line, "a download without a sha256sum -c check")
        with tempfile.NamedTemporaryFile("w", suffix=".sh", delete=False) as f:
            f.write("#!/bin/sh\nset -e\n" + "".join(f"{k}='{v}'\n" for k, v in args.items()) + argument + "\n")
        done = subprocess.run(["shellcheck", "-f", "gcc", "-e", "SC2034,SC1091", f.name], capture_output=True, text=True)
        os.unlink(f.name)
        for finding in done.stdout.splitlines():
            problem(line, "shellcheck: " + finding.split(":", 3)[-1].strip())
    build_runs = [a for (_, k, a) in parsed[stages[0]:stages[1] if len(stages) > 1 else None] if k == "RUN"]
    if not any("scripts/container-build" in run for run in build_runs):
        problem(parsed[stages[0]][0], "the build stage must build with scripts/container-build (CI runs it)")
    wanted = ci_packages()
    for run in build_runs:
        if "apt-get install" in run:
            names = [w for w in run.split("apt-get install", 1)[1].split("&&")[0].split() if not w.startswith("-")]
            for name in names:
                if name not in wanted:
                    problem(parsed[stages[0]][0], f"build stage package {name} is not installed on CI (scripts/install-deps)")
    for p in problems:
        print(p)
    print(f"check_dockerfile: {len(parsed)} instructions, {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
