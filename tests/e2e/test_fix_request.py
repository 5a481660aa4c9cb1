"""The fix-request: written on logic failures only, valid against its JSON Schema, pointing at
the lines and resources, and withheld once the branch has used up its fix attempts."""

import json
import os
import subprocess
import unittest

from harness import E2ETestCase, ROOT, sample_storage_name

PROD_STORAGE = sample_storage_name("prod")

SCHEMA = os.path.join(ROOT, "schemas", "fix-request.schema.json")
# An unknown property at the storage account's top level: the real compiler's error BCP037.
BROKEN_FIXTURE = "bicep/errors/top-level-property.bicep"
BROKEN_LINE = 11


def schema_errors(document_path):
    """Validates with Debian's python3-jsonschema (Draft 2020-12); returns the errors found."""
    script = ("import json,sys,jsonschema\n"
              "schema=json.load(open(sys.argv[1])); doc=json.load(open(sys.argv[2]))\n"
              "v=jsonschema.Draft202012Validator(schema)\n"
              "print(json.dumps([e.message for e in v.iter_errors(doc)]))\n")
    done = subprocess.run(["/usr/bin/python3", "-c", script, SCHEMA, document_path], capture_output=True, text=True)
    if done.returncode != 0:
        raise AssertionError(done.stderr)
    return json.loads(done.stdout)


class SchemaExample(unittest.TestCase):
    def test_the_example_in_the_repository_is_valid(self):
        self.assertEqual(schema_errors(os.path.join(ROOT, "schemas", "fix-request.example.json")), [])


class LintFailure(E2ETestCase):
    def test_a_compiler_error_gives_a_valid_fix_request_pointing_at_the_line(self):
        self.runner.copy_fixture(BROKEN_FIXTURE, "bicep/main.bicep")
        result = self.runner.run(event="push", ref="refs/heads/main")
        self.assertEqual(result.code, 1, result)
        path = result.file("fix-request")
        self.assertEqual(schema_errors(path), [])
        with open(path, encoding="utf-8") as f:
            request = json.load(f)
        self.assertEqual(request["failure"]["class"], "logic")
        self.assertEqual(request["errors"][0]["code"], "BCP037")
        self.assertEqual((request["errors"][0]["file"], request["errors"][0]["line"]), ("bicep/main.bicep", BROKEN_LINE))
        self.assertEqual(request["attempt"], 1)
        self.assertEqual(request["id"], result.outputs["run-id"])
        self.assertIn("bicep/parameters/prod.parameters.json", request["instructions"]["must_not_touch"])
        self.assertIn("Fix request", result.summary)


class RuntimeLogicFailure(E2ETestCase):
    scenario = {"deployments": [{"name": "bicepgate-prod", "error": {
        "code": "DeploymentFailed", "message": "At least one resource deployment operation failed.",
        "details": [{"code": "InvalidTemplate",
                     "target": "/subscriptions/00000000-0000-4000-8000-000000000001/resourceGroups/rg-aos-prod/"
                               f"providers/Microsoft.Storage/storageAccounts/{PROD_STORAGE}",
                     "message": "Deployment template validation failed: 'minimumTlsVersion TLS1_3 is not supported.'"}]}}]}

    def test_a_runtime_error_names_the_resource_and_its_declaring_line(self):
        result = self.runner.run(event="push", ref="refs/heads/main")
        self.assertEqual(result.code, 1, result)
        self.assertEqual(schema_errors(result.file("fix-request")), [])
        with open(result.file("fix-request"), encoding="utf-8") as f:
            request = json.load(f)
        first = request["errors"][0]
        self.assertEqual(first["code"], "InvalidTemplate")
        self.assertEqual(first["resource_type"], "Microsoft.Storage/storageAccounts")
        self.assertEqual(first["resource_name"], PROD_STORAGE)
        self.assertEqual(first["file"], "bicep/main.bicep")
        self.assertEqual(request["what_if"]["counts"], {"Create": 3})
        self.assertEqual(request["stage"], "deploying")


class EnvironmentalFailure(E2ETestCase):
    scenario = {"deployments": [{"name": "bicepgate-prod", "error": {
        "code": "InternalServerError", "message": "Encountered internal server error."}}]}

    def test_no_fix_request_for_what_code_cannot_fix(self):
        result = self.runner.run(event="push", ref="refs/heads/main", inputs={"max-retries": "0"})
        self.assertEqual(result.code, 1, result)
        self.assertEqual(result.outputs["failure-class"], "environmental")
        self.assertNotIn("fix-request", result.outputs)


class LoopGuard(E2ETestCase):
    def test_past_max_fix_attempts_a_human_is_asked_for_instead(self):
        git = ["git", "-C", self.runner.workspace]
        env = dict(self.runner.base_env, GIT_AUTHOR_NAME="bot", GIT_AUTHOR_EMAIL="bot@example.com",
                   GIT_COMMITTER_NAME="bot", GIT_COMMITTER_EMAIL="bot@example.com")
        for n in range(2):
            subprocess.run(git + ["commit", "-q", "--allow-empty", "-m", f"fix {n}\n\nFix-Request-Id: id{n}"],
                           env=env, check=True)
        self.runner.copy_fixture(BROKEN_FIXTURE, "bicep/main.bicep")
        result = self.runner.run(event="push", ref="refs/heads/main", inputs={"max-fix-attempts": "2"})
        self.assertEqual(result.code, 1, result)
        self.assertNotIn("fix-request", result.outputs)
        self.assertIn("A human is needed", result.summary)


if __name__ == "__main__":
    unittest.main()
