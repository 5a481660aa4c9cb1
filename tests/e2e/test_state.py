"""`bicepgate state`: what the next run of an environment would do and why, through the real az
and the emulator, read-only: before a deployment, after it, on a plan-only route, and with a
name the config does not declare."""

import json
import os
import unittest

from harness import E2ETestCase, pull_request_payload


class State(E2ETestCase):
    def state(self, *args):
        done = self.runner.bicepgate("state", *args)
        return done, (json.loads(done.stdout) if "--json" in args and done.stdout.strip() else None)

    def test_before_and_after_a_deployment(self):
        done, first = self.state("-e", "prod", "--json")
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertEqual(first["verdict"], "deploy")
        self.assertEqual(first["reason"], "no deployment of this environment has succeeded yet")
        self.assertEqual(first["environment"], "prod")
        self.assertIn("this content never succeeded here", first["facts"])
        # Read-only: the forecast planned, it deployed nothing and recorded nothing.
        self.assertEqual(self.deployments_created(), [])
        self.assertEqual(self.runner.bicepgate("audit", "list", "--json").stdout.strip(), "[]")

        result = self.runner.run(event="push", ref="refs/heads/main")
        self.assertEqual(result.outputs["state"], "completed", result)
        done, second = self.state("-e", "prod", "--json")
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertEqual(second["verdict"], "skip")
        self.assertIn("already succeeded", second["reason"])
        self.assertIn(f"content: {result.outputs['deployment-name']} "
                      "(the name hashes the compiled template, parameters, scope and mode)", second["facts"])
        self.assertIn("what-if: no change", second["facts"])

        # The same in words, as a person reads it.
        done, _ = self.state("-e", "prod")
        self.assertTrue(done.stdout.startswith("prod: the next run would skip: "), done.stdout)

        # And the run agrees.
        again = self.runner.run(event="push", ref="refs/heads/main")
        self.assertEqual(again.outputs["state"], "skipped", again)

    def test_a_pull_request_route_only_plans(self):
        event = os.path.join(self.runner.tmp, "event.json")
        with open(event, "w", encoding="utf-8") as f:
            json.dump(pull_request_payload(), f)
        self.runner.base_env.update({"GITHUB_EVENT_NAME": "pull_request", "GITHUB_REF": "refs/pull/7/merge",
                                     "GITHUB_EVENT_PATH": event, "GITHUB_REPOSITORY": "contoso/platform"})
        done, forecast = self.state("--json")
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertEqual(forecast["verdict"], "plan", forecast)
        self.assertEqual(forecast["environment"], "staging")
        self.assertEqual(self.deployments_created(), [])

    def test_an_undeclared_environment_is_refused_by_name(self):
        done, _ = self.state("-e", "qa")
        self.assertEqual(done.returncode, 1)
        self.assertIn("'qa'", done.stderr)
        self.assertIn("declared: ", done.stderr)


if __name__ == "__main__":
    unittest.main()
