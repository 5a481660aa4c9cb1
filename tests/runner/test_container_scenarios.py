"""The container scenarios of issue 13: the real image, run as GitHub's runner runs a Docker
container action (tests/runner/runner_model.py), against the ARM emulator. Run one with
`python3 scenarios.py test_container_scenarios.PushToMain`."""

import glob
import json
import os
import time
import unittest

import runner_model as rm
from scenarios import ID_TOKEN, ContainerScenario, pull_request_payload

BROKEN_LINE = "output brokenOutput string = undefinedSymbol\n"
PR_NUMBER = 7


def fix_request_errors(doc):
    return [(e.get("code"), e.get("file"), e.get("line")) for e in doc.get("errors", [])]


class PushToMain(ContainerScenario):
    """(a) push to main, no .github/bicepgate.yml: prod deploys on the embedded default."""

    def test_push_to_main_without_config_deploys_prod(self):
        job = self.job()
        result = self.run_bicepgate(job)
        self.assertEqual(result.conclusion, "success", result)
        self.assertEqual(result.outputs.get("environment"), "prod", result)
        self.assertEqual(result.outputs.get("state"), "completed", result)
        puts = [r["path"] for r in self.deployments_created()]
        self.assertTrue(any("/resourceGroups/rg-aos-prod/" in p or "/resourcegroups/rg-aos-prod/" in p.lower()
                            for p in puts), puts)
        self.assertEqual(result.annotations_of("error"), [], result)
        self.assert_log_in_groups(result, ["lint", "what-if", "deploy", "verify health"])
        # One ordered stream: what is said after the stages (the audit line naming the run id)
        # is not pulled into the last stage's group, as stderr lines delivered before stdout's
        # ##[endgroup] would be.
        for title, lines in result.groups():
            if title is not None:
                self.assertFalse([l for l in lines if result.outputs["run-id"] in l],
                                 f"a line after the stages sits in group {title!r}:\n{result}")
        # The audit record is an output the next host step can open, and it is valid JSON.
        record = json.loads(self.open_on_host(job, result.outputs["audit-record"]))
        self.assertEqual(record.get("final_state"), "completed", record)
        self.assertEqual(record.get("git_sha"), job.github["sha"], record)
        self.assertIsNotNone(result.summary, result)
        self.assert_no_annotation_dropped(result)


class PullRequestPlan(ContainerScenario):
    """(b) a pull request plans (what-if, no deployment) and keeps one sticky comment."""

    def test_pull_request_plans_and_edits_its_comment(self):
        self.origin.branch("feature/storage")
        self.origin.append("bicep/main.bicep", "\noutput planNote string = 'planned'\n")
        self.origin.commit("Add an output")
        payload = pull_request_payload(number=PR_NUMBER, head="feature/storage", base="main")
        payload["pull_request"]["head"]["sha"] = self.origin.sha("feature/storage")
        payload["pull_request"]["base"]["sha"] = self.origin.sha("main")
        results, jobs = [], []
        for attempt in ("1", "2"):
            jobs.append(self.job(event_name="pull_request", ref=f"refs/pull/{PR_NUMBER}/merge",
                                 branch="feature/storage", payload=payload, run_attempt=attempt))
            results.append(self.run_bicepgate(jobs[-1]))
        for result in results:
            self.assertEqual(result.conclusion, "success", result)
            self.assertEqual(result.outputs.get("environment"), "staging", result)
        self.assertEqual(self.deployments_created(), [])
        comments = [r for r in self.github.requests() if f"/issues/{PR_NUMBER}/comments" in r["path"]
                    or "/issues/comments/" in r["path"]]
        created = [r for r in comments if r["method"] == "POST"]
        edited = [r for r in comments if r["method"] == "PATCH"]
        self.assertEqual(len(created), 1, comments)
        self.assertGreaterEqual(len(edited), 1, comments)
        # The github-token input (github.token) never reaches the log or a comment body.
        for job, result in zip(jobs, results):
            self.assertNotIn(job.github_token, result.log_text())
            self.assertNotIn(job.github_token, json.dumps([r["body"] for r in comments]))
        # It authenticates the comment calls (the input's default, ${{ github.token }}).
        self.assertIn(jobs[0].github_token, comments[0]["headers"].get("authorization", ""))


