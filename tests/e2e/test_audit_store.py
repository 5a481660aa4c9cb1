"""The team audit trail in Azure Storage (input audit-store) through real runs: the real az
writes each run's record to Azurite with --auth-mode login (a bearer token from the ARM
emulator's managed-identity endpoint, checked by Azurite's --oauth basic), and bicepgate audit
sync reads the container back into a database."""

import json
import os
import time
import unittest

from harness import E2ETestCase, azurite_missing, free_port, run_checked

CONTAINER = "bicepgate-audit"


class StoreCase(E2ETestCase):
    """A runner with Azurite and an empty container; no tests of its own."""

    def setUp(self):
        missing = azurite_missing()
        if missing:
            self.skipTest(missing)
        super().setUp()
        self.azurite = self.runner.azurite()
        self.url = f"{self.azurite.endpoint}/{CONTAINER}"
        run_checked(["az", "storage", "container", "create", "--name", CONTAINER, "--auth-mode", "login",
                     "--blob-endpoint", self.azurite.endpoint], self.runner.base_env)

    def az_storage(self, *args):
        return run_checked(["az", "storage", "blob", *args, "--auth-mode", "login", "--blob-endpoint",
                            self.azurite.endpoint, "--container-name", CONTAINER], self.runner.base_env)

    def blob_names(self):
        listed = json.loads(self.az_storage("list", "--output", "json").stdout)
        return sorted(b["name"] for b in listed)

    def blob(self, name):
        path = os.path.join(self.runner.tmp, "downloaded.json")
        self.az_storage("download", "--name", name, "--file", path, "--no-progress", "--output", "none")
        with open(path, encoding="utf-8") as f:
            return json.load(f)

    def uploads(self, result):
        return [c for c in result.az_calls if c[:3] == ["storage", "blob", "upload"]]


