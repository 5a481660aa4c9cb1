"""The audit trail through real runs: every run leaves a record (completed, failed, refused
input, cancelled, killed), with its transitions and az calls, readable with bicepgate audit."""

import json
import os
import signal
import time
import unittest

from harness import E2ETestCase


class Recorded(E2ETestCase):
    def test_a_completed_run_is_recorded_with_transitions_az_calls_and_resources(self):
        result = self.runner.run(event="push", ref="refs/heads/main")
        self.assertEqual(result.code, 0, result)
        with open(result.file("audit-record"), encoding="utf-8") as f:
            record = json.load(f)
        self.assertEqual(record["final_state"], "completed")
        self.assertEqual(record["git_sha"], self.runner.sha)
        self.assertEqual(record["environment"], "prod")
        self.assertEqual(record["deployment_name"], result.outputs["deployment-name"])
        az = [e["argv"][:3] for e in record["events"] if e["kind"] == "az"]
        self.assertEqual(az, [c[:3] for c in result.az_calls])
        transitions = [e["to"] for e in record["events"] if e["kind"] == "transition"]
        self.assertEqual(transitions, ["validating_parameters", "linting", "planning", "deploying",
                                       "verifying_health", "completed"])
        self.assertEqual(len(record["resources"]), 3)
        listed = json.loads(self.runner.bicepgate("audit", "list", "--json").stdout)
        self.assertEqual([r["id"] for r in listed], [result.outputs["run-id"]])
        shown = json.loads(self.runner.bicepgate("audit", "show", result.outputs["run-id"][:8], "--json").stdout)
        self.assertEqual(len(shown["resources"]), 3)
        self.assertTrue(all(r["health_status"] == "healthy" for r in shown["resources"]))

    def test_bad_input_is_a_failed_run_with_a_record_naming_the_input(self):
        result = self.runner.run(event="push", ref="refs/heads/main", inputs={"allow-warnings": "yes"})
        self.assertEqual(result.code, 1, result)
        self.assertTrue(any("allow-warnings" in a for a in result.annotations("error")), result)
        listed = json.loads(self.runner.bicepgate("audit", "list", "--json", "--state", "failed").stdout)
        self.assertEqual(len(listed), 1)
        self.assertIn("allow-warnings", listed[0]["message"])


class UnusableDatabase(E2ETestCase):
    def audit_path(self, *parts):
        return os.path.join(self.runner.workspace, ".bicepgate", "audit", *parts)

    def assert_stopped_with_json_record(self, result, words):
        self.assertEqual(result.code, 1, result)
        self.assertEqual(result.outputs["failure-class"], "configuration")
        errors = result.annotations("error")
        self.assertTrue(any("audit trail cannot be written" in e and self.audit_path("audit.db") in e
                            and words in e for e in errors), errors)
        self.assertEqual(self.deployments_created(), [])  # nothing deployed without its audit row
        with open(result.file("audit-record"), encoding="utf-8") as f:
            record = json.load(f)
        self.assertEqual(record["final_state"], "failed")
        self.assertIn(words, record["message"])

    def test_a_corrupt_database_is_named_and_the_json_record_still_written(self):
        os.makedirs(self.audit_path(), exist_ok=True)
        with open(self.audit_path("audit.db"), "wb") as f:
            f.write(b"this is not an SQLite database, just bytes " * 100)
        result = self.runner.run(event="push", ref="refs/heads/main")
        self.assert_stopped_with_json_record(result, "file is not a database")
        listed = self.runner.bicepgate("audit", "list")
        self.assertNotEqual(listed.returncode, 0)
        self.assertIn("file is not a database", listed.stderr)

    def test_a_locked_database_is_named_and_the_json_record_still_written(self):
        import sqlite3
        os.makedirs(self.audit_path(), exist_ok=True)
        holder = sqlite3.connect(self.audit_path("audit.db"), isolation_level=None, timeout=0)
        holder.execute("CREATE TABLE held (x)")
        holder.execute("BEGIN EXCLUSIVE")
        try:
            result = self.runner.run(event="push", ref="refs/heads/main")
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        self.assert_stopped_with_json_record(result, "database is locked")


