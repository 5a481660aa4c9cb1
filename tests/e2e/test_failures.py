"""Failures end classified: environmental ones are retried per stage with backoff (honouring the
wait the service names), logic ones stop at once pointing at the declaring line, configuration
ones say what to ask for."""

import json
import time
import unittest

from harness import E2ETestCase, sample_storage_name

PROD_STORAGE = sample_storage_name("prod")

SUB = "/subscriptions/00000000-0000-4000-8000-000000000001"
STORAGE_ID = SUB + f"/resourceGroups/rg-aos-prod/providers/Microsoft.Storage/storageAccounts/{PROD_STORAGE}"


def storage_line():
    with open("../../bicep/main.bicep", encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            if line.startswith("resource storage 'Microsoft.Storage/storageAccounts@"):
                return number
    raise AssertionError("the sample has no storage declaration")


class ThrottledOnce(E2ETestCase):
    scenario = {"deployments": [{"name": "bicepgate-prod", "times": 1, "error": {
        "code": "TooManyRequests", "message": "Too many requests. Please retry after 2 seconds."}}]}

    def test_a_429_naming_a_2_second_wait_is_retried_after_about_2_seconds_and_succeeds(self):
        result = self.runner.run(event="push", ref="refs/heads/main", inputs={"retry-base-seconds": "30"})
        self.assertEqual(result.code, 0, result)
        self.assertEqual(result.outputs["state"], "completed")
        puts = [r for r in self.deployments_created()]
        self.assertEqual(len(puts), 2)
        # The second PUT came about 2 s after the first attempt failed, not after 30 s of backoff.
        gap = puts[1]["time"] - puts[0]["time"]
        self.assertGreater(gap, 2.0)
        self.assertLess(gap, 20.0)
        self.assertIn("Retried | deploying attempt 1 failed with TooManyRequests; waited 2000 ms", result.summary)


class ServiceUnavailableStorm(E2ETestCase):
    scenario = {"deployments": [{"name": "bicepgate-prod", "error": {
        "code": "ServiceUnavailable", "message": "The service is temporarily unavailable."}}]}

    def test_a_503_storm_exhausts_the_retries_and_fails_as_environmental(self):
        result = self.runner.run(event="push", ref="refs/heads/main",
                                 inputs={"max-retries": "2", "retry-base-seconds": "1"})
        self.assertEqual(result.code, 1, result)
        self.assertEqual(result.outputs["failure-class"], "environmental")
        self.assertEqual(result.outputs["failure-code"], "ServiceUnavailable")
        self.assertEqual(len(self.deployments_created()), 3)
        self.assertEqual(result.summary.count("| Retried | deploying"), 2)


class InvalidTemplateAtRuntime(E2ETestCase):
    scenario = {"deployments": [{"name": "bicepgate-prod", "error": {
        "code": "DeploymentFailed", "message": "At least one resource deployment operation failed.",
        "details": [{"code": "InvalidTemplate", "target": STORAGE_ID,
                     "message": f"Deployment template validation failed: 'The template resource '{PROD_STORAGE}' "
                                "has an invalid property 'minimumTlsVersion': TLS1_3 is not supported.'"}]}}]}

    def test_an_invalid_template_fails_at_once_with_an_annotation_on_the_declaring_line(self):
        started = time.time()
        result = self.runner.run(event="push", ref="refs/heads/main")
        self.assertEqual(result.code, 1, result)
        self.assertEqual(result.outputs["failure-class"], "logic")
        self.assertEqual(result.outputs["failure-code"], "InvalidTemplate")
        self.assertEqual(len(self.deployments_created()), 1)
        errors = [a for a in result.annotations("error") if "InvalidTemplate" in a]
        self.assertEqual(len(errors), 1, result)
        self.assertIn(f"file=bicep/main.bicep,line={storage_line()},col=1", errors[0])
        self.assertNotIn("Retried", result.summary)
        self.assertLess(time.time() - started, 60)


class NotAuthorized(E2ETestCase):
    scenario = {"faults": [{"method": "POST", "path": r"/whatIf$", "times": -1, "status": 403, "body": {"error": {
        "code": "AuthorizationFailed",
        "message": "The client 'ci-deployer' with object id '00000000-0000-4000-8000-0000000000bb' does not have "
                   "authorization to perform action 'Microsoft.Resources/deployments/whatIf/action' over scope "
                   "'/subscriptions/00000000-0000-4000-8000-000000000001/resourcegroups/rg-aos-prod' or the scope "
                   "is invalid. If access was recently granted, please refresh your credentials."}}}]}

    def test_an_authorization_failure_stops_with_the_role_to_request(self):
        result = self.runner.run(event="push", ref="refs/heads/main")
        self.assertEqual(result.code, 1, result)
        self.assertEqual(result.outputs["failure-class"], "configuration")
        self.assertEqual(result.outputs["failure-code"], "AuthorizationFailed")
        whatifs = [r for r in self.runner.emulator.requests() if r["path"].endswith("/whatIf")]
        self.assertEqual(len(whatifs), 1)  # never retried
        self.assertIn("Microsoft.Resources/deployments/whatIf/action", result.summary)
        self.assertIn("Ask an owner of scope /subscriptions/00000000-0000-4000-8000-000000000001/resourcegroups/rg-aos-prod",
                      result.summary)
        self.assertEqual(self.deployments_created(), [])


if __name__ == "__main__":
    unittest.main()


class FailedWithExitZero(E2ETestCase):
    # The async operation says Succeeded while the deployment ends Failed: az exits 0 and prints
    # the Failed deployment with ARM's error in it.
    scenario = {"deployments": [{"name": "bicepgate-prod", "async_status": "Succeeded", "error": {
        "code": "DeploymentFailed", "message": "At least one resource deployment operation failed.",
        "details": [{"code": "StorageAccountAlreadyTaken", "target": STORAGE_ID,
                     "message": f"The storage account named {PROD_STORAGE} is already taken."}]}}]}

    def test_a_failed_deployment_that_az_returns_with_exit_0_fails_the_deploy_stage_with_arms_error(self):
        result = self.runner.run(event="push", ref="refs/heads/main")
        self.assertEqual(result.code, 1, result)
        self.assertEqual(result.outputs["state"], "failed")
        self.assertEqual(result.outputs["failure-code"], "StorageAccountAlreadyTaken")
        self.assertIn("is Failed", result.stdout)
        errors = [a for a in result.annotations("error") if "StorageAccountAlreadyTaken" in a]
        self.assertTrue(errors, result)
        self.assertIn("deploying failed", result.annotations("error")[0])
        # Health was never checked: the deploy stage stopped the run.
        self.assertNotIn("resource list", " ".join(" ".join(c) for c in result.az_calls))
