"""Every stage through the real az and the emulator: warnings, the what-if table, the delete
gate (input, label, the merged pull request's label on a push, Incremental drops as unmanaged),
outputs, health, skip-unchanged, and az process counts."""

import json
import os
import unittest

from harness import E2ETestCase, ROOT, pull_request_payload, sample_storage_name

PROD_STORAGE = sample_storage_name("prod")

SUB = "/subscriptions/00000000-0000-4000-8000-000000000001"


def sample_bicep():
    with open(os.path.join(ROOT, "bicep", "main.bicep"), encoding="utf-8") as f:
        return f.read()


def seeded(rg, name, rtype, sku=None, props=None, **extra):
    res = {**extra, "id": f"{SUB}/resourceGroups/{rg}/providers/{rtype}/{name}", "type": rtype, "name": name,
           "apiVersion": "2022-09-01", "location": "eastus",
           "properties": dict(props or {}, provisioningState="Succeeded")}
    if sku:
        res["sku"] = {"name": sku}
    return res


UNUSED = "param unusedSetting string = 'never read'\n"


class Warnings(E2ETestCase):
    def setUp(self):
        super().setUp()
        # A parameter nobody reads: the real linter's warning no-unused-params.
        source = sample_bicep() + "\n" + UNUSED
        self.line = source.splitlines().index(UNUSED.strip()) + 1
        self.runner.write("bicep/main.bicep", source)
        self.env = {}

    def test_warnings_stop_prod_where_allow_warnings_is_off(self):
        result = self.runner.run(event="push", ref="refs/heads/main", extra_env=self.env)
        self.assertEqual(result.code, 1, result)
        self.assertEqual(result.outputs["failure-class"], "logic")
        self.assertIn("allow-warnings", result.outputs.get("state", "") + result.stdout)
        warnings = result.annotations("warning")
        self.assertEqual(len(warnings), 1, result)
        self.assertIn(f"file=bicep/main.bicep,line={self.line},col=7", warnings[0])
        self.assertIn("no-unused-params", warnings[0])
        self.assertEqual(result.az_calls[1:], [])  # nothing but az version ran

    def test_warnings_pass_with_the_input_and_in_dev_by_config(self):
        with_input = self.runner.run(event="push", ref="refs/heads/main", extra_env=self.env,
                                     inputs={"allow-warnings": "true"})
        self.assertEqual(with_input.code, 0, with_input)
        self.assertEqual(len(with_input.annotations("warning")), 1)
        dev = self.runner.run(event="push", ref="refs/heads/develop", extra_env=self.env)
        self.assertEqual(dev.code, 0, dev)
        self.assertEqual(dev.outputs["environment"], "dev")


