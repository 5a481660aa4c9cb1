"""Issue 16, item 1: a pull request into main plans staging and previews prod, which the merge
deploys, read-only: the real binary, the real az, the ARM emulator and the GitHub stand-in."""

import json
import unittest

from harness import E2ETestCase, pull_request_payload

TOKEN = "ghs_Preview0Token0For0The0Api"
PROD_SCOPE = "/subscriptions/00000000-0000-4000-8000-000000000001/resourceGroups/rg-aos-prod"
PR_ENV = {"GITHUB_HEAD_REF": "feature/storage", "GITHUB_BASE_REF": "main"}


class PullRequestRun(E2ETestCase):
    """The embedded default routing: a pull request into main plans staging, preview: [prod]."""

    def setUp(self):
        super().setUp()
        self.github = self.runner.github()

    def run_pr(self, **inputs):
        return self.runner.run(event="pull_request", ref="refs/pull/7/merge", payload=pull_request_payload(),
                               inputs={"github-token": TOKEN, **inputs}, extra_env=PR_ENV)

    def comment(self):
        posted = [r for r in self.github.requests()
                  if r["method"] == "POST" and r["path"] == "/repos/contoso/platform/issues/7/comments"]
        self.assertEqual(len(posted), 1, self.github.requests())
        return posted[0]["body"]["body"]

    def writes(self):
        """Every request that could change Azure: anything but a read, a what-if or the token."""
        return [(r["method"], r["path"]) for r in self.runner.emulator.requests()
                if r["method"] not in ("GET", "HEAD") and not r["path"].lower().endswith("/whatif")
                and "/token" not in r["path"].lower()]


class PlansStagingAndPreviewsProd(PullRequestRun):
    def test_the_comment_shows_prod_first_and_nothing_is_written_to_azure(self):
        result = self.run_pr()
        self.assertEqual(result.code, 0, result)
        self.assertEqual(result.outputs["environment"], "staging")
        self.assertEqual(result.outputs["state"], "completed")
        previews = json.loads(result.outputs["previews"])
        self.assertEqual(list(previews), ["prod"])
        self.assertEqual(previews["prod"]["state"], "completed")
        self.assertEqual(previews["prod"]["what_if"], {"Create": 3})
        self.assertEqual(previews["prod"]["destructive"], 0)
        self.assertEqual(previews["prod"]["gate"], "none")

        # Both planned, each in its own resource group; neither deployed, no group created.
        whatifs = [r["path"].lower() for r in self.runner.emulator.requests() if r["path"].lower().endswith("/whatif")]
        self.assertEqual(len(whatifs), 2, whatifs)
        self.assertIn("/resourcegroups/rg-aos-staging/", whatifs[0])
        self.assertIn("/resourcegroups/rg-aos-prod/", whatifs[1])
        self.assertEqual(self.deployments_created(), [])
        self.assertEqual(self.writes(), [])
        self.assertFalse([c for c in result.az_calls if c[:2] == ["group", "create"]], result.az_calls)

        body = self.comment()
        self.assertTrue(body.startswith("<!-- bicepgate:pr-comment environment=staging -->"), body)
        prod = body.index("#### Preview · prod (production): planned (what-if only, nothing deployed)")
        staging = body.index("#### staging: planned")
        self.assertLess(prod, staging)
        self.assertLess(prod, body.index("##### What-if of prod"))
        self.assertLess(body.index("##### What-if of prod"), staging)
        self.assertLess(staging, body.index("##### What-if of staging"))
        self.assertIn("Resource group `rg-aos-prod`", body)
        self.assertIn("no destructive changes; the deploying run would not stop", body)

        # The summary too, production first.
        self.assertLess(result.summary.index("## Preview · prod (production)"),
                        result.summary.index("## bicepgate: staging"))

        # One audit record, the preview inside it, its az calls named as the preview's.
        with open(result.file("audit-record"), encoding="utf-8") as f:
            record = json.load(f)
        self.assertEqual(record["environment"], "staging")
        self.assertTrue(record["details"]["plan_only"])
        self.assertEqual(record["details"]["previews"]["prod"]["state"], "completed")
        preview_calls = [e for e in record["events"]
                         if e["kind"] == "az" and e.get("note", "").startswith("preview prod: ")]
        self.assertTrue(any("what-if" in e["argv"] for e in preview_calls), preview_calls)


