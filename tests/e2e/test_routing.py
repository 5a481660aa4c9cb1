"""Production never deploys from a pull request, whatever the config or the inputs say, and a
fork's review never reaches Azure: the real binary, the real az, the emulator."""

import json
import os
import unittest

from harness import FIXTURES, E2ETestCase, pull_request_payload

# A pull-request route with plan-only: false to an environment named in production's image.
CONFIG = """
environments:
  prod:
    resource-group: rg-aos-prod
    template: bicep/main.bicep
    parameters: bicep/parameters/prod.parameters.json
  {name}:
    resource-group: {group}
    template: bicep/main.bicep
    parameters: bicep/parameters/prod.parameters.json
{extra}routes:
  - event: pull_request
    base: main
    environment: {name}
    plan-only: false
"""

PR_ENV = {"GITHUB_HEAD_REF": "feature/storage", "GITHUB_BASE_REF": "main"}


def fixture_event(name):
    with open(os.path.join(FIXTURES, "events", name), encoding="utf-8") as f:
        return json.load(f)


class ProductionFromAPullRequest(E2ETestCase):
    def assert_refused_without_azure(self, result, *words):
        self.assertEqual(result.code, 1, result)
        self.assertEqual(result.outputs["state"], "failed")
        errors = result.annotations("error")
        for word in words:
            self.assertTrue(any(word in line for line in errors), (word, errors))
        self.assertEqual(self.deployments_created(), [])
        self.assertEqual([c for c in result.az_calls if "deployment" in c], [])

    def test_a_config_that_disguises_production_is_refused_and_nothing_deploys(self):
        for name, group, extra in (("Prod", "rg-aos-prod-2", ""),
                                   ("prod-eu", "rg-aos-prod-eu", "    production: false\n"),
                                   ("staging", "RG-AOS-PROD", "")):
            with self.subTest(name=name, group=group):
                self.runner.write(".github/bicepgate.yml",
                                  CONFIG.format(name=name, group=group, extra=extra))
                result = self.runner.run(event="pull_request", ref="refs/pull/7/merge",
                                         payload=pull_request_payload(), extra_env=PR_ENV)
                self.assert_refused_without_azure(result, ".github/bicepgate.yml:", name)

    def test_an_input_that_moves_a_pull_request_onto_production_is_refused(self):
        self.runner.write(".github/bicepgate.yml",
                          CONFIG.format(name="staging", group="rg-aos-staging", extra=""))
        result = self.runner.run(event="pull_request", ref="refs/pull/7/merge",
                                 payload=pull_request_payload(), extra_env=PR_ENV,
                                 inputs={"resource-group": "RG-AOS-PROD"})
        self.assert_refused_without_azure(result, "input", "production environment 'prod'")


class ForkReview(E2ETestCase):
    files = {".github/bicepgate.yml": """
environments:
  staging:
    resource-group: rg-aos-staging
    template: bicep/main.bicep
    parameters: bicep/parameters/staging.parameters.json
routes:
  - event: [pull_request_review, pull_request_review_comment, issue_comment]
    environment: staging
    plan-only: false
"""}

    def test_a_review_of_a_forks_pull_request_never_reaches_azure(self):
        result = self.runner.run(event="pull_request_review", ref="refs/pull/44/merge",
                                 payload=fixture_event("pull_request_review_fork.json"))
        self.assertEqual(result.code, 0, result)
        self.assertEqual(result.outputs["state"], "skipped")
        self.assertTrue(any("mallory/platform" in line and "fork" in line
                            for line in result.annotations("notice")), result)
        self.assertEqual(result.az_calls, [])
        self.assertEqual([r for r in self.runner.emulator.requests() if "deployments" in r["path"]], [])


if __name__ == "__main__":
    unittest.main()
