"""Input cloud: az's active cloud for the login and every call. The harness registers the
emulator as a private cloud (`az cloud register`, as a team would in its image or an earlier
step); a run that names it switches az to it before anything else, and a name az does not know
stops the run as configuration before any deployment."""

import unittest

from harness import E2ETestCase, run_checked


class Cloud(E2ETestCase):
    def setUp(self):
        super().setUp()
        # az's active cloud is another one: only the input can bring the run to the emulator.
        run_checked(["az", "cloud", "set", "--name", "AzureChinaCloud"], self.runner.base_env)

    def active_cloud(self):
        return self.runner.az_json("cloud", "show")["name"]

    def test_the_named_cloud_is_made_active_and_the_run_deploys_there(self):
        result = self.runner.run(event="push", ref="refs/heads/main", inputs={"cloud": "emulator"})
        self.assertEqual(result.code, 0, result)
        self.assertEqual(result.outputs["state"], "completed")
        self.assertIn(["cloud", "set", "--name", "emulator", "--only-show-errors"], result.az_calls)
        # Set before any call that reaches Azure: the history list comes after it.
        first_arm = next(i for i, c in enumerate(result.az_calls) if c[:1] == ["deployment"])
        self.assertLess(result.az_calls.index(["cloud", "set", "--name", "emulator", "--only-show-errors"]),
                        first_arm)
        self.assertEqual(self.active_cloud(), "emulator")
        self.assertIn("| Cloud | emulator |", result.summary)
        self.assertTrue(self.deployments_created())

    def test_a_cloud_az_does_not_know_stops_the_run_naming_the_known_ones(self):
        result = self.runner.run(event="push", ref="refs/heads/main", inputs={"cloud": "AzureMoon"})
        self.assertEqual(result.code, 1, result)
        self.assertEqual(result.outputs["failure-class"], "configuration")
        self.assertEqual(result.outputs["failure-code"], "cloud.unknown")
        errors = "\n".join(result.annotations("error"))
        self.assertIn("input 'cloud' is 'AzureMoon'", errors)
        self.assertIn("AzureUSGovernment", errors)
        self.assertIn("emulator", errors)
        self.assertEqual(self.deployments_created(), [])
        self.assertEqual(self.active_cloud(), "AzureChinaCloud")


if __name__ == "__main__":
    unittest.main()