# The pull request's identity may read staging but not prod's deployments.
DENIED = {"path": r"/resourcegroups/rg-aos-prod/providers/Microsoft\.Resources/deployments", "times": -1,
          "status": 403, "body": {"error": {"code": "AuthorizationFailed", "message": (
              "The client 'pr-planner' with object id 'pr-planner' does not have authorization to perform "
              f"action 'Microsoft.Resources/deployments/read' over scope '{PROD_SCOPE}' or the scope is invalid.")}}}


class PreviewThatCannotBePlanned(PullRequestRun):
    scenario = {"faults": [DENIED]}

    def test_it_is_shown_with_its_cause_and_warned_about_without_failing_the_job(self):
        result = self.run_pr()
        self.assertEqual(result.code, 0, result)
        self.assertEqual(result.outputs["state"], "completed")
        previews = json.loads(result.outputs["previews"])
        self.assertEqual(previews["prod"]["state"], "failed")
        self.assertEqual(previews["prod"]["failure"], {"class": "configuration", "code": "AuthorizationFailed",
                                                       "stage": "planning"})
        warnings = result.annotations("warning")
        self.assertTrue(any("title=bicepgate%3A preview of prod not planned (configuration%2C AuthorizationFailed)" in w
                            for w in warnings), warnings)
        body = self.comment()
        self.assertLess(body.index("#### Preview · prod (production): could not be planned (configuration at what-if)"),
                        body.index("#### staging: planned"))
        self.assertIn("**Cause:** `AuthorizationFailed`", body)
        self.assertIn("**What to do:**", body)
        self.assertEqual(self.deployments_created(), [])

    def test_with_preview_required_the_job_fails(self):
        result = self.run_pr(**{"preview-required": "true"})
        self.assertEqual(result.code, 1, result)
        self.assertEqual(result.outputs["state"], "completed")  # staging's own plan stands
        errors = result.annotations("error")
        self.assertTrue(any("title=bicepgate%3A preview of prod not planned (configuration%2C AuthorizationFailed)" in e
                            for e in errors), errors)


class ValidationLevelOnAnOldAz(E2ETestCase):
    def test_an_az_older_than_2_76_refuses_the_input_before_any_az_deployment_call(self):
        result = self.runner.run(event="push", ref="refs/heads/main",
                                 inputs={"validation-level": "providerNoRbac"})
        self.assertEqual(result.code, 1, result)
        self.assertEqual(result.outputs["state"], "failed")
        self.assertEqual(result.outputs["failure-class"], "configuration")
        self.assertEqual(result.outputs["failure-code"], "az.version")
        errors = result.annotations("error")
        self.assertTrue(any("input 'validation-level' is ProviderNoRbac, which needs azure-cli 2.76.0" in e
                            and "this az is 2.45" in e for e in errors), errors)
        self.assertEqual([c for c in result.az_calls if "deployment" in c], [])
        self.assertEqual(self.deployments_created(), [])

    def test_a_value_az_does_not_know_is_refused_with_the_three_it_does(self):
        result = self.runner.run(event="push", ref="refs/heads/main", inputs={"validation-level": "ProviderNoRBACs"})
        self.assertEqual(result.code, 1, result)
        errors = result.annotations("error")
        self.assertTrue(any("input 'validation-level'" in e and "Provider, Template, ProviderNoRbac" in e
                            for e in errors), errors)
        self.assertEqual(result.az_calls, [])


if __name__ == "__main__":
    unittest.main()
