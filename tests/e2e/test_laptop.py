"""bicepgate on a laptop or another CI (GITHUB_ACTIONS is not "true"): no workflow command is
printed, above all no ::add-mask::<secret>, and secrets are still redacted."""

import glob
import json
import os
import re
import subprocess
import unittest

import harness
from harness import E2ETestCase
import test_secrets
import test_stages
from test_secrets import FILE_SECRET, OVERRIDE_SECRET

# As the runner reads a command: `::` after leading whitespace, or the legacy `##[` anywhere.
COMMAND = re.compile(r"^\s*::|##\[")


class SecretsOffGitHub(E2ETestCase):
    files = test_secrets.PlantedSecrets.files
    scenario = test_secrets.PlantedSecrets.scenario

    def test_a_laptop_deploy_prints_no_command_and_no_secret(self):
        result = self.runner.bicepgate("deploy", "-g", "rg-aos-prod", "-t", "bicep/secure.bicep",
                                       "-p", "bicep/secure.parameters.json", "--param", f"apiKey={OVERRIDE_SECRET}",
                                       "--environment", "prod")
        self.assertEqual(result.returncode, 1, result)
        shown = result.stdout + result.stderr
        # The provider's echo of the value reached us and was redacted.
        self.assertIn("The password '***'", shown)
        for line in shown.splitlines():
            self.assertIsNone(COMMAND.search(line), line)
        self.assertNotIn(FILE_SECRET, shown)
        self.assertNotIn(OVERRIDE_SECRET, shown)
        # Stages are headings, the failure a readable line.
        self.assertIn("==> deploy", result.stderr)
        self.assertRegex(result.stderr, r"(?m)^error: ")

    def test_under_actions_the_same_secrets_are_still_masked_for_the_runner(self):
        result = self.runner.run(event="push", ref="refs/heads/main",
                                 inputs={"parameter-overrides": f"apiKey={OVERRIDE_SECRET}"})
        self.assertEqual(result.code, 1, result)
        self.assertIn(f"::add-mask::{FILE_SECRET}", result.stdout)
        self.assertIn(f"::add-mask::{OVERRIDE_SECRET}", result.stdout)
        self.assertIn("::group::", result.stdout)


class BicepparamNamesItsTemplate(E2ETestCase):
    """bicep build-params compiles the template a .bicepparam file's `using` names; -t naming
    another would be silently replaced, and the audit would record the wrong one."""

    def audit_records(self):
        runs = glob.glob(os.path.join(self.runner.workspace, ".bicepgate", "audit", "runs", "*.json"))
        records = []
        for path in runs:
            with open(path, encoding="utf-8") as f:
                records.append(json.load(f))
        return records

    def test_a_template_other_than_the_one_using_names_is_an_error_naming_both(self):
        result = self.runner.bicepgate("deploy", "-g", "rg-aos-dev", "-t", "bicep/main.bicep",
                                       "-p", "bicep/parameters/dev.bicepparam")
        self.assertEqual(result.returncode, 1, result)
        self.assertIn("bicep/parameters/dev.bicepparam names template bicep/main-modular.bicep "
                      "(using '../main-modular.bicep'), but the template given is bicep/main.bicep",
                      result.stderr)
        self.assertEqual(self.deployments_created(), [])
        self.assertEqual([r["failure_code"] for r in self.audit_records()], ["parameters.using_mismatch"])

    def test_the_template_using_names_plans_and_is_recorded(self):
        result = self.runner.bicepgate("deploy", "-g", "rg-aos-dev", "-t", "./bicep/main-modular.bicep",
                                       "-p", "bicep/parameters/dev.bicepparam", "--what-if")
        self.assertEqual(result.returncode, 0, result)
        [record] = self.audit_records()
        self.assertEqual(os.path.normpath(record["template"]), "bicep/main-modular.bicep")


class CommandLineWords(E2ETestCase):
    """bicepgate deploy speaks of its flags, not the action's inputs, and answers a typo."""
    files = {"bicep/warn.bicep": ("param unused string = 'x'\n\n"
                                  "resource st 'Microsoft.Storage/storageAccounts@2023-05-01' = {\n"
                                  "  name: 'stwarn001'\n  location: resourceGroup().location\n"
                                  "  sku: {\n    name: 'Standard_LRS'\n  }\n  kind: 'StorageV2'\n}\n")}

    def test_a_failing_warning_names_the_flag_that_allows_it(self):
        result = self.runner.bicepgate("deploy", "-g", "rg-aos-dev", "-t", "bicep/warn.bicep")
        self.assertEqual(result.returncode, 1, result)
        self.assertIn("no-unused-params", result.stderr)
        self.assertIn("Fix them, or pass --allow-warnings", result.stderr)
        self.assertNotIn("input '", result.stderr)

    def test_a_mistyped_mode_gets_a_did_you_mean(self):
        result = self.runner.bicepgate("deploy", "-g", "rg-aos-dev", "-t", "bicep/warn.bicep",
                                       "--mode", "incremantal")
        self.assertEqual(result.returncode, 2, result)
        self.assertIn("'incremantal' is not one of Incremental, Complete (did you mean 'Incremental'?)",
                      result.stderr)