class LogicFailureFixRequest(ContainerScenario):
    """(c) a logic failure: a fix-request output the next host step opens, listing the changed
    file and its hunks as libgit2 read them inside the container (root over a uid-1001 repo)."""

    def test_fix_request_opens_on_the_host_with_changed_files(self):
        self.origin.branch("feature/broken")
        self.origin.append("bicep/main.bicep", BROKEN_LINE)
        self.origin.commit("Break the template")
        payload = pull_request_payload(number=PR_NUMBER, head="feature/broken", base="main")
        payload["pull_request"]["head"]["sha"] = self.origin.sha("feature/broken")
        payload["pull_request"]["base"]["sha"] = self.origin.sha("main")
        job = self.job(event_name="pull_request", ref=f"refs/pull/{PR_NUMBER}/merge",
                       branch="feature/broken", payload=payload)
        result = self.run_bicepgate(job)
        self.assertEqual(result.conclusion, "failure", result)
        self.assertEqual(result.outputs.get("failure-class"), "logic", result)
        self.assertIn("fix-request", result.outputs, result)
        doc = json.loads(self.open_on_host(job, result.outputs["fix-request"]))
        changed = {f["path"]: f for f in doc.get("changed_files", [])}
        self.assertIn("bicep/main.bicep", changed, f"changed files: {doc.get('changed_files')}")
        # The hunk (positions, as the schema has them) covers the line the branch added.
        with open(os.path.join(job.workspace, "bicep", "main.bicep"), encoding="utf-8") as f:
            added = f.read().splitlines().index(BROKEN_LINE.rstrip("\n")) + 1
        self.assertEqual(changed["bicep/main.bicep"]["status"], "M")
        self.assertTrue(any(h["new_start"] <= added < h["new_start"] + h["new_lines"]
                            for h in changed["bicep/main.bicep"]["hunks"]), changed)
        self.assertEqual(doc.get("attempt"), 1)
        self.assertTrue(any(code == "BCP057" and file == "bicep/main.bicep" for code, file, _ in
                            fix_request_errors(doc)), doc.get("errors"))
        # The annotation points at the source line in the workspace.
        errors = result.annotations_of("error")
        self.assertTrue(any(a["file"] == "bicep/main.bicep" for a in errors), result)
        self.assert_no_annotation_dropped(result)


class LoopGuard(ContainerScenario):
    """(d) past max-fix-attempts fix commits (Fix-Request-Id trailers) no fix-request is written."""

    def test_loop_guard_stops_at_max_fix_attempts(self):
        self.origin.branch("feature/fixing")
        self.origin.append("bicep/main.bicep", BROKEN_LINE)
        self.origin.commit("Break the template")
        for n in range(2):
            self.origin.commit(f"Try fix {n}\n\nFix-Request-Id: earlier{n}", allow_empty=True)
        payload = pull_request_payload(number=PR_NUMBER, head="feature/fixing", base="main")
        payload["pull_request"]["head"]["sha"] = self.origin.sha("feature/fixing")
        payload["pull_request"]["base"]["sha"] = self.origin.sha("main")
        job = self.job(event_name="pull_request", ref=f"refs/pull/{PR_NUMBER}/merge",
                       branch="feature/fixing", payload=payload)
        result = self.run_bicepgate(job, inputs={"max-fix-attempts": "2"})
        self.assertEqual(result.conclusion, "failure", result)
        self.assertEqual(result.outputs.get("failure-class"), "logic", result)
        self.assertNotIn("fix-request", result.outputs, result)
        self.assertIn("A human is needed", result.summary or "", result)


