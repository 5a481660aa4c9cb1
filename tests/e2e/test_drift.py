"""Drift detection through the real az and the emulator: a scheduled run what-ifs the
environment's last successful deployment (its template from `az deployment group export`, its
parameters from `az deployment group show`) against Azure, after a resource was changed behind
its back with `az resource update`; the drift goes to the outputs, the summary and one issue per
environment on the GitHub API stand-in, which is opened, edited, kept and closed."""

import json
import unittest

from harness import E2ETestCase, sample_storage_name

TOKEN = "ghs_Drift0Token0For0The0Api"
CONFIG = """
environments:
  dev:
    resource-group: rg-aos-dev
    location: eastus
    template: bicep/main.bicep
    parameters: bicep/parameters/dev.parameters.json
routes:
  - event: push
    branch: main
    environment: dev
  - event: [schedule, workflow_dispatch]
    environment: dev
    drift: true
"""
STORAGE_ID = ("/subscriptions/00000000-0000-4000-8000-000000000001/resourceGroups/rg-aos-dev/providers/"
              "Microsoft.Storage/storageAccounts/" + sample_storage_name("dev"))
MARKER = "<!-- bicepgate:drift environment=dev -->"


class DriftCase(E2ETestCase):
    files = {".github/bicepgate.yml": CONFIG}

    def setUp(self):
        super().setUp()
        self.github = self.runner.github()

    def deploy(self):
        result = self.runner.run(event="push", ref="refs/heads/main")
        self.assertEqual(result.code, 0, result)
        self.assertEqual(result.outputs["state"], "completed", result)
        return result

    def check(self, **inputs):
        base = {"github-token": TOKEN}
        base.update(inputs)
        return self.runner.run(event="schedule", ref="refs/heads/main", inputs=base)

    def change_behind_its_back(self, *assignments):
        """A person changes the storage account with the real az, not through a deployment."""
        args = ["resource", "update", "--ids", STORAGE_ID]
        for assignment in assignments:
            args += ["--set", assignment]
        return self.runner.az_json(*args)

    def issue_calls(self, method, suffix=None):
        out = []
        for r in self.github.requests():
            if r["method"] != method or "/issues" not in r["path"]:
                continue
            if suffix is None or r["path"].endswith(suffix):
                out.append(r)
        return out

    def assert_read_only(self, before):
        self.assertEqual(len(self.deployments_created()), before, "a drift check deployed")


class DriftLifecycle(DriftCase):
    def test_issue_opened_edited_kept_and_closed_as_drift_comes_changes_and_goes(self):
        deployed = self.deploy()
        deployments = len(self.deployments_created())

        # Right after the deployment: no drift, and no issue is opened.
        clean = self.check()
        self.assertEqual(clean.code, 0, clean)
        self.assertEqual(clean.outputs["state"], "completed")
        self.assertEqual(clean.outputs["drift"], "false")
        self.assertEqual(clean.outputs["deployment-name"], deployed.outputs["deployment-name"])
        self.assertEqual(self.issue_calls("POST"), [])
        self.assertIn("no drift", clean.summary)
        # The baseline came from ARM: its parameters and its template, by name.
        name = deployed.outputs["deployment-name"]
        calls = [" ".join(c) for c in clean.az_calls]
        self.assertTrue(any(c.startswith(f"deployment group show --resource-group rg-aos-dev --name {name}")
                            for c in calls), calls)
        self.assertTrue(any(c.startswith(f"deployment group export --resource-group rg-aos-dev --name {name}")
                            for c in calls), calls)
        self.assertFalse(any(c.startswith("deployment group create") for c in calls), calls)

        # Someone lowers the TLS version by hand: drift, and an issue with the table.
        self.change_behind_its_back("properties.minimumTlsVersion=TLS1_0")
        drifted = self.check()
        self.assertEqual(drifted.code, 0, drifted)
        self.assertEqual(drifted.outputs["state"], "completed")
        self.assertEqual(drifted.outputs["drift"], "true")
        self.assertIn("minimumTlsVersion", drifted.summary)
        opened = self.issue_calls("POST", "/issues")
        self.assertEqual(len(opened), 1, self.github.requests())
        body = opened[0]["body"]
        self.assertEqual(body["labels"], ["bicepgate-drift"])
        self.assertEqual(body["title"], "bicepgate: drift in dev")
        self.assertIn(MARKER, body["body"])
        self.assertIn("minimumTlsVersion", body["body"])
        self.assertIn("TLS1_0", body["body"])
        self.assertIn(name, body["body"])
        number = drifted.outputs["drift-issue"]
        self.assertTrue(number.isdigit(), drifted.outputs)
        self.assertIn("::warning", drifted.stdout)

        # The same drift again: the issue is left as it is.
        again = self.check()
        self.assertEqual(again.outputs["drift"], "true")
        self.assertEqual(again.outputs["drift-issue"], number)
        self.assertEqual(len(self.issue_calls("POST", "/issues")), 1)
        self.assertEqual(self.issue_calls("PATCH"), [])

        # The drift changes (a tag too): the same issue is edited, not a second one opened.
        self.change_behind_its_back("tags.environment=changed")
        changed = self.check()
        self.assertEqual(changed.outputs["drift"], "true")
        self.assertEqual(changed.outputs["drift-issue"], number)
        self.assertEqual(len(self.issue_calls("POST", "/issues")), 1)
        edits = self.issue_calls("PATCH", f"/issues/{number}")
        self.assertEqual(len(edits), 1, self.github.requests())
        self.assertIn("tags.environment", edits[0]["body"]["body"])
        self.assertIn(MARKER, edits[0]["body"]["body"])

        # Put back as deployed (by hand, as the deployment set them): the drift is gone, the
        # issue is closed with a comment saying so.
        self.change_behind_its_back("properties.minimumTlsVersion=TLS1_2", "tags.environment=dev")
        gone = self.check()
        self.assertEqual(gone.code, 0, gone)
        self.assertEqual(gone.outputs["drift"], "false")
        comments = self.issue_calls("POST", f"/issues/{number}/comments")
        self.assertEqual(len(comments), 1, self.github.requests())
        self.assertIn("drift is gone", comments[0]["body"]["body"])
        closes = [r for r in self.issue_calls("PATCH", f"/issues/{number}")
                  if r["body"].get("state") == "closed"]
        self.assertEqual(len(closes), 1, self.github.requests())
        self.assertEqual(closes[0]["body"]["state_reason"], "completed")
        self.assert_read_only(deployments)
        # The audit record says what the check found.
        with open(gone.file("audit-record"), encoding="utf-8") as f:
            record = json.load(f)
        self.assertEqual(record["details"]["drift"]["issue"], "closed")
        self.assertFalse(record["details"]["drift"]["drift"])