class LaptopFlagsOfTheAction(E2ETestCase):
    """The action's validation-level and unmanaged-policy as bicepgate deploy's own flags."""
    PROD = ("deploy", "-g", "rg-aos-prod", "-t", "bicep/main.bicep",
            "-p", "bicep/parameters/prod.parameters.json", "--environment", "prod")

    def test_a_laptop_plan_prints_the_table_of_changes_not_only_counts(self):
        result = self.runner.bicepgate(*self.PROD, "--what-if")
        self.assertEqual(result.returncode, 0, result)
        shown = result.stdout + result.stderr
        self.assertRegex(shown, r"(?m)^CHANGE +TYPE +NAME +PROPERTIES")
        self.assertRegex(shown, r"(?m)^Create +Microsoft\.Storage/storageAccounts")
        self.assertNotIn("\x1b", shown)  # not a terminal

    def test_validation_level_on_an_old_az_names_the_flag_before_any_deployment_call(self):
        result = self.runner.bicepgate(*self.PROD, "--validation-level", "providernorbac")
        self.assertEqual(result.returncode, 1, result)
        self.assertIn("--validation-level is ProviderNoRbac, which needs azure-cli 2.76.0", result.stderr)
        self.assertIn("leave out --validation-level", result.stderr)
        self.assertNotIn("input '", result.stderr)
        self.assertEqual(self.deployments_created(), [])

    def test_a_validation_level_az_does_not_know_gets_a_did_you_mean(self):
        result = self.runner.bicepgate(*self.PROD, "--validation-level", "Templat")
        self.assertEqual(result.returncode, 2, result)
        self.assertIn("'Templat' is not one of Provider, Template, ProviderNoRbac (did you mean 'Template'?)",
                      result.stderr)

    def test_unmanaged_policy_block_refuses_a_resource_the_template_dropped(self):
        first = self.runner.bicepgate(*self.PROD)
        self.assertEqual(first.returncode, 0, first)
        test_stages.drop_the_workspace(self.runner)
        second = self.runner.bicepgate(*self.PROD, "--unmanaged-policy", "block")
        self.assertEqual(second.returncode, 1, second)
        self.assertIn("--unmanaged-policy is block", second.stderr)
        self.assertIn("log-aos-prod", second.stdout + second.stderr)
        self.assertEqual(len(self.deployments_created()), 1)

    def test_by_default_a_dropped_resource_is_warned_about_and_the_deploy_goes_on(self):
        first = self.runner.bicepgate(*self.PROD)
        self.assertEqual(first.returncode, 0, first)
        test_stages.drop_the_workspace(self.runner)
        second = self.runner.bicepgate(*self.PROD)
        self.assertEqual(second.returncode, 0, second)
        self.assertIn("--unmanaged-policy approve or block stops", second.stdout + second.stderr)
        self.assertEqual(len(self.deployments_created()), 2)


class SavedWhatIf(E2ETestCase):
    def test_a_saved_what_if_prints_a_table_deletes_first(self):
        self.runner.copy_fixture("az/what_if_mixed.json", "plan.json")
        result = self.runner.bicepgate("whatif", "plan.json")
        self.assertEqual(result.returncode, 0, result)
        lines = result.stdout.splitlines()
        self.assertEqual(lines[0], "What-if: Create 1, Delete 1, Modify 1, NoChange 1")
        rows = lines[lines.index(next(l for l in lines if l.startswith("CHANGE"))) + 1:]
        # A resource's further properties continue on indented lines of their own.
        self.assertEqual([r.split()[0] for r in rows if r and not r[0].isdigit() and not r[0].isspace()],
                         ["Delete", "Modify", "Create"])
        self.assertIn("sku.name: Standard_LRS → Standard_GRS", result.stdout)
        self.assertIn("1 SKU change: for the reviewer", result.stdout)
        self.assertIn("1 resource(s) unchanged.", result.stdout)
        # --summarize still prints the counts as JSON.
        counts = self.runner.bicepgate("whatif", "plan.json", "--summarize")
        self.assertEqual(json.loads(counts.stdout), {"Create": 1, "Delete": 1, "Modify": 1, "NoChange": 1})

    def test_colours_only_when_asked_or_on_a_terminal(self):
        self.runner.copy_fixture("az/what_if_mixed.json", "plan.json")
        piped = self.runner.bicepgate("whatif", "plan.json")
        self.assertNotIn("\x1b", piped.stdout)
        coloured = self.runner.bicepgate("whatif", "--color", "always", "plan.json")
        self.assertIn("\x1b[31mDelete\x1b[0m", coloured.stdout)
        self.assertEqual(re.sub("\x1b\\[[0-9;]*m", "", coloured.stdout), piped.stdout)
        wrong = self.runner.bicepgate("whatif", "--color", "sometimes", "plan.json")
        self.assertEqual(wrong.returncode, 2, wrong)
        self.assertIn("'sometimes' is not one of auto, always, never", wrong.stderr)

    def test_a_what_if_from_a_pipe_reads_like_the_file(self):
        # `bicepgate whatif <(az deployment group what-if ... -o json)`: a FIFO has no size.
        self.runner.copy_fixture("az/what_if_mixed.json", "plan.json")
        from_file = self.runner.bicepgate("whatif", "plan.json")
        fifo = os.path.join(self.runner.tmp, "plan.fifo")
        os.mkfifo(fifo)
        reader = subprocess.Popen([harness.BINARY, "whatif", fifo], env=self.runner.base_env,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        with open(os.path.join(self.runner.workspace, "plan.json"), encoding="utf-8") as source, \
                open(fifo, "w", encoding="utf-8") as pipe:
            pipe.write(source.read())
        stdout, stderr = reader.communicate(timeout=60)
        self.assertEqual(reader.returncode, 0, stderr)
        self.assertEqual(stdout, from_file.stdout)


if __name__ == "__main__":
    unittest.main()
