"""Fault injection through the emulator and the PATH: dropped connections and 500s while az
polls the deployment, a deployment stuck Running past timeout-minutes, a malformed response,
no az at all, and an az that hangs. Each run ends with the right class, a message that says
what happened, and an audit record."""

import json
import os
import shutil
import sys
import time
import unittest

from harness import E2ETestCase

POLL = r"/lro/deployment/"


class FaultCase(E2ETestCase):
    def record(self, result):
        with open(result.file("audit-record"), encoding="utf-8") as f:
            return json.load(f)

    def assert_failed(self, result, failure_class, words):
        self.assertEqual(result.code, 1, result)
        self.assertEqual(result.outputs["failure-class"], failure_class, result)
        errors = result.annotations("error")
        self.assertTrue(any(words in e for e in errors), errors)
        record = self.record(result)
        self.assertEqual(record["final_state"], "failed")
        self.assertEqual(record["failure_class"], failure_class)
        self.assertIn(words, record["message"])
        return record

    def dropped(self):
        return [r for r in self.runner.emulator.requests() if r.get("status") == "dropped"]


class DropsMidPollRecovered(FaultCase):
    scenario = {"faults": [{"method": "GET", "path": POLL, "nth": 2, "times": 2, "drop": True}]}

    def test_two_dropped_polls_are_absorbed_and_the_deployment_completes(self):
        result = self.runner.run(event="push", ref="refs/heads/main")
        self.assertEqual(result.code, 0, result)
        self.assertEqual(len(self.dropped()), 2)
        self.assertEqual(len(self.deployments_created()), 1)
        self.assertEqual(self.record(result)["final_state"], "completed")


class DropsMidPollForever(FaultCase):
    scenario = {"faults": [{"method": "GET", "path": POLL, "times": -1, "drop": True}]}

    def test_polls_that_always_drop_fail_as_environmental_after_the_retries(self):
        result = self.runner.run(event="push", ref="refs/heads/main",
                                 inputs={"max-retries": "1", "retry-base-seconds": "1"})
        record = self.assert_failed(result, "environmental", "az deployment create failed with")
        self.assertEqual(len(self.deployments_created()), 2)  # the deploy stage ran twice
        self.assertEqual(len(record["details"]["retries"]), 1)
        self.assertIn("Retried", result.summary)


class ServerErrorOnNthPoll(FaultCase):
    scenario = {"faults": [{"method": "GET", "path": POLL, "nth": 2, "times": -1, "status": 500,
                            "headers": {"Retry-After": "1"},
                            "body": {"error": {"code": "InternalServerError",
                                               "message": "Encountered internal server error."}}}]}

    def test_500s_from_the_second_poll_on_fail_as_environmental(self):
        result = self.runner.run(event="push", ref="refs/heads/main",
                                 inputs={"max-retries": "1", "retry-base-seconds": "1"})
        record = self.assert_failed(result, "environmental", "InternalServerError")
        self.assertEqual(result.outputs["failure-code"], "InternalServerError")
        self.assertEqual(record["details"]["retries"][0]["code"], "InternalServerError")
        self.assertNotIn("fix-request", result.outputs)


class ServerErrorOnceMidPoll(FaultCase):
    scenario = {"faults": [{"method": "GET", "path": POLL, "nth": 2, "times": 1, "status": 500,
                            "headers": {"Retry-After": "1"},
                            "body": {"error": {"code": "InternalServerError", "message": "boom"}}}]}

    def test_a_single_500_mid_poll_is_absorbed(self):
        result = self.runner.run(event="push", ref="refs/heads/main")
        self.assertEqual(result.code, 0, result)
        self.assertEqual(self.record(result)["final_state"], "completed")


