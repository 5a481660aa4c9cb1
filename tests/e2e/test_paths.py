"""Paths that inputs and the repository name stay inside the workspace (what bicepgate writes may
also go to RUNNER_TEMP): `..`, absolute paths elsewhere and committed symbolic links that lead out
are refused before anything reads or writes them, and the refusal is recorded like any failure."""

import json
import os
import unittest

from harness import E2ETestCase


class PathsLeavingTheWorkspace(E2ETestCase):
    def outside(self):
        directory = os.path.join(self.runner.tmp, "outside")
        os.makedirs(directory, exist_ok=True)
        return directory

    def assert_refused(self, result, named):
        self.assertEqual(result.code, 1, result)
        self.assertEqual(result.outputs["state"], "failed")
        self.assertEqual(result.outputs["failure-class"], "configuration")
        errors = result.annotations("error")
        self.assertTrue(errors, result)
        self.assertIn(named, errors[0])
        # Nothing reached Azure: no what-if, no deployment.
        self.assertFalse([c for c in result.az_calls if "what-if" in c or "create" in c], result.az_calls)
        self.assertEqual(self.deployments_created(), [])

    def test_fix_request_and_sarif_paths_with_dot_dot_are_refused_and_the_refusal_recorded(self):
        for name, value in (("fix-request-file", "../escaped-fix.json"),
                            ("sarif-file", os.path.join(self.outside(), "lint.sarif"))):
            with self.subTest(name):
                result = self.runner.run(event="push", ref="refs/heads/main", inputs={name: value})
                self.assert_refused(result, f"input '{name}'")
                self.assertIn("outside the workspace", result.annotations("error")[0])
                with open(result.file("audit-record"), encoding="utf-8") as f:
                    record = json.load(f)
                self.assertEqual(record["final_state"], "failed")
        self.assertFalse(os.path.exists(os.path.join(self.runner.tmp, "escaped-fix.json")))
        self.assertEqual(os.listdir(self.outside()), [])

    def test_an_audit_dir_outside_is_refused_and_recorded_in_the_default_place(self):
        result = self.runner.run(event="push", ref="refs/heads/main", inputs={"audit-dir": self.outside()})
        self.assert_refused(result, "input 'audit-dir'")
        self.assertEqual(os.listdir(self.outside()), [])
        self.assertTrue(result.outputs["audit-record"].startswith(".bicepgate/audit/runs/"), result.outputs)

    def test_a_committed_link_carrying_the_audit_folder_out_is_refused_and_nothing_is_written_there(self):
        os.symlink(self.outside(), os.path.join(self.runner.workspace, ".bicepgate"))
        result = self.runner.run(event="push", ref="refs/heads/main")
        self.assert_refused(result, "symbolic link")
        self.assertEqual(os.listdir(self.outside()), [])
        self.assertNotIn("audit-record", result.outputs)

    def test_a_parameters_file_linked_to_a_file_outside_is_never_read(self):
        secret = os.path.join(self.outside(), "runner-credentials.json")
        with open(secret, "w", encoding="utf-8") as f:
            json.dump({"parameters": {"storageSku": {"value": "NOT-FOR-THE-LOG"}}}, f)
        target = os.path.join(self.runner.workspace, "bicep", "parameters", "prod.parameters.json")
        os.remove(target)
        os.symlink(secret, target)
        result = self.runner.run(event="push", ref="refs/heads/main")
        self.assert_refused(result, "the config's 'parameters' of environment 'prod'")
        self.assertNotIn("NOT-FOR-THE-LOG", result.stdout + result.stderr + result.summary)


if __name__ == "__main__":
    unittest.main()