class OidcLogin(ContainerScenario):
    """(e) az inside the container logs in with the runner's OIDC token (ACTIONS_ID_TOKEN_REQUEST_*)."""

    def test_login_through_the_runners_token_endpoint(self):
        job = self.job()
        result = self.run_bicepgate(job, inputs={"plan-only": "true"})
        self.assertEqual(result.conclusion, "success", result)
        asked = [r for r in self.github.requests() if r["path"] == "/oidc/token"]
        self.assertEqual(len(asked), 1, self.github.requests())
        self.assertEqual(asked[0]["headers"].get("authorization"), f"Bearer {job.runtime_token}")
        self.assertIn("audience=api%3A%2F%2FAzureADTokenExchange", asked[0]["query"])
        grants = [r for r in self.emulator.requests() if r["path"].endswith("/oauth2/token")
                  or r["path"].endswith("/oauth2/v2.0/token")]
        self.assertGreaterEqual(len(grants), 1)
        shown = result.log_text() + json.dumps(result.annotations) + (result.summary or "")
        for secret in (ID_TOKEN, job.runtime_token):
            self.assertNotIn(secret, shown)


class Rerun(ContainerScenario):
    """(f) a rerun of a deployed commit (a new job, same template and parameters) is skipped."""

    def test_rerun_is_skipped(self):
        first = self.run_bicepgate(self.job())
        self.assertEqual(first.outputs.get("state"), "completed", first)
        second = self.run_bicepgate(self.job(run_attempt="2"))
        self.assertEqual(second.conclusion, "success", second)
        self.assertEqual(second.outputs.get("state"), "skipped", second)
        self.assertEqual(len(self.deployments_created()), 1)


class Cancel(ContainerScenario):
    """(g) cancelled mid-deployment (SIGINT to docker, SIGTERM after 7.5 s, then kill): the audit
    record left in the workspace is valid and says how the run ended."""

    emulator_scenario = {"deployments": [{"name": "prod", "running_polls": 500}], "poll_seconds": 1}

    def test_cancel_leaves_a_valid_audit_record(self):
        job = self.job()
        started = time.monotonic()
        # timeout-minutes bounds the run should the cancel not reach it.
        result = self.run_bicepgate(job, inputs={"timeout-minutes": "5"},
                                    cancel_if=lambda: bool(self.deployments_created()))
        self.assertEqual(result.conclusion, "cancelled", result)
        self.assertLess(time.monotonic() - started, 300)
        records = glob.glob(os.path.join(job.workspace, ".bicepgate", "audit", "**", "*.json"), recursive=True)
        self.assertTrue(records, f"no audit record in the workspace:\n{result}")
        with open(sorted(records, key=os.path.getmtime)[-1], encoding="utf-8") as f:
            record = json.load(f)
        # A finished record: the run ended cancelled, with its end time and why.
        self.assertEqual(record.get("final_state"), "cancelled", record)
        self.assertEqual(record.get("failure_code"), "run.cancelled", record)
        self.assertTrue(record.get("finished"), record)
        self.assertIn("interrupted by signal", record.get("message", ""), record)
        # The deployment goes on in Azure: the record says how to follow or stop it.
        name = record.get("deployment_name")
        self.assertTrue(name, record)
        self.assertIn(f"-n {name}", record.get("details", {}).get("hint", ""), record)
        self.assertIn("az deployment group cancel", record["details"]["hint"], record)
        # A cancel is no failure: nothing for the error-fixer agent to fix.
        self.assertEqual(record.get("failure_class"), "", record)
        self.assertNotIn("fix-request", result.outputs, result)


class ManyErrors(ContainerScenario):
    """(h) twelve compiler errors: the runner keeps ten error annotations per step, so the product
    must put the failure first and fold what does not fit into one annotation."""

    def test_more_than_ten_errors_are_folded(self):
        self.origin.append("bicep/main.bicep", "".join(
            f"output broken{n} string = undefinedSymbol{n}\n" for n in range(12)))
        self.origin.commit("Twelve broken outputs")
        job = self.job()
        result = self.run_bicepgate(job)
        self.assertEqual(result.conclusion, "failure", result)
        self.assertEqual(result.outputs.get("failure-class"), "logic", result)
        errors = result.annotations_of("error")
        self.assertLessEqual(len(errors), 10)
        self.assert_no_annotation_dropped(result)
        # The failure itself comes first; the diagnostics that did not fit are named in one.
        first = (errors[0]["title"] or "") + " " + errors[0]["message"]
        self.assertRegex(first.lower(), r"fail|logic", errors[0])
        folded = [a for a in errors if "more" in a["message"].lower()]
        self.assertEqual(len(folded), 1, errors)
        shown_codes = sum(a["message"].count("BCP057") for a in errors)
        self.assertGreaterEqual(shown_codes, 1)
        # Log lines sit in their ::group:: (one ordered stream): lint's own line is in "lint".
        lint = [lines for title, lines in result.groups() if title == "lint"]
        self.assertTrue(lint and any("lint" in line for line in lint[0]), result)


