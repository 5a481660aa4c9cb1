"""Planted secrets never leave bicepgate: secure parameter values from the parameters file and
from overrides are masked before anything prints, and appear in no artefact."""

import base64
import glob
import json
import os
import unittest
import urllib.parse

from harness import E2ETestCase, pull_request_payload

FILE_SECRET = "Pl4nted-S3cret-Value"
OVERRIDE_SECRET = "Planted-0verride-Key"
FILE_SECRET_BASE64 = base64.b64encode(FILE_SECRET.encode()).decode()

# Both secure parameters are used (the real compiler warns about unused ones): each becomes a
# Key Vault secret next to the storage account.
SOURCE = ("@secure()\nparam adminPassword string\n@secure()\nparam apiKey string\n\n"
          "resource st 'Microsoft.Storage/storageAccounts@2023-05-01' = {\n  name: 'stsecrets001'\n"
          "  location: resourceGroup().location\n  sku: {\n    name: 'Standard_LRS'\n  }\n  kind: 'StorageV2'\n}\n\n"
          "resource vault 'Microsoft.KeyVault/vaults@2023-07-01' existing = {\n  name: 'kv-secrets-001'\n}\n\n"
          "resource password 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {\n  parent: vault\n"
          "  name: 'admin-password'\n  properties: {\n    value: adminPassword\n  }\n}\n\n"
          "resource key 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {\n  parent: vault\n"
          "  name: 'api-key'\n  properties: {\n    value: apiKey\n  }\n}\n")


class PlantedSecrets(E2ETestCase):
    files = {
        "bicep/secure.bicep": SOURCE,
        "bicep/secure.parameters.json": json.dumps({"parameters": {"adminPassword": {"value": FILE_SECRET},
                                                                     "apiKey": {"value": "placeholder"}}}),
        ".github/bicepgate.yml": """
environments:
  prod:
    resource-group: rg-aos-prod
    template: bicep/secure.bicep
    parameters: bicep/secure.parameters.json
routes:
  - event: push
    branch: main
    environment: prod
"""}
    # Some resource providers echo a rejected value back in the error.
    scenario = {"deployments": [{"name": "bicepgate-prod", "error": {
        "code": "DeploymentFailed", "message": "At least one resource deployment operation failed.",
        "details": [{"code": "InvalidParameter", "message":
                     f"The password '{FILE_SECRET}' ({FILE_SECRET_BASE64}) and key '{OVERRIDE_SECRET}' "
                     "do not meet the complexity requirements."}]}}]}

    def test_no_artefact_contains_a_planted_secret(self):
        result = self.runner.run(event="push", ref="refs/heads/main",
                                 inputs={"parameter-overrides": f"apiKey={OVERRIDE_SECRET}", "sarif-file": "lint.sarif"})
        self.assertEqual(result.code, 1, result)
        self.assertEqual(result.outputs["failure-code"], "InvalidParameter")
        masks = [line for line in result.stdout.splitlines() if line.startswith("::add-mask::")]
        self.assertIn(f"::add-mask::{FILE_SECRET}", masks)
        self.assertIn(f"::add-mask::{OVERRIDE_SECRET}", masks)
        # The masks come before any other line that could carry the secret.
        first_mask = result.stdout.index("::add-mask::")
        self.assertNotIn("InvalidParameter", result.stdout[:first_mask])
        # The runner masks the encoded forms of each mask (ValueEncoders.cs); so do we, and we
        # announce them ourselves.
        self.assertIn(f"::add-mask::{FILE_SECRET_BASE64}", masks)
        self.assertIn("The password '***' (***) and key '***'", result.stdout)
        # Under Actions the log shares stdout with the commands (the runner reads the pipes apart).
        self.assertNotIn("[info]", result.stderr)
        unmasked_stdout = "\n".join(l for l in result.stdout.splitlines() if not l.startswith("::add-mask::"))
        artefacts = {"stdout": unmasked_stdout, "stderr": result.stderr, "summary": result.summary,
                     "outputs": json.dumps(result.outputs)}
        audit_dir = os.path.join(self.runner.workspace, ".bicepgate", "audit")
        for path in glob.glob(os.path.join(audit_dir, "**", "*"), recursive=True) + [
                os.path.join(self.runner.workspace, "lint.sarif")]:
            if os.path.isfile(path):
                with open(path, "rb") as f:
                    artefacts[path] = f.read().decode("utf-8", "replace")
        self.assertTrue(any(p.endswith("audit.db") for p in artefacts))
        for name, text in artefacts.items():
            for secret in (FILE_SECRET, OVERRIDE_SECRET, FILE_SECRET_BASE64,
                           base64.b64encode(OVERRIDE_SECRET.encode()).decode()):
                self.assertNotIn(secret, text, f"{secret} leaked into {name}")


