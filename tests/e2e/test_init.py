"""bicepgate init writes a first config for the repository it finds, and a run routes by it."""

import os
import subprocess
import unittest

import yaml

from harness import BINARY, E2ETestCase


class Init(E2ETestCase):
    def test_init_writes_a_config_a_push_to_main_deploys_by_and_never_overwrites_it(self):
        done = self.runner.bicepgate("init", "--name", "aos")
        self.assertEqual(done.returncode, 0, done)
        path = os.path.join(self.runner.workspace, ".github", "bicepgate.yml")
        with open(path, encoding="utf-8") as f:
            config = yaml.safe_load(f)
        self.assertEqual(sorted(config["environments"]), ["dev", "prod", "staging"])
        self.assertEqual(config["environments"]["prod"]["template"], "bicep/main.bicep")
        self.assertTrue(config["environments"]["prod"]["production"])
        self.assertIn("bicep/main-modular.bicep", open(path, encoding="utf-8").read())

        # The run finds the written config (no embedded-default notice) and deploys prod by it.
        result = self.runner.run(event="push", ref="refs/heads/main")
        self.assertEqual(result.code, 0, result)
        self.assertEqual(result.outputs["state"], "completed")
        self.assertEqual(result.outputs["environment"], "prod")
        self.assertNotIn("embedded default", result.stdout)

        again = self.runner.bicepgate("init")
        self.assertEqual(again.returncode, 1, again)
        self.assertIn("exists", again.stderr)
        printed = self.runner.bicepgate("init", "--print", "--name", "aos")
        self.assertEqual(printed.returncode, 0, printed)
        self.assertEqual(yaml.safe_load(printed.stdout), config)

    def test_a_folder_without_templates_is_told_so(self):
        empty = os.path.join(self.runner.tmp, "empty")
        os.makedirs(empty)
        done = subprocess.run([BINARY, "init"], cwd=empty,
                              capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
        self.assertEqual(done.returncode, 1, done)
        self.assertIn("no .bicep template", done.stderr)
        self.assertFalse(os.path.exists(os.path.join(empty, ".github")))


if __name__ == "__main__":
    unittest.main()
