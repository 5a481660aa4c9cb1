"""The runs people look at, each a real run of the binary against the emulator and the GitHub
API stand-in: a pull request whose plan has changes, one stopped by a delete, one stopped by a
Bicep error, and a push that deploys. tests/e2e/test_conversation.RenderedStructure renders
their job summaries and pull-request comments as GitHub does and checks the HTML;
scripts/screenshots takes pictures of the same runs for the README."""

import os

from harness import ROOT, Runner, pull_request_payload

SUB = "/subscriptions/00000000-0000-4000-8000-000000000001"
TOKEN = "ghs_Scene0Token0For0The0Api"
# Fixed commit dates make the workspace's commits, and so every SHA a run shows, the same on
# every run (git reads these variables: git-commit(1), "DATE FORMATS").
FIXED_DATES = {"GIT_AUTHOR_DATE": "2026-01-05T09:00:00Z", "GIT_COMMITTER_DATE": "2026-01-05T09:00:00Z"}

COMPLETE_STAGING = """environments:
  staging:
    resource-group: rg-aos-staging
    template: bicep/main.bicep
    parameters: bicep/parameters/staging.parameters.json
    mode: Complete
routes:
  - event: pull_request
    base: main
    environment: staging
"""


def seeded(rg, name, rtype, sku=None, **extra):
    resource = {**extra, "id": f"{SUB}/resourceGroups/{rg}/providers/{rtype}/{name}", "type": rtype,
                "name": name, "apiVersion": "2022-09-01", "location": "eastus",
                "properties": {"provisioningState": "Succeeded"}}
    if sku:
        resource["sku"] = {"name": sku}
    return resource


def sample_bicep():
    with open(os.path.join(ROOT, "bicep", "main.bicep"), encoding="utf-8") as f:
        return f.read()


def with_bicep_error(source):
    """The sample with one real compiler error: a name that is declared nowhere (BCP057)."""
    marker = "location: location"
    if marker not in source:
        raise RuntimeError(f"bicep/main.bicep has no '{marker}' to break")
    return source.replace(marker, "location: regionName", 1)


class Scene:
    """name, title, what the emulator holds, files written over the sample, the event."""

    def __init__(self, name, title, event, scenario=None, files=None, inputs=None, expected_code=0):
        self.name, self.title, self.event = name, title, event
        self.scenario, self.files, self.inputs = scenario, files or {}, inputs or {}
        self.expected_code = expected_code


SCENES = [
    Scene("plan", "A pull request's plan with changes", "pull_request",
          scenario={"resources": [seeded("rg-aos-staging", "plan-aos-staging", "Microsoft.Web/serverfarms", sku="B1")]}),
    Scene("destructive", "A pull request stopped by a delete", "pull_request",
          scenario={"resources": [seeded("rg-aos-staging", "redis-aos-staging", "Microsoft.Cache/redis")]},
          files={".github/bicepgate.yml": COMPLETE_STAGING}, expected_code=1),
    Scene("lint", "A pull request stopped by a Bicep error", "pull_request",
          files={"bicep/main.bicep": with_bicep_error(sample_bicep())}, expected_code=1),
    Scene("deploy", "A push to main that deploys prod", "push"),
]


class Played:
    def __init__(self, result, comments):
        self.result = result
        self.summary = result.summary
        self.comments = comments  # the body of each pull-request comment the run wrote


def play(scene, fixed_dates=False):
    """Runs one scene in a fresh runner and returns what it wrote; the runner is closed after."""
    runner = Runner(scene.scenario, scene.files) if not fixed_dates else _FixedRunner(scene.scenario, scene.files)
    try:
        github = runner.github()
        inputs = dict({"github-token": TOKEN}, **scene.inputs)
        if scene.event == "pull_request":
            result = runner.run(event="pull_request", ref="refs/pull/7/merge", payload=pull_request_payload(),
                                inputs=inputs)
        else:
            result = runner.run(event="push", ref="refs/heads/main", inputs=inputs)
        comments = [r["body"]["body"] for r in github.requests()
                    if r["method"] in ("POST", "PATCH") and "/issues/" in r["path"] and "/comments" in r["path"]]
        return Played(result, comments)
    finally:
        runner.close()


class _FixedRunner(Runner):
    """A runner whose workspace commits carry fixed dates, so the SHAs are the same every time."""

    def _make_workspace(self, files):
        self.base_env.update(FIXED_DATES)
        super()._make_workspace(files)
