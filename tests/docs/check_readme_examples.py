#!/usr/bin/env python3
"""Every fenced block in README.md is an example under test. The line before each block is a
marker: `<!-- example: docs/examples/FILE -->` (the block must be byte-identical to that file,
and the file must do what the README says it does) or `<!-- example: none: REASON -->` (shown
as skipped, with the reason). One test per block, so `-v` lists what was checked and what was
skipped and why.

Usage: BICEPGATE_BINARY=build/bicepgate python3 tests/docs/check_readme_examples.py -v"""

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
README = os.path.join(ROOT, "README.md")
BINARY = os.environ.get("BICEPGATE_BINARY", os.path.join(ROOT, "build", "bicepgate"))

FENCE = re.compile(r"^( *)(`{3,}|~{3,})(.*)$")
MARKER = re.compile(r"^ *<!-- example: (?:none: (?P<reason>.+?)|(?P<path>\S+)(?: \(.*\))?) -->$")


class Block:
    def __init__(self, line, info, text, marker):
        self.line, self.info, self.text, self.marker = line, info, text, marker

    def name(self):
        if self.marker and self.marker.group("path"):
            return self.marker.group("path")
        return f"README.md:{self.line}"


def fenced_blocks(text):
    """The fenced code blocks of a Markdown text, each with the marker line before it (or None).
    A block's text loses the indentation of its fence, as CommonMark strips it."""
    lines, blocks, at = text.split("\n"), [], 0
    while at < len(lines):
        opening = FENCE.match(lines[at])
        if not opening:
            at += 1
            continue
        indent, fence = len(opening.group(1)), opening.group(2)
        marker = MARKER.match(lines[at - 1]) if at > 0 else None
        body, end = [], at + 1
        while end < len(lines):
            closing = re.match(r"^( *)(`{3,}|~{3,})\s*$", lines[end])
            if closing and closing.group(2)[0] == fence[0] and len(closing.group(2)) >= len(fence):
                break
            line = lines[end]
            strip = len(line) - len(line.lstrip(" "))
            body.append(line[min(strip, indent):])
            end += 1
        blocks.append(Block(at + 1, opening.group(3).strip(), "\n".join(body) + "\n", marker))
        at = end + 1
    return blocks


def run(argv, **kwargs):
    kwargs.setdefault("timeout", 120)
    return subprocess.run(argv, capture_output=True, text=True, stdin=subprocess.DEVNULL, **kwargs)


def shellcheck(test, path):
    if not shutil.which("shellcheck"):
        test.skipTest("shellcheck is not installed (scripts/install-deps)")
    done = run(["shellcheck", "--shell=bash", path])
    test.assertEqual(done.returncode, 0, done.stdout + done.stderr)


# --- docs/examples/routing.yml: the config loads in the real binary and routes as the README says.

def route(config, event, ref, payload=None, workspace=ROOT):
    """`bicepgate route` on `config` for one event, as a person asks "what would happen if"."""
    with tempfile.TemporaryDirectory() as tmp:
        event_path = os.path.join(tmp, "event.json")
        with open(event_path, "w", encoding="utf-8") as f:
            json.dump(payload or {}, f)
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "GITHUB_WORKSPACE": workspace,
               "GITHUB_REPOSITORY": "contoso/platform"}
        return run([BINARY, "route", "--config", config, "--event-name", event, "--ref", ref,
                    "--event-path", event_path], env=env, cwd=workspace, timeout=60)


def pull_request(base):
    return {"number": 7, "pull_request": {"number": 7, "head": {"ref": "feature/x", "repo": {"full_name": "contoso/platform"}},
                                          "base": {"ref": base, "repo": {"full_name": "contoso/platform"}}}}


def decided(test, done):
    test.assertEqual(done.returncode, 0, f"bicepgate route failed:\n{done.stderr}{done.stdout}")
    return json.loads(done.stdout)