class TeamStore(StoreCase):
    def test_a_run_writes_its_open_record_then_the_closed_one(self):
        result = self.runner.run(inputs={"audit-store": self.url})
        self.assertEqual(result.code, 0, result)
        run_id = result.outputs["run-id"]
        name = f"prod/{run_id}.json"
        self.assertEqual(self.blob_names(), [name])
        self.assertEqual(result.outputs["audit-store-record"], f"{self.url}/{name}")
        uploads = self.uploads(result)
        self.assertEqual(len(uploads), 2, result.az_calls)
        self.assertIn("--if-none-match", uploads[0])  # create-only
        self.assertIn("--if-match", uploads[1])  # only over the version the open wrote
        self.assertEqual(uploads[0][uploads[0].index("--auth-mode") + 1], "login")
        # The open record went up before anything was planned or deployed.
        order = [" ".join(c[:3]) for c in result.az_calls]
        self.assertLess(order.index("storage blob upload"), order.index("deployment group what-if"))
        self.assertLess(order.index("deployment group create"), len(order) - 1 - order[::-1].index("storage blob upload"))
        # The store holds the run's closed record: the workspace's, byte for byte as JSON.
        with open(result.file("audit-record"), encoding="utf-8") as f:
            local = json.load(f)
        stored = self.blob(name)
        self.assertEqual(stored, local)
        self.assertEqual(stored["final_state"], "completed")
        # The open record's upload is in the record's events; the close's comes after it closed.
        az_events = [e["argv"][:3] for e in local["events"] if e["kind"] == "az"]
        self.assertIn(["storage", "blob", "upload"], az_events)

    def test_two_runs_at_once_both_land_and_sync_reads_them_into_an_empty_database(self):
        first = self.runner.spawn(inputs={"audit-store": self.url})
        second = self.runner.spawn(inputs={"audit-store": self.url})
        results = []
        for started in (first, second):
            out, err = started.process.communicate(timeout=300)
            results.append(self.runner.collect(started, out, err))
        for result in results:
            self.assertEqual(result.code, 0, result)
        ids = sorted(r.outputs["run-id"] for r in results)
        self.assertEqual(self.blob_names(), [f"prod/{i}.json" for i in ids])
        for run_id in ids:
            self.assertEqual(self.blob(f"prod/{run_id}.json")["final_state"], "completed")

        # A bad record in the store is named and skipped, not fatal.
        bad = os.path.join(self.runner.tmp, "bad.json")
        with open(bad, "w", encoding="utf-8") as f:
            f.write("{not json")
        self.az_storage("upload", "--name", "prod/broken.json", "--file", bad, "--no-progress", "--output", "none")

        db = os.path.join(self.runner.tmp, "team", "audit.db")
        synced = self.runner.bicepgate("audit", "sync", "--store", self.url, "--db", db)
        self.assertEqual(synced.returncode, 0, synced.stderr)
        self.assertIn("3 record(s)", synced.stdout)
        self.assertIn("2 added", synced.stdout)
        self.assertIn("1 skipped", synced.stdout)
        self.assertIn("skipped prod/broken.json: not JSON", synced.stderr)
        listed = json.loads(self.runner.bicepgate("audit", "list", "--audit-db", db, "--json").stdout)
        self.assertEqual(sorted(r["id"] for r in listed), ids)
        self.assertTrue(all(r["final_state"] == "completed" for r in listed))
        shown = json.loads(self.runner.bicepgate("audit", "show", ids[0][:10], "--audit-db", db, "--json").stdout)
        self.assertEqual(len(shown["resources"]), 3)
        # Idempotent: a second sync changes nothing.
        again = self.runner.bicepgate("audit", "sync", "--store", self.url, "--db", db)
        self.assertIn("0 added, 0 updated, 2 unchanged", again.stdout)

    def test_key_mode_reads_the_connection_string_from_the_environment_and_masks_it(self):
        secret = self.azurite.connection_string()
        result = self.runner.run(inputs={"audit-store": self.url, "audit-store-auth": "key"},
                                 extra_env={"AZURE_STORAGE_CONNECTION_STRING": secret})
        self.assertEqual(result.code, 0, result)
        name = f"prod/{result.outputs['run-id']}.json"
        self.assertEqual(self.blob_names(), [name])
        self.assertEqual(self.blob(name)["final_state"], "completed")
        uploads = self.uploads(result)
        self.assertEqual([u[u.index("--auth-mode") + 1] for u in uploads], ["key", "key"])
        # Neither the connection string nor its key is ever on a command line, in the log or in
        # the record.
        key = self.azurite.account_key
        with open(result.file("audit-record"), encoding="utf-8") as f:
            record = f.read()
        log = "\n".join(line for line in result.stdout.splitlines() if not line.startswith("::add-mask::"))
        for text in (log, result.stderr, record, json.dumps(result.az_calls)):
            self.assertNotIn(key, text)
        # The runner hides both, wherever a later step might print them.
        masks = [line[len("::add-mask::"):] for line in result.stdout.splitlines() if line.startswith("::add-mask::")]
        self.assertIn(secret, masks)
        self.assertIn(key, masks)

    def test_an_unreachable_store_stops_the_run_before_anything_is_deployed(self):
        url = f"https://127.0.0.1:{free_port()}/devstoreaccount1/{CONTAINER}"
        result = self.runner.run(inputs={"audit-store": url})
        self.assertEqual(result.code, 1, result)
        self.assertEqual(result.outputs["failure-class"], "configuration")
        self.assertEqual(result.outputs["failure-code"], "audit.store")
        errors = result.annotations("error")
        self.assertTrue(any("input audit-store" in e and "nothing was deployed" in e for e in errors), errors)
        self.assertEqual(len(self.uploads(result)), 2)  # tried twice (each az call retries itself)
        self.assertEqual(self.deployments_created(), [])
        self.assertFalse(any(c[:3] == ["deployment", "group", "what-if"] for c in result.az_calls))
        # The workspace's record tells it.
        with open(result.file("audit-record"), encoding="utf-8") as f:
            record = json.load(f)
        self.assertEqual(record["final_state"], "failed")
        self.assertIn("audit-store", record["message"])

    def test_a_wrong_store_url_is_refused_naming_the_input(self):
        result = self.runner.run(inputs={"audit-store": "https://example.com/audit"})
        self.assertEqual(result.code, 1, result)
        self.assertEqual(result.outputs["failure-class"], "configuration")
        self.assertTrue(any("input 'audit-store'" in e for e in result.annotations("error")), result)
        self.assertEqual(result.az_calls, [])
        self.assertEqual(self.blob_names(), [])


class StoreLostMidRun(StoreCase):
    # The deployment's PUT is held 20 s: time enough to take the store away after the open write.
    scenario = {"faults": [{"method": "PUT", "path": r"/providers/Microsoft\.Resources/deployments/[^/]+$",
                            "delay": 20}]}

    def test_a_close_that_cannot_be_written_is_reported_and_the_local_record_kept(self):
        started = self.runner.spawn(inputs={"audit-store": self.url})
        deadline = time.time() + 120
        while not self.blob_names():
            self.assertIsNone(started.process.poll(), "the run ended before its open record was seen")
            self.assertLess(time.time(), deadline, "no open record within 120 s")
            time.sleep(0.5)
        opened = self.blob_names()
        self.assertEqual(len(opened), 1)
        self.assertEqual(self.blob(opened[0])["final_state"], "running")
        self.azurite.stop()
        out, err = started.process.communicate(timeout=300)
        result = self.runner.collect(started, out, err)
        # The deployment happened: the verdict stands, and the workspace's record is complete.
        self.assertEqual(result.code, 0, result)
        self.assertEqual(result.outputs["state"], "completed")
        self.assertEqual(result.outputs["audit-store-record"], "")
        errors = result.annotations("error")
        self.assertTrue(any("did not reach the team store" in e and result.outputs["audit-record"] in e
                            for e in errors), errors)
        self.assertEqual(len(self.uploads(result)), 3)  # the open, then the close tried twice
        with open(result.file("audit-record"), encoding="utf-8") as f:
            self.assertEqual(json.load(f)["final_state"], "completed")


if __name__ == "__main__":
    unittest.main()
