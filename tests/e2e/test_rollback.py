"""rollback-on-failure: a failed deployment has ARM redeploy an earlier one (az deployment group
create --rollback-on-error; the emulator redeploys as ARM's docs describe). The run still fails,
its failure kept, and ends rolled_back; production takes no shared input's rollback."""

import json
import os
import re
import unittest

from harness import ROOT, E2ETestCase, sample_storage_name

SUB = "/subscriptions/00000000-0000-4000-8000-000000000001"
DEV_WORKSPACE = SUB + "/resourceGroups/rg-aos-dev/providers/Microsoft.OperationalInsights/workspaces/log-aos-dev"


def taken(environment):
    """ARM's failure of the storage account alone: the other resources of the deployment apply."""
    storage = sample_storage_name(environment)
    return {"code": "DeploymentFailed", "message": "At least one resource deployment operation failed.",
            "details": [{"code": "StorageAccountAlreadyTaken",
                         "target": SUB + f"/resourceGroups/rg-aos-{environment}/providers/"
                                         f"Microsoft.Storage/storageAccounts/{storage}",
                         "message": f"The storage account named {storage} is already taken."}]}


# The first deployment of dev succeeds; the next one fails on its storage account after the log
# workspace took the new retention.
FAILS_AFTER_ONE = {"deployments": [{"name": "bicepgate-dev", "after": 1, "error": taken("dev"),
                                    "failed_resources": [sample_storage_name("dev")]}]}


def normalized(text):
    """A summary's lines with what differs between runs replaced: deployment hashes, ids, commits."""
    text = re.sub(r"(bicepgate-[a-z]+-)[0-9a-f]{16}", r"\1<hash>", text)
    text = re.sub(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "<uuid>", text)
    return re.sub(r"\b[0-9a-f]{40}\b", "<sha>", text).splitlines()


class DevFailsAfterAGoodDeployment(E2ETestCase):
    scenario = FAILS_AFTER_ONE

    def deploy_good_then_bad(self, inputs):
        good = self.runner.run(event="push", ref="refs/heads/develop")
        self.assertEqual(good.code, 0, good)
        self.assertEqual(good.outputs["state"], "completed")
        bad = self.runner.run(event="push", ref="refs/heads/develop",
                              inputs={"parameter-overrides": "retentionDays=60", **inputs})
        return good.outputs["deployment-name"], bad

    def retention(self):
        return self.runner.az_json("resource", "show", "--ids", DEV_WORKSPACE)["properties"]["retentionInDays"]

    def test_a_failed_deployment_rolls_back_to_the_last_good_one_and_still_fails(self):
        good_name, result = self.deploy_good_then_bad({"rollback-on-failure": "true"})
        self.assertEqual(result.code, 1, result)
        self.assertEqual(result.outputs["state"], "rolled_back")
        # The failure that caused the rollback stays the run's.
        self.assertEqual(result.outputs["failure-code"], "StorageAccountAlreadyTaken")
        self.assertNotEqual(result.outputs["failure-class"], "")
        self.assertEqual(result.outputs["rolled-back-to"], good_name)
        creates = [c for c in result.az_calls if c[:3] == ["deployment", "group", "create"]]
        self.assertEqual(len(creates), 1)
        self.assertIn("--rollback-on-error", creates[0])
        # ARM (the emulator) redeployed the good deployment: the retention is back.
        self.assertEqual(self.runner.emulator.rollbacks(),
                         [{"failed": result.outputs["deployment-name"], "redeployed": good_name}])
        self.assertEqual(self.retention(), 30)
        self.assertIn(f"Rolled back: ARM redeployed `{good_name}` (LastSuccessful) after "
                      f"`{result.outputs['deployment-name']}` failed", result.summary)
        self.assertIn("rolled back to", result.summary.splitlines()[0])
        errors = result.annotations("error")
        self.assertTrue(any(f"rolled back to {good_name}" in a for a in errors), errors)
        with open(result.file("audit-record"), encoding="utf-8") as f:
            record = json.load(f)
        self.assertEqual(record["final_state"], "rolled_back")
        self.assertEqual(record["failure_code"], "StorageAccountAlreadyTaken")
        rollback = record["details"]["rollback"]
        self.assertEqual((rollback["outcome"], rollback["deployment"], rollback["type"]),
                         ("rolled_back", good_name, "LastSuccessful"))
        transitions = [e["to"] for e in record["events"] if e["kind"] == "transition"]
        self.assertEqual(transitions[-2:], ["failed", "rolled_back"])
        # The README shows this run's summary: each of its lines is still printed.
        with open(os.path.join(ROOT, "docs", "examples", "rollback-summary.md"), encoding="utf-8") as f:
            shown = normalized(f.read())
        printed = normalized(result.summary)
        self.assertEqual([line for line in shown if line not in printed], [])

    def test_a_named_deployment_is_the_one_redeployed(self):
        good = self.runner.run(event="push", ref="refs/heads/develop")
        self.assertEqual(good.code, 0, good)
        good_name = good.outputs["deployment-name"]
        bad = self.runner.run(event="push", ref="refs/heads/develop",
                              inputs={"parameter-overrides": "retentionDays=90",
                                      "rollback-on-failure": good_name})
        self.assertEqual(bad.outputs["state"], "rolled_back", bad)
        create = [c for c in bad.az_calls if c[:3] == ["deployment", "group", "create"]][0]
        self.assertEqual(create[create.index("--rollback-on-error") + 1], good_name)
        self.assertEqual(bad.outputs["rolled-back-to"], good_name)
        self.assertEqual(self.retention(), 30)

    def test_without_rollback_the_failed_deployment_stays_as_it_left_the_group(self):
        _, result = self.deploy_good_then_bad({})
        self.assertEqual(result.code, 1, result)
        self.assertEqual(result.outputs["state"], "failed")
        self.assertEqual(result.outputs["failure-code"], "StorageAccountAlreadyTaken")
        self.assertEqual(result.outputs["rolled-back-to"], "")
        self.assertNotIn("--rollback-on-error", " ".join(" ".join(c) for c in result.az_calls))
        self.assertEqual(self.runner.emulator.rollbacks(), [])
        self.assertEqual(self.retention(), 60)
        self.assertNotIn("Rollback", result.summary)