def check_routing(test, path):
    if not os.access(BINARY, os.X_OK):
        test.skipTest(f"no bicepgate binary at {BINARY} (set BICEPGATE_BINARY)")
    # What the README's prose says this config does: develop → dev, a pull request into main
    # plans staging with a what-if of prod, main → prod.
    dev = decided(test, route(path, "push", "refs/heads/develop"))
    test.assertEqual(dev["environment"], "dev", dev)
    plan = decided(test, route(path, "pull_request", "refs/pull/7/merge", pull_request("main")))
    test.assertEqual((plan["environment"], plan["preview"], plan["plan_only"]), ("staging", ["prod"], True), plan)
    prod = decided(test, route(path, "push", "refs/heads/main"))
    test.assertEqual(prod["environment"], "prod", prod)
    nothing = decided(test, route(path, "push", "refs/heads/feature/x"))
    test.assertIsNone(nothing["environment"], nothing)
    with open(path, encoding="utf-8") as f:
        text = f.read()
    # And what its comments say: each delete-policy value, the list form of warnings-as-errors,
    # a glob in branch. Each variant is written inside the repository, where config paths must be.
    test.assertIn("delete-policy: allow ", text, "the delete-policy line this test checks is gone from the example")
    variants = [(text.replace("delete-policy: allow ", f"delete-policy: {policy} "), "push", "refs/heads/develop", "dev")
                for policy in ("block", "require-approval")]
    variants.append((text.replace("warnings-as-errors: true", "warnings-as-errors: [BCP037, no-unused-params]"),
                     "push", "refs/heads/main", "prod"))
    variants.append((text.replace("branch: develop ", "branch: release/*"), "push", "refs/heads/release/1.2", "dev"))
    for variant, event, ref, expected in variants:
        test.assertNotEqual(variant, text, "a README comment this test checks is gone from the example")
        handle, copy = tempfile.mkstemp(suffix=".yml", dir=os.path.dirname(path))
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as f:
                f.write(variant)
            test.assertEqual(decided(test, route(copy, event, ref))["environment"], expected, variant)
        finally:
            os.remove(copy)


# --- docs/examples/stack.yml: the stack config loads, and its comments' values load too.

def check_stack(test, path):
    if not os.access(BINARY, os.X_OK):
        test.skipTest(f"no bicepgate binary at {BINARY} (set BICEPGATE_BINARY)")
    test.assertEqual(decided(test, route(path, "push", "refs/heads/main"))["environment"], "platform")
    with open(path, encoding="utf-8") as f:
        text = f.read()
    variants = [text.replace("action-on-unmanage: deleteResources ", f"action-on-unmanage: {value} ")
                for value in ("detachAll", "deleteAll")]
    variants += [text.replace("deny-settings-mode: denyDelete ", f"deny-settings-mode: {value} ")
                 for value in ("none", "denyWriteAndDelete")]
    variants.append(text.replace("action-on-unmanage: deleteResources ",
                                 "action-on-unmanage: {resources: delete, resource-groups: detach} "))
    variants.append(text.replace("type: stack ", "type: deployment ").replace("    action-on-unmanage", "    #")
                    .replace("    deny-settings", "    # deny"))
    for variant in variants:
        test.assertNotEqual(variant, text, "a README comment this test checks is gone from the example")
        handle, copy = tempfile.mkstemp(suffix=".yml", dir=os.path.dirname(path))
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as f:
                f.write(variant)
            test.assertEqual(decided(test, route(copy, "push", "refs/heads/main"))["environment"], "platform",
                             variant)
        finally:
            os.remove(copy)


# --- docs/examples/scopes.yml: a management-group environment loads and routes; without its group,
# or with a scope of another spelling, the config is refused naming the key.

def check_scopes(test, path):
    if not os.access(BINARY, os.X_OK):
        test.skipTest(f"no bicepgate binary at {BINARY} (set BICEPGATE_BINARY)")
    platform = decided(test, route(path, "push", "refs/heads/main"))
    test.assertEqual(platform["environment"], "platform", platform)
    with open(path, encoding="utf-8") as f:
        text = f.read()
    for variant, says in ((text.replace("    management-group: mg-platform\n", ""), "needs 'management-group'"),
                          (text.replace("scope: managementGroup ", "scope: managementgroup "), "managementGroup or tenant")):
        test.assertNotEqual(variant, text, "a line this test checks is gone from the example")
        handle, copy = tempfile.mkstemp(suffix=".yml", dir=os.path.dirname(path))
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as f:
                f.write(variant)
            done = route(copy, "push", "refs/heads/main")
            test.assertNotEqual(done.returncode, 0, done.stdout)
            test.assertIn(says, done.stdout + done.stderr)
        finally:
            os.remove(copy)


# --- docs/examples/federated-credentials.sh: run with a stand-in az, then the real az's help.