# A secure value with characters that base64 and percent-encoding both change.
ENCODED_SECRET = "Pl4nted S3cret/Value+Ok"
ENCODED_FORMS = (ENCODED_SECRET, base64.b64encode(ENCODED_SECRET.encode()).decode(),
                 urllib.parse.quote(ENCODED_SECRET, safe=""))
# Inside a longer base64 text (a Basic credential) the value's last group changes; its whole
# 3-byte groups, at whatever alignment, still must not show.
EMBEDDED_BASE64 = base64.b64encode(f"u:{ENCODED_SECRET}@db01".encode()).decode()
STEMS = tuple(base64.b64encode(ENCODED_SECRET[k:][:(len(ENCODED_SECRET) - k) // 3 * 3].encode()).decode()
              for k in range(3))
# The template echoes the secure value, plainly and encoded, into tags and plain outputs.
ENCODED_SOURCE = ("@secure()\nparam adminPassword string\n\n"
                  "resource st 'Microsoft.Storage/storageAccounts@2023-05-01' = {\n  name: 'stencoded001'\n"
                  "  location: resourceGroup().location\n  sku: {\n    name: 'Standard_LRS'\n  }\n  kind: 'StorageV2'\n"
                  "  tags: {\n    encoded: base64(adminPassword)\n    escaped: uriComponent(adminPassword)\n  }\n}\n\n"
                  "output encoded string = base64(adminPassword)\n"
                  "output escaped string = uriComponent(adminPassword)\n"
                  "output connection string = 'Server=db;Password=${adminPassword}'\n"
                  "output credential string = base64('u:${adminPassword}@db01')\n"
                  "output account string = st.name\n")
ENCODED_CONFIG = """
environments:
  staging:
    resource-group: rg-aos-staging
    template: bicep/encoded.bicep
    parameters: bicep/encoded.parameters.json
  prod:
    resource-group: rg-aos-prod
    template: bicep/encoded.bicep
    parameters: bicep/encoded.parameters.json
routes:
  - event: pull_request
    base: main
    environment: staging
    plan-only: false
  - event: push
    branch: main
    environment: prod
"""
GITHUB_TOKEN = "ghs_Planted0Token0For0Encoded0Forms"


class EncodedSecrets(E2ETestCase):
    files = {"bicep/encoded.bicep": ENCODED_SOURCE, ".github/bicepgate.yml": ENCODED_CONFIG,
             "bicep/encoded.parameters.json": json.dumps({"parameters": {"adminPassword": {"value": ENCODED_SECRET}}})}
    # The staging deployment fails, and the provider echoes the value in both encodings.
    scenario = {"deployments": [{"name": "bicepgate-staging", "error": {
        "code": "DeploymentFailed", "message": "At least one resource deployment operation failed.",
        "details": [{"code": "InvalidParameter", "message":
                     f"The tag value '{ENCODED_FORMS[1]}' (from {ENCODED_FORMS[2]}) is not valid; "
                     f"credential {EMBEDDED_BASE64} refused."}]}}]}

    def artefacts(self, result):
        shown = "\n".join(l for l in result.stdout.splitlines() if not l.startswith("::add-mask::"))
        found = {"stdout": shown, "stderr": result.stderr, "summary": result.summary,
                 "outputs": json.dumps(result.outputs)}
        for path in glob.glob(os.path.join(self.runner.workspace, ".bicepgate", "**", "*"), recursive=True):
            if os.path.isfile(path):
                with open(path, "rb") as f:
                    found[path] = f.read().decode("utf-8", "replace")
        self.assertTrue(any(p.endswith("audit.db") for p in found))
        return found

    def assert_no_form_in(self, artefacts):
        for name, text in artefacts.items():
            for form in ENCODED_FORMS + STEMS:
                self.assertNotIn(form, text, f"{form} leaked into {name}")

    def test_an_output_that_carries_a_secure_value_is_withheld_everywhere(self):
        result = self.runner.run(event="push", ref="refs/heads/main", inputs={"allow-warnings": "true"})
        self.assertEqual(result.code, 0, result)
        self.assertEqual(result.outputs["output-account"], "stencoded001")
        for name in ("encoded", "escaped", "connection", "credential"):
            self.assertNotIn(f"output-{name}", result.outputs)
            self.assertNotIn(name, json.loads(result.outputs["outputs"]))
            self.assertRegex(result.summary, rf"\| {name} \| \*withheld: [^|]*secure parameter")
            self.assertRegex(result.stdout, rf"::notice [^\n]*::output '{name}' withheld")
        records = glob.glob(os.path.join(self.runner.workspace, ".bicepgate", "audit", "runs", "*.json"))
        with open(records[0], encoding="utf-8") as f:
            record = json.load(f)
        self.assertEqual(sorted(record["details"]["withheld_outputs"]), ["connection", "credential", "encoded", "escaped"])
        self.assert_no_form_in(self.artefacts(result))

    def test_no_encoded_form_reaches_the_comment_the_dispatch_or_the_fix_request(self):
        github = self.runner.github()
        result = self.runner.run(event="pull_request", ref="refs/pull/7/merge", payload=pull_request_payload(),
                                 inputs={"allow-warnings": "true", "github-token": GITHUB_TOKEN,
                                         "dispatch-fix-request": "true"})
        self.assertEqual(result.code, 1, result)
        self.assertEqual(result.outputs["failure-code"], "InvalidParameter")
        artefacts = self.artefacts(result)
        with open(result.file("fix-request"), encoding="utf-8") as f:
            artefacts["fix-request"] = f.read()
        sent = {f"{r['method']} {r['path']}": json.dumps(r.get("body")) for r in github.requests()
                if r["method"] in ("POST", "PATCH")}
        self.assertTrue(any(k.endswith("/dispatches") for k in sent), sent.keys())
        self.assertTrue(any(k.endswith("/comments") for k in sent), sent.keys())
        # The echoed error is in them, masked.
        self.assertIn("The tag value '***' (from ***) is not valid; credential ", artefacts["fix-request"])
        artefacts.update(sent)
        self.assert_no_form_in(artefacts)


PROD_CONFIG = """
environments:
  prod:
    resource-group: rg-aos-prod
    template: bicep/secure.bicep
    parameters: bicep/secure.parameters.json
routes:
  - event: push
    branch: main
    environment: prod
"""
# az reads a parameters file with comments (custom.py _remove_comments_from_json).
COMMENTED_PARAMETERS = ("// prod values, rotated monthly\n{\n  /* from the vault */\n  \"parameters\": {\n"
                        f"    \"adminPassword\": {{ \"value\": \"{FILE_SECRET}\" }}, // the admin\n"
                        "    \"apiKey\": { \"value\": \"placeholder\" }\n  }\n}\n")


class ParametersFileAsAzReadsIt(E2ETestCase):
    files = {"bicep/secure.bicep": SOURCE, ".github/bicepgate.yml": PROD_CONFIG,
             "bicep/secure.parameters.json": COMMENTED_PARAMETERS}
    scenario = PlantedSecrets.scenario

    @staticmethod
    def read(path):
        with open(path, encoding="utf-8") as f:
            return f.read()

    def test_a_file_with_comments_still_has_its_secure_values_masked(self):
        result = self.runner.run(event="push", ref="refs/heads/main")
        self.assertEqual(result.code, 1, result)
        # az took the file and deployed; the provider's echo of the value is masked.
        self.assertEqual(result.outputs["failure-code"], "InvalidParameter")
        self.assertIn(f"::add-mask::{FILE_SECRET}", result.stdout)
        shown = "\n".join(l for l in result.stdout.splitlines() if not l.startswith("::add-mask::"))
        for name, text in {"stdout": shown, "stderr": result.stderr, "summary": result.summary,
                           "fix-request": self.read(result.file("fix-request"))}.items():
            self.assertNotIn(FILE_SECRET, text, f"leaked into {name}")

    def test_a_file_that_is_not_json_stops_the_run_before_az_with_its_line(self):
        self.runner.write("bicep/secure.parameters.json", COMMENTED_PARAMETERS.replace(
            "\"apiKey\": { \"value\": \"placeholder\" }", "\"apiKey\": { \"value\": placeholder }"))
        result = self.runner.run(event="push", ref="refs/heads/main")
        self.assertEqual(result.code, 1, result)
        self.assertEqual(result.outputs["failure-class"], "configuration")
        self.assertEqual(result.outputs["failure-code"], "parameters.invalid_json")
        self.assertNotIn("fix-request", result.outputs)
        self.assertIn("bicep/secure.parameters.json:6:26: syntax error while parsing value", result.summary)
        self.assertEqual([c for c in result.az_calls if c[:1] != ["version"]], [])
        errors = result.annotations("error")
        self.assertTrue(any("file=bicep/secure.parameters.json,line=6,col=26" in e for e in errors), errors)
        self.assertNotIn(FILE_SECRET, result.stdout + result.stderr + result.summary)



class BicepparamSecrets(E2ETestCase):
    """A .bicepparam file's secure values come from what bicep build-params compiled."""
    files = {"bicep/secure.bicep": SOURCE,
             "bicep/secure.bicepparam": ("using 'secure.bicep'\n\n// prod values\n"
                                         f"param adminPassword = '{FILE_SECRET}'\nparam apiKey = 'placeholder'\n"),
             ".github/bicepgate.yml": PROD_CONFIG.replace("secure.parameters.json", "secure.bicepparam")}
    scenario = PlantedSecrets.scenario

    def test_its_secure_values_are_masked(self):
        result = self.runner.run(event="push", ref="refs/heads/main")
        self.assertEqual(result.code, 1, result)
        self.assertEqual(result.outputs["failure-code"], "InvalidParameter")
        self.assertIn(f"::add-mask::{FILE_SECRET}", result.stdout)
        shown = "\n".join(l for l in result.stdout.splitlines() if not l.startswith("::add-mask::"))
        self.assertIn("The password '***' (***)", shown)
        for text in (shown, result.stderr, result.summary, json.dumps(result.outputs)):
            self.assertNotIn(FILE_SECRET, text)


if __name__ == "__main__":
    unittest.main()


class SecureOverridesOffTheCommandLine(E2ETestCase):
    """A secure override on az's command line would be readable by any process on the machine
    (/proc/PID/cmdline): it goes to az in a 0600 parameters file, and still reaches ARM."""
    files = dict(PlantedSecrets.files)

    def test_a_secure_override_is_in_no_az_argument_and_still_deployed(self):
        result = self.runner.run(event="push", ref="refs/heads/main",
                                 inputs={"parameter-overrides": f"apiKey={OVERRIDE_SECRET}"})
        self.assertEqual(result.code, 0, result)
        self.assertEqual(result.outputs["state"], "completed")
        deploying = [c for c in result.az_calls if c[:3] in (["deployment", "group", "create"],
                                                             ["deployment", "group", "what-if"])]
        self.assertEqual(len(deploying), 2, result.az_calls)
        for argv in result.az_calls:
            self.assertNotIn(OVERRIDE_SECRET, " ".join(argv))
        for argv in deploying:
            files = [a for a in argv if a.endswith("secure-overrides.parameters.json")]
            self.assertEqual(len(files), 1, argv)
            # After the parameters file, so the override wins as KEY=VALUE would.
            first = next(i for i, a in enumerate(argv) if a.endswith("/secure.parameters.json"))
            self.assertLess(first, argv.index(files[0]))
        # The file is gone with the run's work folder.
        self.assertFalse(os.path.exists(files[0]))
        # ARM got the value: the Key Vault secret the template writes holds it.
        vault_secret = self.runner.az_json(
            "rest", "--method", "get", "--url", "/subscriptions/00000000-0000-4000-8000-000000000001/resourceGroups/"
            "rg-aos-prod/providers/Microsoft.KeyVault/vaults/kv-secrets-001/secrets/api-key?api-version=2023-07-01")
        self.assertEqual(vault_secret["properties"]["value"], OVERRIDE_SECRET)