class WhatIfTable(E2ETestCase):
    scenario = {"resources": [
        seeded("rg-aos-prod", PROD_STORAGE, "Microsoft.Storage/storageAccounts", sku="Standard_LRS",
               props={"minimumTlsVersion": "TLS1_2", "supportsHttpsTrafficOnly": True, "allowBlobPublicAccess": False},
               kind="StorageV2", tags={"environment": "prod", "managedBy": "bicepgate"}),
        seeded("rg-aos-prod", "redis-aos-prod", "Microsoft.Cache/redis")]}

    def test_creates_modifies_and_deletes_are_rendered_and_complete_mode_deletes_stop_the_run(self):
        result = self.runner.run(event="push", ref="refs/heads/main", inputs={"mode": "Complete"})
        self.assertEqual(result.code, 1, result)
        self.assertEqual(result.outputs["failure-class"], "configuration")
        self.assertEqual(json.loads(result.outputs["what-if"]), {"Create": 2, "Delete": 1, "Modify": 1})
        self.assertEqual(result.outputs["destructive-changes"], "1")
        self.assertIn("| Microsoft.Cache/redis | redis-aos-prod | Delete |", result.summary)
        # Values, not just names: the seeded SKU and the template's, before → after.
        self.assertIn(f"| Microsoft.Storage/storageAccounts | {PROD_STORAGE} | Modify (**SKU**) | "
                      "`sku.name`: `Standard_LRS` → `Standard_GRS`", result.summary)
        self.assertIn("| Microsoft.Web/serverfarms | plan-aos-prod | Create |", result.summary)
        # The blast radius above the table, deletes first, and the same counts as an output.
        self.assertIn("**1 destructive** (1 deleted, 0 left unmanaged): approved by the label `approve-deletes`",
                      result.summary)
        self.assertLess(result.summary.index("**Blast radius:**"), result.summary.index("| Microsoft.Cache/redis |"))
        self.assertLess(result.summary.index("| Microsoft.Cache/redis |"),
                        result.summary.index("| Microsoft.Web/serverfarms |"))
        self.assertEqual(result.outputs["has-changes"], "true")
        radius = json.loads(result.outputs["blast-radius"])
        self.assertEqual((radius["destructive"], radius["deletes"], radius["skuChanges"]), (1, 1, 1), radius)
        # The full plan, next to the audit record, relative to the workspace as a next step opens it.
        self.assertTrue(result.outputs["plan-file"].endswith(".plan.md"), result.outputs)
        self.assertFalse(os.path.isabs(result.outputs["plan-file"]), result.outputs)
        with open(result.file("plan-file"), encoding="utf-8") as f:
            plan = f.read()
        self.assertIn("`sku.name`: `Standard_LRS` → `Standard_GRS`", plan)
        self.assertIn(result.outputs["plan-file"], result.summary)
        self.assertTrue(any("redis-aos-prod" in a and "allow-deletes" in a for a in result.annotations("error")), result)
        self.assertEqual(self.deployments_created(), [])

    def test_the_input_allow_deletes_lets_them_through(self):
        result = self.runner.run(event="push", ref="refs/heads/main",
                                 inputs={"mode": "Complete", "allow-deletes": "true"})
        self.assertEqual(result.code, 0, result)
        self.assertIn("approved by input allow-deletes", result.summary)
        self.assertEqual(len(self.deployments_created()), 1)
        gone = [r for r in self.runner.emulator.requests() if r["method"] == "GET" and r["path"].endswith("redis-aos-prod")]
        self.assertEqual(gone, [])


class LabelApproval(E2ETestCase):
    files = {".github/bicepgate.yml": """
environments:
  staging:
    resource-group: rg-aos-staging
    template: bicep/main.bicep
    parameters: bicep/parameters/staging.parameters.json
    mode: Complete
routes:
  - event: pull_request
    base: main
    environment: staging
    plan-only: false
"""}
    scenario = {"resources": [seeded("rg-aos-staging", "redis-aos-staging", "Microsoft.Cache/redis")]}

    def test_a_pull_request_needs_the_label_and_passes_with_it(self):
        unlabelled = self.runner.run(event="pull_request", ref="refs/pull/7/merge", payload=pull_request_payload())
        self.assertEqual(unlabelled.code, 1, unlabelled)
        self.assertTrue(any("approve-deletes" in a and "#7" in a for a in unlabelled.annotations("error")), unlabelled)
        self.assertEqual(self.deployments_created(), [])
        labelled = self.runner.run(event="pull_request", ref="refs/pull/7/merge",
                                   payload=pull_request_payload(labels=["approve-deletes"]))
        self.assertEqual(labelled.code, 0, labelled)
        self.assertIn("label 'approve-deletes'", labelled.summary)
        self.assertEqual(len(self.deployments_created()), 1)

    def test_a_block_policy_cannot_be_overridden(self):
        self.runner.write(".github/bicepgate.yml", self.files[".github/bicepgate.yml"].replace(
            "mode: Complete", "mode: Complete\n    delete-policy: block"))
        result = self.runner.run(event="pull_request", ref="refs/pull/7/merge",
                                 payload=pull_request_payload(labels=["approve-deletes"]),
                                 inputs={"allow-deletes": "true"})
        self.assertEqual(result.code, 1, result)
        self.assertIn("delete-policy is block", result.stdout)


PROD_CONFIG = """
environments:
  prod:
    resource-group: rg-aos-prod
    location: eastus
    template: bicep/main.bicep
    parameters: bicep/parameters/prod.parameters.json
    unmanaged-policy: approve
routes:
  - event: push
    branch: main
    environment: prod
"""


