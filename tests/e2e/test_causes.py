"""Every failure shows its cause (issue 16, item 3): a compiler error is the failure's code and
message in the outputs, the job summary and the pull-request comment, with a link to its line
at the commit the reviewer reads; a parameter name the template does not declare is a
configuration error with the template's parameters and a did-you-mean, and no fix-request."""

import json
import unittest

from harness import E2ETestCase, pull_request_payload

CONFIG = """
environments:
  dev:
    resource-group: rg-aos-dev
    template: {template}
{extra}routes:
  - event: push
    branch: develop
    environment: dev
  - event: pull_request
    base: develop
    environment: dev
"""
# Bicep 0.49 on tests/fixtures/bicep/errors/top-level-property.bicep: line 11, column 3.
BLOB = "https://github.com/contoso/platform/blob/{sha}/bicep/errors/top-level-property.bicep#L11"

TEMPLATE = ("param location string = resourceGroup().location\nparam storageSku string = 'Standard_LRS'\n\n"
            "resource st 'Microsoft.Storage/storageAccounts@2023-05-01' = {\n  name: 'stcauses001'\n"
            "  location: location\n  sku: {\n    name: storageSku\n  }\n  kind: 'StorageV2'\n}\n")


class CompilerErrorCause(E2ETestCase):
    def setUp(self):
        super().setUp()
        self.runner.copy_fixture("bicep/errors", "bicep/errors")
        self.runner.write(".github/bicepgate.yml",
                          CONFIG.format(template="bicep/errors/top-level-property.bicep", extra=""))

    def assert_cause_shown(self, text, sha):
        self.assertIn("BCP037", text)
        self.assertIn("lokation", text)
        self.assertIn("is not allowed on objects of type", text)
        self.assertIn(f"({BLOB.format(sha=sha)})", text)
        self.assertIn("bicep/errors/top-level-property.bicep:11", text)
        self.assertNotIn("failed with 1 error(s)", text)

    def test_a_push_names_the_bcp_code_and_links_the_line_at_the_pushed_commit(self):
        result = self.runner.run(event="push", ref="refs/heads/develop")
        self.assertEqual(result.code, 1, result)
        self.assertEqual(result.outputs["failure-code"], "BCP037", result)
        self.assertEqual(result.outputs["failure-class"], "logic", result)
        self.assert_cause_shown(result.summary, self.runner.sha)
        # The failure's own annotation sits on the line too, naming the code.
        self.assertTrue(any("linting failed (logic%2C BCP037)" in a and
                            "file=bicep/errors/top-level-property.bicep,line=11" in a
                            for a in result.annotations("error")), result)

    def test_a_pull_request_comment_links_the_line_at_the_head_commit(self):
        github = self.runner.github()
        payload = pull_request_payload(base="develop")
        result = self.runner.run(event="pull_request", ref="refs/pull/7/merge", payload=payload,
                                 inputs={"github-token": "ghs_token0for0causes"})
        self.assertEqual(result.code, 1, result)
        self.assertEqual(result.outputs["failure-code"], "BCP037", result)
        head = payload["pull_request"]["head"]["sha"]
        self.assert_cause_shown(result.summary, head)
        comments = [r for r in github.requests()
                    if r["method"] == "POST" and r["path"].endswith("/issues/7/comments")]
        self.assertEqual(len(comments), 1, github.requests())
        self.assert_cause_shown(comments[0]["body"]["body"], head)


class ParameterNameCause(E2ETestCase):
    files = {"bicep/main.bicep": TEMPLATE}

    def test_a_typo_in_an_override_is_configuration_with_a_did_you_mean_and_no_fix_request(self):
        self.runner.write(".github/bicepgate.yml", CONFIG.format(template="bicep/main.bicep", extra=""))
        result = self.runner.run(event="push", ref="refs/heads/develop",
                                 inputs={"parameter-overrides": "storgeSku=Standard_GRS"})
        self.assertEqual(result.code, 1, result)
        self.assertEqual(result.outputs["failure-class"], "configuration", result)
        self.assertEqual(result.outputs["failure-code"], "parameters.undeclared", result)
        for text in (result.summary, result.stdout):
            self.assertIn("storgeSku", text)
            self.assertIn("did you mean 'storageSku'?", text)
            self.assertIn("location, storageSku", text)
            self.assertIn("parameter-overrides", text)
        self.assertNotIn("fix-request", result.outputs)
        self.assertEqual(self.deployments_created(), [])
        # Caught right after lint: az ran for its version and the login only, no what-if.
        self.assertFalse(any("what-if" in call for call in result.az_calls), result.az_calls)

    def test_a_typo_in_the_parameters_file_names_its_line(self):
        parameters = json.dumps({"parameters": {"location": {"value": "westeurope"},
                                                "storgeSku": {"value": "Standard_GRS"}}}, indent=2)
        self.runner.write("bicep/main.parameters.json", parameters)
        self.runner.write(".github/bicepgate.yml", CONFIG.format(
            template="bicep/main.bicep", extra="    parameters: bicep/main.parameters.json\n"))
        result = self.runner.run(event="push", ref="refs/heads/develop")
        self.assertEqual(result.code, 1, result)
        self.assertEqual(result.outputs["failure-class"], "configuration", result)
        self.assertEqual(result.outputs["failure-code"], "parameters.undeclared", result)
        line = parameters.splitlines().index('    "storgeSku": {') + 1
        self.assertIn("did you mean 'storageSku'?", result.summary)
        self.assertIn(f"bicep/main.parameters.json:{line}", result.summary)
        self.assertNotIn("fix-request", result.outputs)
        self.assertEqual(self.deployments_created(), [])


if __name__ == "__main__":
    unittest.main()