class DriftOutcomes(DriftCase):
    def test_no_successful_deployment_is_a_configuration_failure_that_says_so(self):
        result = self.check()
        self.assertEqual(result.code, 1, result)
        self.assertEqual(result.outputs["state"], "failed")
        self.assertEqual(result.outputs["failure-class"], "configuration")
        self.assertEqual(result.outputs["failure-code"], "drift.no-deployment")
        self.assertIn("no successful bicepgate deployment of environment 'dev'", result.stdout)
        self.assertEqual(result.outputs.get("drift", ""), "")
        self.assertEqual(self.issue_calls("POST"), [])

    def test_drift_fails_the_job_only_when_asked_and_without_a_token_only_warns(self):
        self.deploy()
        self.change_behind_its_back("properties.minimumTlsVersion=TLS1_0")
        quiet = self.runner.run(event="workflow_dispatch", ref="refs/heads/main",
                                inputs={"drift-fails": "true"})
        self.assertEqual(quiet.code, 1, quiet)
        self.assertEqual(quiet.outputs["state"], "completed")
        self.assertEqual(quiet.outputs["drift"], "true")
        self.assertTrue(any("drift in dev" in line for line in quiet.annotations("error")), quiet.stdout)
        # No github-token: said in a warning, nothing asked of the API.
        self.assertTrue(any("github-token is empty" in line for line in quiet.annotations("warning")),
                        quiet.stdout)
        self.assertEqual(self.github.requests(), [])

    def test_a_drift_input_on_a_push_checks_instead_of_deploying(self):
        self.deploy()
        before = len(self.deployments_created())
        result = self.runner.run(event="push", ref="refs/heads/main", inputs={"drift": "true"})
        self.assertEqual(result.code, 0, result)
        self.assertEqual(result.outputs["drift"], "false")
        self.assert_read_only(before)


if __name__ == "__main__":
    unittest.main()


class SubscriptionScopeDrift(E2ETestCase):
    SOURCE = ("targetScope = 'subscription'\n\nparam location string = 'eastus'\n\n"
              "resource rg 'Microsoft.Resources/resourceGroups@2022-09-01' = {\n"
              "  name: 'rg-aos-shared'\n  location: location\n  tags: {\n    managedBy: 'bicepgate'\n  }\n}\n")
    files = {"bicep/shared.bicep": SOURCE, ".github/bicepgate.yml": """
environments:
  shared:
    scope: subscription
    location: westeurope
    template: bicep/shared.bicep
routes:
  - event: push
    branch: main
    environment: shared
  - event: schedule
    environment: shared
    drift: true
"""}

    def test_a_subscription_deployment_is_checked_with_az_deployment_sub(self):
        deployed = self.runner.run(event="push", ref="refs/heads/main")
        self.assertEqual(deployed.code, 0, deployed)
        clean = self.runner.run(event="schedule", ref="refs/heads/main")
        self.assertEqual(clean.outputs["drift"], "false", clean)
        calls = [c[:3] for c in clean.az_calls]
        self.assertIn(["deployment", "sub", "show"], calls)
        self.assertIn(["deployment", "sub", "export"], calls)
        self.assertIn(["deployment", "sub", "what-if"], calls)
        # Someone retags the group the deployment created.
        self.runner.az_json("group", "update", "--name", "rg-aos-shared", "--set", "tags.managedBy=someone")
        drifted = self.runner.run(event="schedule", ref="refs/heads/main")
        self.assertEqual(drifted.code, 0, drifted)
        self.assertEqual(drifted.outputs["drift"], "true", drifted)
        self.assertIn("tags.managedBy", drifted.summary)
        self.assertFalse([r for r in self.runner.emulator.requests()
                          if r["method"] == "PUT" and "/deployments/" in r["path"]][1:])