INJECTED = ("Deployment template validation failed: 'x'.\n"
            "   ::error file=bicep/evil.bicep,line=1::injected annotation\n"
            "##[warning]legacy injected\n"
            "see ##[group]injected group\n"
            "::add-mask::injected-mask-value")


class UntrustedText(ContainerScenario):
    """Text from Azure (an error message) holding workflow commands, with leading spaces and in the
    legacy ##[ form anywhere in a line: the runner must show it, never act on it."""

    emulator_scenario = {"deployments": [{"name": "prod", "error": {
        "code": "DeploymentFailed", "message": "At least one resource deployment operation failed.",
        "details": [{"code": "InvalidTemplate", "message": INJECTED}]}}]}

    def test_commands_in_azure_text_are_not_run(self):
        job = self.job()
        result = self.run_bicepgate(job, inputs={"max-retries": "0"})
        self.assertEqual(result.conclusion, "failure", result)
        for a in result.annotations:
            self.assertFalse(a["message"].startswith(("injected", "legacy injected")), a)
            self.assertNotEqual(a["file"], "bicep/evil.bicep", a)
        self.assertFalse(any(title and "injected" in title for title, _ in result.groups()), result)
        # Shown, not swallowed, and not turned into a mask.
        self.assertIn("injected annotation", result.log_text() + json.dumps(result.annotations))
        self.assertIn("injected-mask-value", result.log_text() + json.dumps(result.annotations))


if __name__ == "__main__":
    unittest.main()


STACK_CONFIG = """environments:
  dev:
    resource-group: rg-aos-dev
    location: eastus
    template: bicep/stack.bicep
    type: stack
    action-on-unmanage: deleteResources
    deny-settings-mode: denyDelete
routes:
  - event: push
    branch: main
    environment: dev
"""
STACK_KEEP = """
resource keep 'Microsoft.Storage/storageAccounts@2023-01-01' = {
  name: 'ststackkeep001'
  location: location
  sku: { name: 'Standard_LRS' }
  kind: 'StorageV2'
}

output keepName string = keep.name
"""
STACK_DROP = """
resource drop 'Microsoft.Storage/storageAccounts@2023-01-01' = {
  name: 'ststackdrop001'
  location: location
  sku: { name: 'Standard_LRS' }
  kind: 'StorageV2'
}
"""
STACK_TEMPLATE = "param location string = resourceGroup().location\n" + STACK_KEEP + STACK_DROP
STACK_RG = "/subscriptions/00000000-0000-4000-8000-000000000001/resourceGroups/rg-aos-dev"