def drop_the_workspace(runner):
    """The workspace, its parameters and its output leave the sample template."""
    source = sample_bicep()
    start = source.index("resource workspace ")
    source = source[:start] + source[source.index("\n}\n", start) + 3:]
    source = source.replace("output workspaceName string = workspace.name\n", "")
    for name in ("workspaceName", "retentionDays"):
        start = source.rindex("@description", 0, source.index(f"param {name} "))
        source = source[:start] + source[source.index("\n", source.index(f"param {name} ")) + 1:]
    runner.write("bicep/main.bicep", source)
    for environment in ("dev", "staging", "prod"):
        path = f"bicep/parameters/{environment}.parameters.json"
        with open(os.path.join(runner.workspace, path), encoding="utf-8") as f:
            parameters = json.load(f)
        for name in ("workspaceName", "retentionDays"):
            parameters["parameters"].pop(name, None)
        runner.write(path, json.dumps(parameters))


class IncrementalDrop(E2ETestCase):
    def drop_the_workspace(self):
        first = self.runner.run(event="push", ref="refs/heads/main")
        self.assertEqual(first.code, 0, first)
        drop_the_workspace(self.runner)

    def test_a_resource_the_template_drops_is_reported_as_unmanaged_without_stopping(self):
        self.drop_the_workspace()
        second = self.runner.run(event="push", ref="refs/heads/main")
        self.assertEqual(second.code, 0, second)
        self.assertEqual(json.loads(second.outputs["what-if"]), {"Ignore": 1, "NoChange": 2})
        self.assertEqual(second.outputs["destructive-changes"], "0")
        self.assertEqual(second.outputs["unmanaged-resources"], "1")
        section = second.summary[second.summary.index("### Left running, no longer managed by the template"):]
        self.assertIn("log-aos-prod", section.split("\n###")[0])
        self.assertNotIn("### Destructive changes", second.summary)
        self.assertTrue(any("log-aos-prod" in a and "no longer managed" in a
                            for a in second.annotations("warning")), second)
        self.assertEqual(second.annotations("error"), [])
        self.assertEqual(len(self.deployments_created()), 2)

    def test_unmanaged_policy_approve_stops_for_them_like_deletes(self):
        self.runner.write(".github/bicepgate.yml", PROD_CONFIG)
        self.drop_the_workspace()
        second = self.runner.run(event="push", ref="refs/heads/main")
        self.assertEqual(second.code, 1, second)
        self.assertEqual(second.outputs["unmanaged-resources"], "1")
        self.assertTrue(any("1 resource(s) left unmanaged need approval" in a and "log-aos-prod" in a
                            for a in second.annotations("error")), second)
        self.assertEqual(len(self.deployments_created()), 1)


class MergedPullRequestApproval(E2ETestCase):
    """The push to main after a merge carries no pull request: the label given on the pull
    request approves its deletes through GET /repos/{owner}/{repo}/commits/{sha}/pulls."""
    scenario = {"resources": [seeded("rg-aos-prod", "redis-aos-prod", "Microsoft.Cache/redis")]}

    def push(self, github_scenario, mode="Complete"):
        self.github = self.runner.github(github_scenario)
        return self.runner.run(event="push", ref="refs/heads/main",
                               payload={"ref": "refs/heads/main", "after": self.runner.sha},
                               inputs={"mode": mode, "github-token": "ghs_e2eMergedPullRequest"})

    def merged(self, labels, **changes):
        pull = {"number": 7, "base": "main", "merged": True, "merge_commit_sha": self.runner.sha,
                "labels": labels}
        pull.update(changes)
        return {"commit_pulls": {self.runner.sha: [pull]}}

    def lookups(self):
        return [r for r in self.github.requests()
                if r["method"] == "GET" and r["path"] == f"/repos/contoso/platform/commits/{self.runner.sha}/pulls"]

    def test_the_label_on_the_merged_pull_request_approves_the_deletes(self):
        result = self.push(self.merged(["infra", "approve-deletes"]))
        self.assertEqual(result.code, 0, result)
        self.assertIn("approved by label 'approve-deletes' on merged pull request #7", result.stdout + result.stderr)
        # The summary escapes '#7' so that GitHub does not link it as an issue reference.
        self.assertIn("approved by label 'approve-deletes' on merged pull request \\#", result.summary)
        self.assertEqual(len(self.deployments_created()), 1)
        self.assertEqual(len(self.lookups()), 1)
        self.assertEqual(self.lookups()[0]["headers"]["authorization"], "Bearer ghs_e2eMergedPullRequest")

    def test_without_the_label_the_push_stops_and_says_where_to_add_it(self):
        result = self.push(self.merged(["infra"]))
        self.assertEqual(result.code, 1, result)
        self.assertTrue(any("'approve-deletes' to merged pull request #7" in a and "redis-aos-prod" in a
                            for a in result.annotations("error")), result)
        self.assertEqual(self.deployments_created(), [])

    def test_a_pull_request_merged_elsewhere_or_not_as_this_commit_approves_nothing(self):
        pulls = [self.merged(["approve-deletes"], number=number, **changes)["commit_pulls"][self.runner.sha][0]
                 for number, changes in ((3, {"base": "develop"}), (4, {"merge_commit_sha": "0" * 40}),
                                         (5, {"merged": False}))]
        result = self.push({"commit_pulls": {self.runner.sha: pulls}})
        self.assertEqual(result.code, 1, result)
        self.assertTrue(any("no merged pull request's merge commit" in a
                            for a in result.annotations("error")), result)
        self.assertEqual(self.deployments_created(), [])

    def test_a_token_that_cannot_read_pull_requests_keeps_the_gate_closed_and_says_why(self):
        result = self.push({"faults": [{"method": "GET", "path": "/repos/contoso/platform/commits/",
                                        "status": 403, "times": -1,
                                        "body": {"message": "Resource not accessible by integration"}}]})
        self.assertEqual(result.code, 1, result)
        self.assertTrue(any("Resource not accessible by integration" in a and "pull-requests: read" in a
                            for a in result.annotations("error")), result)
        self.assertEqual(self.deployments_created(), [])

    def test_no_destructive_change_no_question_to_github(self):
        result = self.push(self.merged(["approve-deletes"]), mode="Incremental")
        self.assertEqual(result.code, 0, result)
        self.assertEqual(result.outputs["destructive-changes"], "0")
        self.assertEqual(self.lookups(), [])