class StuckRunning(FaultCase):
    scenario = {"deployments": [{"name": "bicepgate-prod", "running_polls": 500}]}

    def test_a_deployment_running_past_timeout_minutes_stops_waiting_and_says_how_to_follow_it(self):
        started = time.time()
        result = self.runner.run(event="push", ref="refs/heads/main", inputs={"timeout-minutes": "0.1"})
        elapsed = time.time() - started
        record = self.assert_failed(result, "environmental", "was still running after 6 s (input timeout-minutes)")
        self.assertEqual(result.outputs["failure-code"], "DeploymentTimeout")
        self.assertEqual(len(self.deployments_created()), 1)  # not retried: it is still running
        name = result.outputs["deployment-name"]
        self.assertIn(f"az deployment group cancel -g rg-aos-prod -n {name}", result.summary)
        self.assertEqual(record["failure_code"], "DeploymentTimeout")
        self.assertLess(elapsed, 120)

    def test_a_timeout_that_is_not_a_number_is_refused_by_name(self):
        result = self.runner.run(event="push", ref="refs/heads/main", inputs={"timeout-minutes": "soon"})
        self.assert_failed(result, "configuration", "input 'timeout-minutes' is 'soon'")


class MalformedBody(FaultCase):
    scenario = {"faults": [{"method": "GET", "path": POLL, "times": -1, "status": 200,
                            "body": "{\"status\": \"Succeeded\", \"properties\": {"}]}

    def test_a_malformed_json_body_fails_with_a_clear_message(self):
        result = self.runner.run(event="push", ref="refs/heads/main",
                                 inputs={"max-retries": "1", "retry-base-seconds": "1"})
        self.assertEqual(result.code, 1, result)
        self.assertEqual(result.outputs["failure-class"], "environmental", result)
        record = self.record(result)
        self.assertEqual(record["final_state"], "failed")
        self.assertIn("az deployment create failed", record["message"])


class NoAz(FaultCase):
    def test_without_az_on_path_the_run_stops_as_configuration_with_the_fix(self):
        bin_dir = os.path.join(self.runner.tmp, "no-az-bin")
        os.makedirs(bin_dir)
        # The real Bicep CLI stays reachable, az does not.
        os.symlink(sys.executable, os.path.join(bin_dir, "python3"))
        os.symlink(shutil.which("bicep"), os.path.join(bin_dir, "bicep"))
        path = bin_dir
        result = self.runner.run(event="push", ref="refs/heads/main", extra_env={"PATH": path})
        record = self.assert_failed(result, "configuration", "az")
        self.assertIn("Install the Azure CLI (az) or put it on PATH", result.summary)
        self.assertEqual(record["failure_class"], "configuration")


class HangingAz(FaultCase):
    def test_an_az_that_hangs_is_killed_with_its_process_group_at_the_timeout(self):
        hang_dir = os.path.join(self.runner.tmp, "hang-bin")
        os.makedirs(hang_dir)
        child_pid_file = os.path.join(self.runner.tmp, "child.pid")
        counter = os.path.join(self.runner.counter_dir, "az")
        with open(os.path.join(hang_dir, "az"), "w", encoding="utf-8") as f:
            f.write("#!/bin/sh\n"
                    'case " $* " in *" create "*)\n'
                    f'  sleep 600 & echo $! > "{child_pid_file}"\n'
                    "  wait; exit 0;;\n"
                    "esac\n"
                    f'exec "{counter}" "$@"\n')
        os.chmod(os.path.join(hang_dir, "az"), 0o755)
        path = os.pathsep.join([hang_dir, self.runner.counter_dir, self.runner.base_env["PATH"]])
        started = time.time()
        result = self.runner.run(event="push", ref="refs/heads/main", inputs={"timeout-minutes": "0.1"},
                                 extra_env={"PATH": path})
        self.assertLess(time.time() - started, 120)
        self.assert_failed(result, "environmental", "was still running after 6 s")
        with open(child_pid_file, encoding="utf-8") as f:
            child = int(f.read())
        deadline = time.time() + 10
        while time.time() < deadline and self.alive(child):
            time.sleep(0.2)
        self.assertFalse(self.alive(child), "the hanging az's child survived")

    @staticmethod
    def alive(pid):
        try:
            with open(f"/proc/{pid}/status", encoding="utf-8") as f:
                return not any(line.startswith("State:") and "Z" in line for line in f)
        except FileNotFoundError:
            return False


if __name__ == "__main__":
    unittest.main()