STUB_AZ = """#!/usr/bin/env python3
import json, os, sys
with open(os.environ["AZ_ARGV_LOG"], "a", encoding="utf-8") as f:
    f.write(json.dumps(sys.argv[1:]) + "\\n")
if sys.argv[1:4] == ["ad", "app", "create"]:
    print("11111111-2222-4333-8444-555555555555")
"""
APP_ID = "11111111-2222-4333-8444-555555555555"


def command_path(argv):
    """The words of an az command before its first flag: ["ad", "app", "create"]."""
    words = []
    for word in argv:
        if word.startswith("-"):
            break
        words.append(word)
    return words


def flag_value(argv, flag):
    return argv[argv.index(flag) + 1]


def check_federated_credentials(test, path):
    shellcheck(test, path)
    with tempfile.TemporaryDirectory() as tmp:
        with open(os.path.join(tmp, "az"), "w", encoding="utf-8") as f:
            f.write(STUB_AZ)
        os.chmod(os.path.join(tmp, "az"), 0o755)
        log = os.path.join(tmp, "argv.jsonl")
        env = {"PATH": tmp + os.pathsep + os.environ.get("PATH", "/usr/bin:/bin"), "AZ_ARGV_LOG": log}
        done = run(["bash", "-eu", path], env=env, cwd=tmp)
        test.assertEqual(done.returncode, 0, done.stderr)
        with open(log, encoding="utf-8") as f:
            calls = [json.loads(line) for line in f]
    test.assertEqual([command_path(c) for c in calls][:2], [["ad", "app", "create"], ["ad", "sp", "create"]])
    credentials = [c for c in calls if command_path(c) == ["ad", "app", "federated-credential", "create"]]
    roles = [c for c in calls if command_path(c) == ["role", "assignment", "create"]]
    environments = ["dev", "staging", "prod"]
    test.assertEqual(len(credentials), 3, calls)
    for env, call in zip(environments, credentials):
        test.assertEqual(flag_value(call, "--id"), APP_ID)
        # The shell quoting must leave JSON that az hands to Microsoft Graph: a
        # federatedIdentityCredential needs name, issuer, subject and audiences, audiences
        # api://AzureADTokenExchange for Entra ID
        # (https://learn.microsoft.com/graph/api/resources/federatedidentitycredential). GitHub's
        # issuer and its subject for a job with `environment:` are in "About security hardening
        # with OpenID Connect" (docs.github.com, actions/security-for-github-actions).
        body = json.loads(flag_value(call, "--parameters"))
        test.assertEqual(body, {"name": f"github-{env}", "issuer": "https://token.actions.githubusercontent.com",
                                "subject": f"repo:OWNER/REPO:environment:{env}",
                                "audiences": ["api://AzureADTokenExchange"]})
    test.assertEqual([(flag_value(c, "--assignee"), flag_value(c, "--scope").rsplit("/", 1)[1]) for c in roles],
                     [(APP_ID, f"rg-aos-{env}") for env in environments])
    # Each command and flag exists in the real az.
    if not shutil.which("az"):
        test.skipTest("the calls are right, but az is not installed to check its commands and flags")
    for words in sorted({tuple(command_path(c)) for c in calls}):
        flags = sorted({w for c in calls if tuple(command_path(c)) == words for w in c if w.startswith("-")})
        helped = run(["az", *words, "--help"], timeout=120)
        test.assertEqual(helped.returncode, 0, f"az {' '.join(words)} --help: {helped.stderr}")
        for flag in flags:
            test.assertRegex(helped.stdout, rf"(?m)^\s+(?:\S+ )*{re.escape(flag)}\b", f"az {' '.join(words)} has no {flag}")


# --- docs/examples/setup.sh: the scripts it names exist; running them is scripts/test's own job.

def check_setup(test, path):
    shellcheck(test, path)
    with open(path, encoding="utf-8") as f:
        commands = [line.split("#")[0].split() for line in f if line.strip()]
    for words in commands:
        test.assertTrue(os.access(os.path.join(ROOT, words[0]), os.X_OK), f"{words[0]} is not an executable in the repository")
    test.skipTest("checked that " + " and ".join(w[0] for w in commands) + " exist; not run here: they install "
                  "packages and build, and scripts/test runs this test (scripts/demo: `bicepgate` e2e tests run the same job)")


# --- docs/examples/command-line.txt: every subcommand and flag it shows is one the binary takes.