class Outputs(E2ETestCase):
    def test_outputs_become_action_outputs_and_secure_ones_never_do(self):
        source = sample_bicep() + "@secure()\noutput storageKey string = plan.name\n"
        self.runner.write("bicep/main.bicep", source)
        result = self.runner.run(event="push", ref="refs/heads/main")
        self.assertEqual(result.code, 0, result)
        outputs = json.loads(result.outputs["outputs"])
        self.assertEqual(set(outputs), {"storageAccountName", "planName", "workspaceName"})
        self.assertNotIn("output-storageKey", result.outputs)
        self.assertIn("| storageKey | *** (secure) |", result.summary)


class Health(E2ETestCase):
    scenario = {"deployments": [{"name": "bicepgate-prod", "resource_states": {"log-aos-prod": "Failed"}}]}

    def test_a_resource_left_failed_fails_health_with_one_az_call_for_all(self):
        result = self.runner.run(event="push", ref="refs/heads/main")
        self.assertEqual(result.code, 1, result)
        self.assertEqual(result.outputs["state"], "failed")
        self.assertIn("log-aos-prod | **unhealthy** | provisioningState Failed", result.summary)
        self.assertEqual([c[:2] for c in result.az_calls if c[0] == "resource"], [["resource", "list"]])


class Probes(E2ETestCase):
    def test_a_probe_answering_503_fails_health_and_a_200_passes(self):
        config = f"""
environments:
  prod:
    resource-group: rg-aos-prod
    template: bicep/main.bicep
    parameters: bicep/parameters/prod.parameters.json
    health-probes:
      - http: {self.runner.emulator.base}probe/200
      - http: {self.runner.emulator.base}probe/503
        timeout-seconds: 5
      - tcp: 127.0.0.1:{self.runner.emulator.port}
routes:
  - event: push
    branch: main
    environment: prod
"""
        self.runner.write(".github/bicepgate.yml", config)
        result = self.runner.run(event="push", ref="refs/heads/main")
        self.assertEqual(result.code, 1, result)
        self.assertIn("probe/200 | healthy | HTTP 200", result.summary)
        self.assertIn("probe/503 | **unhealthy** | HTTP 503 (expected 200) after 3 attempt(s)", result.summary)
        self.assertIn(f"127.0.0.1:{self.runner.emulator.port} | healthy | connected", result.summary)
        self.assertEqual(len([r for r in self.runner.emulator.requests() if r["path"] == "/probe/503"]), 3)


