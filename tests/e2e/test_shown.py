"""Issue 20, item 4: inputs what-if-exclude-change-types (what people are shown of the plan,
never what the gate reads) and masked-outputs (masked, still step outputs, shown nowhere),
through the real binary, the real az and the ARM emulator."""

import json
import re
import unittest

from harness import E2ETestCase, pull_request_payload, sample_storage_name

PROD_STORAGE = sample_storage_name("prod")
SUB = "/subscriptions/00000000-0000-4000-8000-000000000001"
DELETE_ROW = "| Microsoft.Cache/redis | redis-aos-prod | Delete |"


def seeded(rg, name, rtype):
    return {"id": f"{SUB}/resourceGroups/{rg}/providers/{rtype}/{name}", "type": rtype, "name": name,
            "apiVersion": "2022-09-01", "location": "eastus", "properties": {"provisioningState": "Succeeded"}}


class HiddenChangeTypes(E2ETestCase):
    # A resource prod's template does not declare: Complete mode deletes it.
    scenario = {"resources": [seeded("rg-aos-prod", "redis-aos-prod", "Microsoft.Cache/redis")]}

    def test_a_hidden_delete_is_still_stopped_by_the_gate_and_listed(self):
        result = self.runner.run(event="push", ref="refs/heads/main",
                                 inputs={"mode": "Complete", "what-if-exclude-change-types": "delete,\nNOCHANGE"})
        self.assertEqual(result.code, 1, result)
        self.assertEqual(result.outputs["failure-code"], "gate.deletes")
        # The outputs and the gate read the whole plan; az was asked for all of it.
        self.assertEqual(json.loads(result.outputs["what-if"]), {"Create": 3, "Delete": 1})
        self.assertEqual(result.outputs["destructive-changes"], "1")
        what_ifs = [c for c in result.az_calls if c[:3] == ["deployment", "group", "what-if"]]
        self.assertEqual(len(what_ifs), 1, result.az_calls)
        self.assertNotIn("--exclude-change-types", what_ifs[0])
        self.assertTrue(any("redis-aos-prod" in a for a in result.annotations("error")), result)
        # People are shown the plan less its deletes, told what was hidden, and the delete the
        # gate stops on in its own section.
        self.assertNotIn(DELETE_ROW, result.summary)
        self.assertIn("**What-if:** Create 3", result.summary)
        self.assertIn("1 change(s) hidden by input what-if-exclude-change-types: Delete 1", result.summary)
        destructive = result.summary[result.summary.index("### Destructive changes"):]
        self.assertIn("Microsoft.Cache/redis redis-aos-prod", destructive)
        with open(result.file("plan-file"), encoding="utf-8") as f:
            plan = f.read()
        self.assertNotIn(DELETE_ROW, plan)
        self.assertIn("hidden by input what-if-exclude-change-types: Delete 1", plan)
        with open(result.file("audit-record"), encoding="utf-8") as f:
            audit = json.load(f)
        self.assertEqual(audit["details"]["what_if"], {"Create": 3, "Delete": 1})
        self.assertEqual(audit["details"]["what_if_hidden"], {"Delete": 1})
        self.assertEqual(self.deployments_created(), [])

    def test_without_the_input_the_delete_row_is_shown(self):
        result = self.runner.run(event="push", ref="refs/heads/main", inputs={"mode": "Complete"})
        self.assertEqual(result.code, 1, result)
        self.assertIn(DELETE_ROW, result.summary)
        self.assertNotIn("hidden by input", result.summary)

    def test_an_unknown_change_type_is_a_configuration_error_naming_it(self):
        result = self.runner.run(event="push", ref="refs/heads/main",
                                 inputs={"what-if-exclude-change-types": "NoChange Modifyy"})
        self.assertEqual(result.code, 1, result)
        self.assertEqual(result.outputs["failure-class"], "configuration")
        errors = result.annotations("error")
        self.assertTrue(any("input 'what-if-exclude-change-types': 'Modifyy' is not one of Create, Delete, Deploy, "
                            "Ignore, Modify, NoChange, Unsupported" in e for e in errors), errors)
        self.assertEqual(result.az_calls, [])