def synopsis(path):
    """{("route",): {"--config", ...}, ("audit", "list"): {...}}: the flags shown per command."""
    commands, current = {}, None
    with open(path, encoding="utf-8") as f:
        for line in f:
            shown = line.split("#")[0]
            if shown.startswith("bicepgate "):
                words = shown.split()[1:]
                subcommand = words[0]
                current = [(subcommand,)]
                # `audit list|export`, `audit show ID`: a lower-case second word names
                # subcommands (FILE|- is a placeholder), one entry per alternative.
                if len(words) > 1 and re.fullmatch(r"[a-z]+(?:\|[a-z]+)*", words[1]):
                    current = [(subcommand, alt) for alt in words[1].split("|")]
                for key in current:
                    commands.setdefault(key, set())
            if current:
                for key in current:
                    commands[key] |= set(re.findall(r"(?<![\w-])(--?[A-Za-z][\w-]*)", shown)) - {"-"}
    return commands


def check_command_line(test, path):
    if not os.access(BINARY, os.X_OK):
        test.skipTest(f"no bicepgate binary at {BINARY} (set BICEPGATE_BINARY)")
    commands = synopsis(path)
    listed = run([BINARY, "--help"], timeout=30)
    test.assertEqual(listed.returncode, 0, listed.stderr)
    subcommands = set(re.findall(r"(?m)^  (\w[\w-]*)\s", re.split(r"(?i)^subcommands:$", listed.stdout, flags=re.M)[-1]))
    test.assertTrue(subcommands, listed.stdout)
    test.assertEqual(subcommands - {c[0] for c in commands}, set(), "subcommands the README does not show")
    for command, flags in sorted(commands.items()):
        helped = run([BINARY, *command, "--help"], timeout=30)
        test.assertEqual(helped.returncode, 0, f"bicepgate {' '.join(command)} --help: {helped.stderr}")
        taken = set(re.findall(r"(?<![\w-])(--?[A-Za-z][\w-]*)", helped.stdout))
        test.assertEqual(flags - taken, set(), f"bicepgate {' '.join(command)} does not take these")


# --- docs/examples/rollback-summary.md: lines of a real run's job summary.

def check_rollback_summary(test, path):
    test.skipTest("a job summary excerpt: tests/e2e/test_rollback.py runs the rollback it shows and checks that "
                  "every line of it is in that run's summary, hashes, ids and the commit aside")


CHECKS = {
    "docs/examples/routing.yml": check_routing,
    "docs/examples/stack.yml": check_stack,
    "docs/examples/scopes.yml": check_scopes,
    "docs/examples/federated-credentials.sh": check_federated_credentials,
    "docs/examples/setup.sh": check_setup,
    "docs/examples/command-line.txt": check_command_line,
    "docs/examples/rollback-summary.md": check_rollback_summary,
}


def read_readme():
    with open(README, encoding="utf-8") as f:
        return f.read()


class ReadmeExamples(unittest.TestCase):
    def test_every_block_has_a_marker_and_every_example_a_check(self):
        blocks = fenced_blocks(read_readme())
        self.assertGreater(len(blocks), 0)
        unmarked = [b.line for b in blocks if not b.marker]
        self.assertEqual(unmarked, [], "README.md lines with a fenced block but no <!-- example: … --> line before it")
        named = {b.marker.group("path") for b in blocks if b.marker.group("path")}
        self.assertEqual(named ^ set(CHECKS), set(), "examples without a check, or checks without an example")


def add_block_tests():
    """One test per fenced block: the block is its file, byte for byte, and the file's check passes."""
    for block in fenced_blocks(read_readme()):
        if block.marker is None:
            continue
        path, reason = block.marker.group("path"), block.marker.group("reason")

        def test(self, block=block, path=path, reason=reason):
            if reason:
                self.skipTest(reason)
            full = os.path.join(ROOT, path)
            self.assertTrue(os.path.isfile(full), f"README.md:{block.line} names {path}, which does not exist")
            with open(full, encoding="utf-8", newline="") as f:
                self.assertEqual(block.text, f.read(), f"README.md:{block.line} differs from {path}")
            self.assertIn(path, CHECKS, f"no check for {path}")
            CHECKS[path](self, full)
        slug = re.sub(r"\W+", "_", path or f"line_{block.line}").strip("_")
        setattr(ReadmeExamples, f"test_{slug}", test)


add_block_tests()

if __name__ == "__main__":
    unittest.main(argv=[sys.argv[0], *sys.argv[1:]])
