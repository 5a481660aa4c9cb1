"""The thin path through the real az and the emulator: push to main deploys, a pull request
plans only, a fault fails the run, and a rerun's what-if shows no changes."""

import json
import unittest

from harness import E2ETestCase, pull_request_payload, sample_storage_name

PROD_STORAGE = sample_storage_name("prod")


class PushToMain(E2ETestCase):
    def test_push_to_main_lints_plans_deploys_and_reads_outputs(self):
        result = self.runner.run(event="push", ref="refs/heads/main")
        self.assertEqual(result.code, 0, result)
        self.assertEqual(result.outputs["environment"], "prod")
        self.assertEqual(result.outputs["state"], "completed")
        self.assertTrue(result.outputs["deployment-name"].startswith("bicepgate-prod-"))
        outputs = json.loads(result.outputs["outputs"])
        self.assertEqual(outputs["storageAccountName"], PROD_STORAGE)
        self.assertEqual(result.outputs["output-planName"], "plan-aos-prod")
        self.assertEqual(json.loads(result.outputs["what-if"]), {"Create": 3})
        self.assertIn("completed", result.summary)
        self.assertEqual(len(self.deployments_created()), 1)
        # The deployment landed in prod's resource group with the name we chose.
        put = self.deployments_created()[0]
        self.assertIn("/resourcegroups/rg-aos-prod/", put["path"].lower())
        self.assertTrue(put["path"].endswith(result.outputs["deployment-name"]))

    def test_the_real_azure_cli_made_the_calls(self):
        result = self.runner.run(event="push", ref="refs/heads/main")
        self.assertEqual(result.code, 0, result)
        agents = {r["user_agent"] for r in self.runner.emulator.requests() if "deployments" in r["path"]}
        self.assertTrue(agents and all("AZURECLI/2.45" in a for a in agents), agents)
        self.assertIn("| Azure CLI | 2.45", result.summary)

    def test_second_run_after_deploy_shows_no_changes(self):
        first = self.runner.run(event="push", ref="refs/heads/main")
        self.assertEqual(first.code, 0, first)
        second = self.runner.run(event="push", ref="refs/heads/main")
        self.assertEqual(second.code, 0, second)
        self.assertEqual(json.loads(second.outputs["what-if"]), {"NoChange": 3})
        self.assertEqual(second.outputs["deployment-name"], first.outputs["deployment-name"])


class PullRequest(E2ETestCase):
    def test_pull_request_into_main_plans_staging_without_deploying(self):
        result = self.runner.run(event="pull_request", ref="refs/pull/7/merge",
                                 payload=pull_request_payload(),
                                 extra_env={"GITHUB_HEAD_REF": "feature/storage", "GITHUB_BASE_REF": "main"})
        self.assertEqual(result.code, 0, result)
        self.assertEqual(result.outputs["environment"], "staging")
        self.assertEqual(result.outputs["state"], "completed")
        self.assertEqual(json.loads(result.outputs["what-if"]), {"Create": 3})
        self.assertEqual(self.deployments_created(), [])
        whatifs = [r for r in self.runner.emulator.requests() if r["path"].lower().endswith("/whatif")]
        # Staging's own plan, then the preview of prod the default routing asks for (test_previews).
        self.assertEqual(len(whatifs), 2)
        self.assertIn("/resourcegroups/rg-aos-staging/", whatifs[0]["path"].lower())
        self.assertIn("/resourcegroups/rg-aos-prod/", whatifs[1]["path"].lower())
        self.assertIn("plan only", result.summary)

    def test_pull_request_from_a_fork_never_reaches_azure(self):
        result = self.runner.run(event="pull_request", ref="refs/pull/9/merge",
                                 payload=pull_request_payload(number=9, head_repo="mallory/platform"))
        self.assertEqual(result.code, 0, result)
        self.assertEqual(result.outputs["state"], "skipped")
        self.assertTrue(any("fork" in line for line in result.annotations("notice")), result)
        self.assertEqual([r for r in self.runner.emulator.requests() if "deployments" in r["path"]], [])


class EmulatorFault(E2ETestCase):
    scenario = {"faults": [{"name": "what-if outage", "method": "POST", "path": r"/whatIf$",
                            "times": -1, "status": 500,
                            "body": {"error": {"code": "InternalServerError",
                                               "message": "Encountered internal server error."}}}]}

    def test_a_failing_what_if_fails_the_run_with_a_clear_message(self):
        result = self.runner.run(event="push", ref="refs/heads/main",
                                 inputs={"max-retries": "1", "retry-base-seconds": "0"})
        self.assertEqual(result.code, 1, result)
        self.assertEqual(result.outputs["state"], "failed")
        self.assertEqual(self.deployments_created(), [])
        errors = result.annotations("error")
        self.assertTrue(any("planning" in line and "InternalServerError" in line for line in errors), result)
        self.assertEqual(result.outputs["failure-class"], "environmental")
        self.assertIn("| Retried | planning attempt 1 failed with InternalServerError", result.summary)
        self.assertIn("failed", result.summary)


class DeploymentFails(E2ETestCase):
    scenario = {"deployments": [{"name": "bicepgate-prod", "error": {
        "code": "DeploymentFailed", "message": "At least one resource deployment operation failed.",
        "details": [{"code": "StorageAccountAlreadyTaken",
                     "message": f"The storage account named {PROD_STORAGE} is already taken."}]}}]}

    def test_a_long_running_operation_that_ends_failed_fails_the_run(self):
        result = self.runner.run(event="push", ref="refs/heads/main")
        self.assertEqual(result.code, 1, result)
        self.assertEqual(result.outputs["state"], "failed")
        self.assertIn("StorageAccountAlreadyTaken", result.stdout + result.stderr)


class LintErrors(E2ETestCase):
    def test_compiler_errors_stop_the_run_with_annotations_at_their_lines(self):
        self.runner.copy_fixture("bicep/errors/top-level-property.bicep", "bicep/main.bicep")
        result = self.runner.run(event="push", ref="refs/heads/main", inputs={"sarif-file": "lint.sarif"})
        self.assertEqual(result.code, 1, result)
        self.assertEqual(result.outputs["failure-class"], "logic")
        # The compiler's own annotation (the failure's, which names BCP037 too, is on the line as well).
        errors = [a for a in result.annotations("error") if "title=Bicep BCP037" in a]
        self.assertEqual(len(errors), 1, result)
        self.assertIn("file=bicep/main.bicep,line=11,col=3", errors[0])
        self.assertEqual([r for r in self.runner.emulator.requests() if "deployments" in r["path"]], [])
        with open(f"{self.runner.workspace}/lint.sarif", encoding="utf-8") as f:
            sarif = json.load(f)
        self.assertEqual(sarif["version"], "2.1.0")
        found = sarif["runs"][0]["results"][0]
        self.assertEqual(found["ruleId"], "BCP037")
        self.assertEqual(found["level"], "error")
        location = found["locations"][0]["physicalLocation"]
        self.assertEqual(location["artifactLocation"]["uri"], "bicep/main.bicep")
        self.assertEqual(location["region"]["startLine"], 11)


if __name__ == "__main__":
    unittest.main()