class StackLifecycle(ContainerScenario):
    """A type: stack environment through the image's az (`az stack group`): created; updated
    without a resource it managed, which action-on-unmanage deleteResources would delete, so the
    delete gate stops until allow-deletes; then deleted with stack-delete, gated the same way."""

    origin_files = {".github/bicepgate.yml": STACK_CONFIG, "bicep/stack.bicep": STACK_TEMPLATE}

    def exists(self, resource_id):
        import ssl
        import urllib.error
        import urllib.request
        context = ssl.create_default_context(cafile=self.emulator.cert)
        try:
            with urllib.request.urlopen(self.emulator.base.rstrip("/") + resource_id + "?api-version=2023-01-01",
                                        context=context, timeout=30):
                return True
        except urllib.error.HTTPError as e:
            if e.code == 404:
                return False
            raise

    def record(self, job, result):
        return json.loads(self.open_on_host(job, result.outputs["audit-record"]))

    def stack_calls(self, verb):
        return [r for r in self.emulator.requests()
                if "/providers/Microsoft.Resources/deploymentStacks/bicepgate-dev" in r["path"] and r["method"] == verb]

    def test_create_update_with_a_gated_delete_then_delete_the_stack(self):
        keep = STACK_RG + "/providers/Microsoft.Storage/storageAccounts/ststackkeep001"
        drop = STACK_RG + "/providers/Microsoft.Storage/storageAccounts/ststackdrop001"
        # 1. The stack is created: it manages both accounts.
        job = self.job()
        created = self.run_bicepgate(job)
        self.assertEqual(created.conclusion, "success", created)
        self.assertEqual(created.outputs.get("state"), "completed", created)
        self.assertEqual(created.outputs.get("output-keepName"), "ststackkeep001", created)
        self.assertEqual(len(self.stack_calls("PUT")), 1, self.emulator.requests())
        details = self.record(job, created)["details"]
        self.assertEqual(details["type"], "stack", details)
        self.assertEqual(sorted(r.rsplit("/", 1)[1] for r in details["stack"]["managed_resources"]),
                         ["ststackdrop001", "ststackkeep001"], details)
        self.assertTrue(self.exists(drop))
        self.assertIn("| Stack | `bicepgate-dev`, action-on-unmanage deleteResources, deny settings denyDelete: "
                      "2 managed; deleted 0; detached 0 |", created.summary or "", created)

        # 2. The template drops one: the stack would delete it, and the gate stops for it.
        self.origin.write("bicep/stack.bicep", "param location string = resourceGroup().location\n" + STACK_KEEP)
        self.origin.commit("Drop the second account")
        job = self.job()
        stopped = self.run_bicepgate(job)
        self.assertEqual(stopped.conclusion, "failure", stopped)
        self.assertEqual(stopped.outputs.get("failure-code"), "gate.deletes", stopped)
        self.assertEqual(stopped.outputs.get("destructive-changes"), "1", stopped)
        # The plan shows what the stack would delete as a Delete, not as what-if's Ignore.
        self.assertEqual(json.loads(stopped.outputs["what-if"]).get("Delete"), 1, stopped)
        self.assertEqual(json.loads(stopped.outputs["blast-radius"])["deletes"], 1, stopped)
        self.assertTrue(any("ststackdrop001" in a["message"] and
                            "deleted by the stack (action-on-unmanage: deleteResources)" in a["message"]
                            for a in stopped.annotations_of("error")), stopped)
        self.assertEqual(len(self.stack_calls("PUT")), 1)  # not updated
        self.assertTrue(self.exists(drop))

        # 3. Approved: the update deletes it, and the record says so.
        job = self.job(run_attempt="2")
        updated = self.run_bicepgate(job, inputs={"allow-deletes": "true"})
        self.assertEqual(updated.conclusion, "success", updated)
        details = self.record(job, updated)["details"]
        self.assertEqual(details["stack"]["deleted_resources"], [drop], details)
        self.assertIn("deleted 1 (`ststackdrop001`)", updated.summary or "", updated)
        self.assertFalse(self.exists(drop))
        self.assertTrue(self.exists(keep))

        # 4. stack-delete: what it manages would be deleted: gated, then deleted when approved.
        job = self.job(run_attempt="3")
        refused = self.run_bicepgate(job, inputs={"stack-delete": "true"})
        self.assertEqual(refused.outputs.get("failure-code"), "gate.deletes", refused)
        self.assertEqual(self.stack_calls("DELETE"), [])
        job = self.job(run_attempt="4")
        deleted = self.run_bicepgate(job, inputs={"stack-delete": "true", "allow-deletes": "true"})
        self.assertEqual(deleted.conclusion, "success", deleted)
        self.assertEqual(len(self.stack_calls("DELETE")), 1)
        self.assertIn("unmanageAction.Resources=delete", self.stack_calls("DELETE")[0]["query"])
        self.assertFalse(self.exists(keep))
        details = self.record(job, deleted)["details"]
        self.assertEqual(details["stack"]["deleted_resources"], [keep], details)
        # 5. Deleting again: there is no stack, nothing to do.
        again = self.run_bicepgate(self.job(run_attempt="5"), inputs={"stack-delete": "true"})
        self.assertEqual(again.conclusion, "success", again)
        self.assertEqual(again.outputs.get("state"), "skipped", again)
        self.assertEqual(len(self.stack_calls("DELETE")), 1)