SECRET = "Dr1ft-Planted-Secret"
SECURE_SOURCE = ("@secure()\nparam adminPassword string\n\n"
                 "resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {\n  name: 'kv-drift-001'\n"
                 "  location: resourceGroup().location\n  properties: {\n    tenantId: subscription().tenantId\n"
                 "    sku: {\n      family: 'A'\n      name: 'standard'\n    }\n  }\n}\n\n"
                 "resource password 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {\n  parent: vault\n"
                 "  name: 'admin-password'\n  properties: {\n    value: adminPassword\n  }\n}\n")


class SecureParameters(E2ETestCase):
    files = {"bicep/secure.bicep": SECURE_SOURCE, ".github/bicepgate.yml": """
environments:
  dev:
    resource-group: rg-aos-dev
    template: bicep/secure.bicep
routes:
  - event: push
    branch: main
    environment: dev
  - event: workflow_dispatch
    environment: dev
    drift: true
"""}

    def test_a_secure_value_arm_did_not_keep_comes_from_parameter_overrides(self):
        given = {"parameter-overrides": f"adminPassword={SECRET}"}
        deployed = self.runner.run(event="push", ref="refs/heads/main", inputs=given)
        self.assertEqual(deployed.code, 0, deployed)
        # Without it the check cannot plan, and says which parameter is missing.
        missing = self.runner.run(event="workflow_dispatch", ref="refs/heads/main")
        self.assertEqual(missing.code, 1, missing)
        self.assertEqual(missing.outputs["failure-code"], "drift.secure-parameters")
        self.assertIn("adminPassword", missing.stdout)
        checked = self.runner.run(event="workflow_dispatch", ref="refs/heads/main", inputs=given)
        self.assertEqual(checked.code, 0, checked)
        self.assertEqual(checked.outputs["drift"], "false", checked)
        # The value went to az in a file, never on its command line, and is shown nowhere.
        self.assertFalse([c for c in checked.az_calls if any(SECRET in a for a in c)], checked.az_calls)
        shown = "\n".join(line for line in checked.stdout.splitlines() if not line.startswith("::add-mask::"))
        for text in (shown, checked.stderr, checked.summary, json.dumps(checked.outputs)):
            self.assertNotIn(SECRET, text)


class DriftPlanFails(DriftCase):
    # The deploying run's what-if passes; the drift check's is refused as a template error.
    scenario = {"faults": [{"method": "POST", "path": r"/whatIf$", "nth": 2, "times": 1, "status": 400,
                            "body": {"error": {"code": "InvalidTemplate",
                                               "message": "Deployment template validation failed."}}}]}

    def test_a_failed_check_fails_the_run_but_writes_no_fix_request_for_the_workspace(self):
        self.deploy()
        result = self.check()
        self.assertEqual(result.code, 1, result)
        self.assertEqual(result.outputs["state"], "failed")
        self.assertEqual(result.outputs["failure-class"], "logic", result)
        self.assertEqual(result.outputs["drift"], "")
        # The template that failed is the one ARM kept, not the workspace's: nothing for the agent.
        self.assertNotIn("fix-request", result.outputs)
        self.assertEqual(self.issue_calls("POST"), [])


class LabelsDropped(DriftCase):
    def setUp(self):
        E2ETestCase.setUp(self)
        self.github = self.runner.github({"labels_dropped": True})

    def test_an_issue_github_left_unlabelled_is_still_found_and_not_opened_twice(self):
        self.deploy()
        self.change_behind_its_back("properties.minimumTlsVersion=TLS1_0")
        first = self.check()
        self.assertEqual(first.outputs["drift"], "true", first)
        self.change_behind_its_back("tags.environment=changed")
        second = self.check()
        self.assertEqual(second.outputs["drift-issue"], first.outputs["drift-issue"], second)
        self.assertEqual(len(self.issue_calls("POST", "/issues")), 1, self.github.requests())
        self.assertEqual(len(self.issue_calls("PATCH", "/issues/" + first.outputs["drift-issue"])), 1)