class Cancelled(E2ETestCase):
    # The deployment keeps running for a long while, so the test can cancel it mid-deploy.
    scenario = {"deployments": [{"name": "bicepgate-prod", "running_polls": 200}]}

    def wait_for_deployment_put(self, started):
        deadline = time.time() + 120
        while time.time() < deadline:
            if self.deployments_created():
                time.sleep(1.5)
                return
            self.assertIsNone(started.process.poll(), "bicepgate ended before deploying")
            time.sleep(0.2)
        self.fail("no deployment started")

    def assert_says_how_to_follow_or_stop(self, text, name):
        self.assertIn(f"az deployment group show -g rg-aos-prod -n {name}", text)
        self.assertIn(f"az deployment group cancel -g rg-aos-prod -n {name}", text)

    def test_sigterm_mid_deploy_ends_cancelled_and_recorded(self):
        started = self.runner.spawn(event="push", ref="refs/heads/main")
        self.wait_for_deployment_put(started)
        started.process.send_signal(signal.SIGTERM)
        stdout, stderr = started.process.communicate(timeout=60)
        result = self.runner.collect(started, stdout, stderr)
        self.assertEqual(result.code, 128 + signal.SIGTERM, result)
        self.assertEqual(result.outputs["state"], "cancelled")
        listed = json.loads(self.runner.bicepgate("audit", "list", "--json").stdout)
        self.assertEqual(listed[0]["final_state"], "cancelled")
        self.assertIn("signal", listed[0]["message"])
        self.assertTrue(os.path.exists(result.file("audit-record")))
        self.assertEqual(len(json.loads(self.runner.bicepgate("audit", "list", "--state", "cancelled",
                                                              "--json").stdout)), 1)

    def test_sigint_mid_deploy_is_a_cancel_not_a_failure(self):
        # As the runner cancels a job: SIGINT first. az, stopped by it, fails with text no rule
        # knows; the run must still end cancelled, with no fix-request, and say how to follow
        # or stop the deployment that goes on in Azure.
        started = self.runner.spawn(event="push", ref="refs/heads/main")
        self.wait_for_deployment_put(started)
        started.process.send_signal(signal.SIGINT)
        stdout, stderr = started.process.communicate(timeout=60)
        result = self.runner.collect(started, stdout, stderr)
        self.assertEqual(result.code, 128 + signal.SIGINT, result)
        self.assertEqual(result.outputs["state"], "cancelled", result)
        self.assertEqual(result.outputs["failure-class"], "", result)
        self.assertEqual(result.outputs["failure-code"], "run.cancelled", result)
        self.assertNotIn("fix-request", result.outputs)
        self.assertEqual(result.annotations("error"), [], result)
        name = result.outputs["deployment-name"]
        self.assertTrue(name)
        self.assert_says_how_to_follow_or_stop(result.summary, name)
        self.assert_says_how_to_follow_or_stop("\n".join(result.annotations("warning")), name)
        # Not retried: one deployment PUT.
        self.assertEqual(len(self.deployments_created()), 1)
        with open(result.file("audit-record"), encoding="utf-8") as f:
            record = json.load(f)
        self.assertEqual(record["final_state"], "cancelled")
        self.assertEqual(record["failure_class"], "")
        self.assertIn("cancelled: interrupted by signal 2 while deploy", json.dumps(record))
        self.assert_says_how_to_follow_or_stop(record["details"]["hint"], name)
        shown = self.runner.bicepgate("audit", "show", result.outputs["run-id"]).stdout
        self.assertIn("state       cancelled", shown)
        self.assert_says_how_to_follow_or_stop(shown, name)

    def processes_of(self, started):
        """The live processes bicepgate started for this run (az and its children): they carry
        the run's AZ_CALL_LOG in their environment."""
        marker = f"AZ_CALL_LOG={started.az_log}".encode()
        found = []
        for pid in filter(str.isdigit, os.listdir("/proc")):
            try:
                with open(f"/proc/{pid}/environ", "rb") as f:
                    environ = f.read().split(b"\0")
                with open(f"/proc/{pid}/stat", "rb") as f:
                    state = f.read().rsplit(b") ", 1)[1][:1]
            except OSError:
                continue
            if marker in environ and state != b"Z" and int(pid) != started.process.pid:
                found.append(int(pid))
        return found

    def test_a_killed_run_leaves_an_open_row_reported_as_interrupted(self):
        started = self.runner.spawn(event="push", ref="refs/heads/main")
        self.wait_for_deployment_put(started)
        self.assertTrue(self.processes_of(started), "az is not running")
        started.process.kill()
        started.process.communicate(timeout=60)
        # A hard kill leaves no az behind: the keeper kills az's process group.
        deadline = time.time() + 10
        while self.processes_of(started) and time.time() < deadline:
            time.sleep(0.1)
        self.assertEqual(self.processes_of(started), [])
        listed = json.loads(self.runner.bicepgate("audit", "list", "--json").stdout)
        self.assertEqual(len(listed), 1)
        self.assertEqual(listed[0]["final_state"], "interrupted")
        self.assertIsNone(listed[0]["finished"])
        table = self.runner.bicepgate("audit", "list", "--state", "interrupted").stdout
        self.assertIn("interrupted", table)


if __name__ == "__main__":
    unittest.main()