class StackFailure(ContainerScenario):
    """A stack whose deployment fails: az stack create exits non-zero with ARM's error, which is
    classified as a deployment's would be (here a logic error, with its hint)."""

    origin_files = {".github/bicepgate.yml": STACK_CONFIG, "bicep/stack.bicep": STACK_TEMPLATE}
    emulator_scenario = {"deployments": [{"name": "^bicepgate-dev$", "error": {
        "code": "StorageAccountAlreadyTaken",
        "message": "The storage account named ststackkeep001 is already taken."}}]}

    def test_a_failed_stack_is_classified_like_a_failed_deployment(self):
        job = self.job()
        result = self.run_bicepgate(job)
        self.assertEqual(result.conclusion, "failure", result)
        self.assertEqual(result.outputs.get("failure-class"), "logic", result)
        self.assertEqual(result.outputs.get("failure-code"), "StorageAccountAlreadyTaken", result)
        errors = [a["message"] for a in result.annotations_of("error")]
        self.assertTrue(any("az stack create failed with StorageAccountAlreadyTaken" in e for e in errors), result)
        record = json.loads(self.open_on_host(job, result.outputs["audit-record"]))
        self.assertEqual(record["details"]["type"], "stack", record)


SUB_STACK_CONFIG = """environments:
  platform:
    scope: subscription
    location: eastus
    template: bicep/platform.bicep
    type: stack
    action-on-unmanage: deleteAll
routes:
  - event: push
    branch: main
    environment: platform
"""
SUB_STACK_GROUP = """
resource extra 'Microsoft.Resources/resourceGroups@2022-09-01' = {
  name: 'rg-stack-extra'
  location: 'eastus'
}
"""
SUB_STACK_TEMPLATE = "targetScope = 'subscription'\n" + SUB_STACK_GROUP + """
resource shared 'Microsoft.Resources/resourceGroups@2022-09-01' = {
  name: 'rg-stack-shared'
  location: 'eastus'
}
"""


class SubscriptionStack(ContainerScenario):
    """A subscription-scope stack (az stack sub create --location): a resource group it created
    and the template dropped is deleted by deleteAll, after the gate."""

    origin_files = {".github/bicepgate.yml": SUB_STACK_CONFIG, "bicep/platform.bicep": SUB_STACK_TEMPLATE}

    def test_a_dropped_resource_group_is_deleted_by_delete_all_once_approved(self):
        sub = "/subscriptions/00000000-0000-4000-8000-000000000001"
        created = self.run_bicepgate(self.job())
        self.assertEqual(created.conclusion, "success", created)
        puts = [r for r in self.emulator.requests() if r["method"] == "PUT" and
                r["path"] == sub + "/providers/Microsoft.Resources/deploymentStacks/bicepgate-platform"]
        self.assertEqual(len(puts), 1, self.emulator.requests())
        self.origin.write("bicep/platform.bicep", "targetScope = 'subscription'\n" + SUB_STACK_GROUP)
        self.origin.commit("Drop the shared group")
        stopped = self.run_bicepgate(self.job())
        self.assertEqual(stopped.outputs.get("failure-code"), "gate.deletes", stopped)
        self.assertTrue(any("rg-stack-shared" in a["message"] and "deleteAll" in a["message"]
                            for a in stopped.annotations_of("error")), stopped)
        job = self.job(run_attempt="2")
        updated = self.run_bicepgate(job, inputs={"allow-deletes": "true"})
        self.assertEqual(updated.conclusion, "success", updated)
        details = json.loads(self.open_on_host(job, updated.outputs["audit-record"]))["details"]
        self.assertEqual(details["stack"]["deleted_resources"], [sub + "/resourceGroups/rg-stack-shared"], details)