# A rerun skipped as unchanged (and force deploying anyway) and the az calls of a full run are
# checked call for call against recorded runs in the unit tests' run loop
# (tests/unit/pipeline/run_loop_test.cpp, [run-loop]), in seconds instead of minutes.


if __name__ == "__main__":
    unittest.main()


class SubscriptionScope(E2ETestCase):
    SOURCE = ("targetScope = 'subscription'\n\nparam location string = 'eastus'\n\n"
              "resource rg 'Microsoft.Resources/resourceGroups@2022-09-01' = {\n"
              "  name: 'rg-aos-shared'\n  location: location\n  tags: {\n    managedBy: 'bicepgate'\n  }\n}\n\n"
              "output resourceGroupName string = rg.name\n")
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
"""}

    def test_a_subscription_scope_template_deploys_with_az_deployment_sub(self):
        result = self.runner.run(event="push", ref="refs/heads/main")
        self.assertEqual(result.code, 0, result)
        self.assertEqual(json.loads(result.outputs["outputs"]), {"resourceGroupName": "rg-aos-shared"})
        self.assertEqual([c[:3] for c in result.az_calls[1:]],
                         [["deployment", "sub", "list"], ["deployment", "sub", "what-if"],
                          ["deployment", "sub", "create"], ["resource", "list", "--output"],
                          ["group", "list", "--output"]])
        self.assertIn("--location", result.az_calls[2])
        self.assertIn("westeurope", result.az_calls[2])
        self.assertIn("rg-aos-shared | healthy | provisioningState Succeeded", result.summary)
        puts = [r for r in self.runner.emulator.requests() if r["method"] == "PUT"]
        self.assertTrue(puts[0]["path"].startswith("/subscriptions/00000000-0000-4000-8000-000000000001/providers/Microsoft.Resources/deployments/"), puts)
        again = self.runner.run(event="push", ref="refs/heads/main")
        self.assertEqual(again.outputs["state"], "skipped", again)


class BicepParam(E2ETestCase):
    SOURCE = ("using '../main.bicep'\n\nparam environmentName = 'prod'\nparam storageAccountName = 'staosprod002'\n"
              "param storageSku = 'Standard_GRS'\nparam planName = 'plan-aos-prod'\nparam planSku = 'EP1'\n"
              "param workspaceName = 'log-aos-prod'\nparam retentionDays = 90\n")
    files = {"bicep/parameters/prod.bicepparam": SOURCE, ".github/bicepgate.yml": """
environments:
  prod:
    resource-group: rg-aos-prod
    template: bicep/main.bicep
    parameters: bicep/parameters/prod.bicepparam
routes:
  - event: push
    branch: main
    environment: prod
"""}

    def test_a_bicepparam_file_compiles_with_its_template_in_one_compiler_run(self):
        result = self.runner.run(event="push", ref="refs/heads/main")
        self.assertEqual(result.code, 0, result)
        self.assertEqual(json.loads(result.outputs["outputs"])["storageAccountName"], "staosprod002")
        self.assertEqual([c[0] for c in result.bicep_calls], ["build-params"], result.bicep_calls)


class Progress(E2ETestCase):
    # The deployment runs for ~8 polls of 1 s; progress is read every 2 s for the test.
    scenario = {"deployments": [{"name": "bicepgate-prod", "running_polls": 8}]}

    def test_a_long_deployment_prints_its_operations_as_they_change(self):
        result = self.runner.run(event="push", ref="refs/heads/main", extra_env={"BICEPGATE_PROGRESS_SECONDS": "2"})
        self.assertEqual(result.code, 0, result)
        # Under Actions the log shares stdout with the workflow commands.
        progress = [l for l in result.stdout.splitlines() if "operations done" in l]
        polls = [c for c in result.az_calls if c[:2] == ["deployment", "operation"]]
        self.assertGreaterEqual(len(polls), 2)
        self.assertIn(f"0 of 3 operations done; running: Microsoft.Storage/storageAccounts {PROD_STORAGE}", progress[0])
        # Printed when the states change, not at every poll.
        self.assertEqual(len(set(progress)), len(progress), progress)
        self.assertLess(len(progress), len(polls) + 1)
        self.assertEqual(len([c for c in result.az_calls if c[:3] == ["deployment", "group", "create"]]), 1)