class HiddenInPreviews(E2ETestCase):
    """A pull request into main plans staging and previews prod: both tables hide the same types."""

    def test_the_comment_hides_the_types_in_the_run_s_table_and_the_preview_s(self):
        github = self.runner.github()
        result = self.runner.run(event="pull_request", ref="refs/pull/7/merge", payload=pull_request_payload(),
                                 inputs={"github-token": "ghs_Shown0Token0For0The0Api",
                                         "what-if-exclude-change-types": "create"},
                                 extra_env={"GITHUB_HEAD_REF": "feature/storage", "GITHUB_BASE_REF": "main"})
        self.assertEqual(result.code, 0, result)
        self.assertEqual(json.loads(result.outputs["what-if"]), {"Create": 3})
        self.assertEqual(json.loads(result.outputs["previews"])["prod"]["what_if"], {"Create": 3})
        posted = [r for r in github.requests()
                  if r["method"] == "POST" and r["path"] == "/repos/contoso/platform/issues/7/comments"]
        self.assertEqual(len(posted), 1, github.requests())
        comment = posted[0]["body"]["body"]
        line = "3 change(s) hidden by input what-if-exclude-change-types: Create 3"
        self.assertEqual(comment.count(line), 2, comment)
        self.assertNotIn("| Create |", comment)
        self.assertEqual(result.summary.count(line), 2, result.summary)


class MaskedOutputs(E2ETestCase):
    def test_a_masked_output_is_masked_before_it_is_written_and_still_a_step_output(self):
        result = self.runner.run(event="push", ref="refs/heads/main",
                                 inputs={"masked-outputs": "STORAGEACCOUNTNAME, noSuchOutput"})
        self.assertEqual(result.code, 0, result)
        # Still the step's output, under its own name and in the JSON of them all.
        self.assertEqual(result.outputs["output-storageAccountName"], PROD_STORAGE)
        self.assertEqual(json.loads(result.outputs["outputs"])["storageAccountName"], PROD_STORAGE)
        self.assertEqual(result.outputs["output-planName"], "plan-aos-prod")  # the others untouched
        # Registered with the runner's mask; nothing bicepgate printed shows it afterwards.
        lines = result.stdout.splitlines()
        mask = lines.index(f"::add-mask::{PROD_STORAGE}")
        self.assertFalse([line for line in lines[mask + 1:] if PROD_STORAGE in line], result)
        # A name the deployment has no output of: a warning naming it, not a failure.
        warnings = result.annotations("warning")
        self.assertTrue(any("masked-outputs names noSuchOutput" in w and "storageAccountName" in w
                            for w in warnings), warnings)
        # Named, never valued, in the summary and the audit record.
        self.assertNotIn(PROD_STORAGE, result.summary)
        self.assertIn("| storageAccountName | *** (masked: input masked-outputs) |", result.summary)
        with open(result.file("audit-record"), encoding="utf-8") as f:
            text = f.read()
        self.assertNotIn(PROD_STORAGE, text)
        details = json.loads(text)["details"]
        self.assertEqual(details["masked_outputs"], ["storageAccountName"])
        self.assertNotIn("storageAccountName", details["outputs"])
        self.assertEqual(details["outputs"]["planName"], "plan-aos-prod")


class LaptopFlags(E2ETestCase):
    """The same inputs as bicepgate deploy's flags of the same names."""
    PROD = ("deploy", "-g", "rg-aos-prod", "-t", "bicep/main.bicep",
            "-p", "bicep/parameters/prod.parameters.json", "--environment", "prod")

    def test_a_laptop_plan_leaves_out_the_hidden_types_and_names_the_flag(self):
        result = self.runner.bicepgate(*self.PROD, "--what-if", "--what-if-exclude-change-types", "create")
        self.assertEqual(result.returncode, 0, result)
        shown = result.stdout + result.stderr
        self.assertIn("3 change(s) hidden by --what-if-exclude-change-types: Create 3", shown)
        self.assertNotRegex(shown, r"(?m)^Create +Microsoft")

    def test_an_unknown_change_type_gets_a_did_you_mean(self):
        result = self.runner.bicepgate(*self.PROD, "--what-if-exclude-change-types", "NoChange,Igore")
        self.assertEqual(result.returncode, 2, result)
        self.assertIn("'Igore' is not one of Create, Delete, Deploy, Ignore, Modify, NoChange, Unsupported "
                      "(did you mean 'Ignore'?)", result.stderr)

    def test_a_masked_output_is_redacted_and_an_unknown_name_warned_of_by_its_flag(self):
        result = self.runner.bicepgate(*self.PROD, "--masked-outputs", "storageAccountName,noSuchOutput")
        self.assertEqual(result.returncode, 0, result)
        shown = result.stdout + result.stderr
        self.assertIn("--masked-outputs names noSuchOutput", shown)
        self.assertNotIn("input masked-outputs", shown)
        # The audit record names it, never its value.
        record = re.search(r"(?m)audit: (\S+\.json) \(", result.stderr)
        self.assertIsNotNone(record, result)
        with open(record.group(1), encoding="utf-8") as f:
            text = f.read()
        self.assertNotIn(PROD_STORAGE, text)
        self.assertEqual(json.loads(text)["details"]["masked_outputs"], ["storageAccountName"])


if __name__ == "__main__":
    unittest.main()