class ProductionFails(E2ETestCase):
    # prod's first deployment fails: there is nothing earlier to redeploy.
    scenario = {"deployments": [{"name": "bicepgate-prod", "error": taken("prod"),
                                 "failed_resources": [sample_storage_name("prod")]}]}

    def test_a_routed_production_run_takes_no_rollback_from_a_shared_input(self):
        result = self.runner.run(event="push", ref="refs/heads/main", inputs={"rollback-on-failure": "true"})
        self.assertEqual(result.code, 1, result)
        self.assertEqual(result.outputs["state"], "failed")
        self.assertNotIn("--rollback-on-error", " ".join(" ".join(c) for c in result.az_calls))
        notices = result.annotations("notice")
        self.assertTrue(any("not applied to production environment 'prod'" in n for n in notices), notices)
        self.assertIn("| Rollback | not for production:", result.summary)

    def test_a_step_that_names_production_rolls_it_back_and_says_when_arm_could_not(self):
        result = self.runner.run(event="push", ref="refs/heads/main",
                                 inputs={"rollback-on-failure": "true", "environment": "prod"})
        self.assertEqual(result.code, 1, result)
        create = [c for c in result.az_calls if c[:3] == ["deployment", "group", "create"]][0]
        self.assertIn("--rollback-on-error", create)
        # No earlier deployment succeeded in rg-aos-prod: ARM's redeploy fails, the run stays failed.
        self.assertEqual(result.outputs["state"], "failed")
        self.assertEqual(result.outputs["rolled-back-to"], "")
        self.assertIn("Rollback failed: ARM", result.summary)
        self.assertEqual(self.runner.emulator.rollbacks(), [])


class SubscriptionScope(E2ETestCase):
    def test_rollback_at_subscription_scope_is_refused_before_any_deployment(self):
        # A subscription-scope environment is production here (it reaches prod's resource group):
        # the step names it, so the input applies, and is refused for the scope.
        result = self.runner.run(event="push", ref="refs/heads/develop",
                                 inputs={"rollback-on-failure": "true", "scope": "subscription",
                                         "location": "eastus", "environment": "dev"})
        self.assertEqual(result.code, 1, result)
        self.assertEqual(result.outputs["failure-class"], "configuration")
        self.assertIn("only at resource-group scope", " ".join(result.annotations("error")))
        self.assertEqual(self.deployments_created(), [])


if __name__ == "__main__":
    unittest.main()
