"""The local Azure itself, driven by the real az: state, Complete mode, deployment operations,
generic resource reads, az running the pinned Bicep CLI, and each kind of scripted fault."""

import json
import os
import re
import subprocess
import time

from harness import ROOT, E2ETestCase

SUB = "/subscriptions/00000000-0000-4000-8000-000000000001"
RG = SUB + "/resourceGroups/rg-aos-prod"


def template(*resources, outputs=None):
    return {"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
            "contentVersion": "1.0.0.0", "resources": list(resources), "outputs": outputs or {}}


def storage(name, sku="Standard_LRS"):
    return {"type": "Microsoft.Storage/storageAccounts", "apiVersion": "2022-09-01", "name": name,
            "location": "eastus", "sku": {"name": sku}, "kind": "StorageV2", "properties": {}}


class AzAgainstEmulator(E2ETestCase):
    def az(self, *args, check=True):
        done = subprocess.run(["az", *args], env=self.runner.base_env, capture_output=True, text=True,
                              timeout=300, stdin=subprocess.DEVNULL)
        if check and done.returncode != 0:
            self.fail(f"az {' '.join(args)} failed: {done.stderr}")
        return done

    def write_template(self, name, body):
        self.runner.write(name, json.dumps(body))
        return f"{self.runner.workspace}/{name}"

    def what_if(self, path, mode="Incremental"):
        out = self.az("deployment", "group", "what-if", "-g", "rg-aos-prod", "--template-file", path,
                      "--mode", mode, "--no-pretty-print", "-o", "json").stdout
        return {c["resourceId"].rsplit("/", 1)[1]: c["changeType"] for c in json.loads(out)["changes"]}


class State(AzAgainstEmulator):
    def test_complete_mode_shows_delete_and_incremental_shows_ignore_for_a_dropped_resource(self):
        both = self.write_template("both.json", template(storage("sta"), storage("stb")))
        self.az("deployment", "group", "create", "-g", "rg-aos-prod", "-n", "d1", "--template-file", both, "-o", "none")
        one = self.write_template("one.json", template(storage("sta", sku="Standard_GRS")))
        self.assertEqual(self.what_if(one, "Complete"), {"sta": "Modify", "stb": "Delete"})
        self.assertEqual(self.what_if(one, "Incremental"), {"sta": "Modify", "stb": "Ignore"})
        self.az("deployment", "group", "create", "-g", "rg-aos-prod", "-n", "d2", "--template-file", one,
                "--mode", "Complete", "-o", "none")
        self.assertEqual(self.what_if(one, "Complete"), {"sta": "NoChange"})

    def test_resources_are_read_by_id_with_their_provisioning_state(self):
        path = self.write_template("t.json", template(storage("stread")))
        self.az("deployment", "group", "create", "-g", "rg-aos-prod", "-n", "d1", "--template-file", path, "-o", "none")
        shown = json.loads(self.az("resource", "show", "--ids",
                                   RG + "/providers/Microsoft.Storage/storageAccounts/stread", "-o", "json").stdout)
        self.assertEqual(shown["properties"]["provisioningState"], "Succeeded")
        missing = self.az("resource", "show", "--ids", RG + "/providers/Microsoft.Storage/storageAccounts/nope",
                          check=False)
        self.assertNotEqual(missing.returncode, 0)
        self.assertIn("ResourceNotFound", missing.stderr)

    def test_deployment_show_has_outputs_and_output_resources(self):
        path = self.write_template("t.json", template(
            storage("stout"), outputs={"name": {"type": "string", "value": "stout"},
                                       "key": {"type": "securestring", "value": "s3cret"}}))
        self.az("deployment", "group", "create", "-g", "rg-aos-prod", "-n", "d1", "--template-file", path, "-o", "none")
        shown = json.loads(self.az("deployment", "group", "show", "-g", "rg-aos-prod", "-n", "d1", "-o", "json").stdout)
        self.assertEqual(shown["properties"]["outputs"]["name"]["value"], "stout")
        self.assertNotIn("value", shown["properties"]["outputs"]["key"])
        self.assertEqual([r["id"].rsplit("/", 1)[1] for r in shown["properties"]["outputResources"]], ["stout"])

    def test_an_unsupported_expression_is_a_clear_400(self):
        bad = storage("[pickZones('Microsoft.Compute', 'virtualMachines', 'eastus')[0]]")
        path = self.write_template("bad.json", template(bad))
        done = self.az("deployment", "group", "validate", "-g", "rg-aos-prod", "--template-file", path, check=False)
        self.assertNotEqual(done.returncode, 0)
        self.assertIn("InvalidTemplate", done.stderr)
        self.assertIn("not supported by the emulator", done.stderr)

    def test_the_cli_runs_the_pinned_bicep_from_path(self):
        done = self.az("bicep", "build", "--file", f"{self.runner.workspace}/bicep/main.bicep", "--stdout")
        self.assertEqual(json.loads(done.stdout)["metadata"]["_generator"]["name"], "bicep")
        pin = open(os.path.join(ROOT, "scripts", "bicep-pin"), encoding="utf-8").read()
        version = re.search(r"^BICEP_VERSION=(\S+)$", pin, re.M).group(1)
        self.assertIn(f"Bicep CLI version {version} ", self.az("bicep", "version").stdout)


class FailedDeploymentOperations(AzAgainstEmulator):
    scenario = {"deployments": [{"name": "^broken$", "failed_resources": ["stbad"], "error": {
        "code": "DeploymentFailed", "message": "At least one resource deployment operation failed.",
        "details": [{"code": "BadRequest", "message": json.dumps({"error": {
            "code": "AccountNameInvalid", "message": "stbad is not a valid storage account name."}})}]}}]}

    def test_a_failed_deployment_lists_the_failing_operation_with_its_error(self):
        path = self.write_template("t.json", template(storage("stgood"), storage("stbad")))
        done = self.az("deployment", "group", "create", "-g", "rg-aos-prod", "-n", "broken",
                       "--template-file", path, check=False)
        self.assertNotEqual(done.returncode, 0)
        self.assertIn("DeploymentFailed", done.stderr)
        ops = json.loads(self.az("deployment", "operation", "group", "list", "-g", "rg-aos-prod",
                                 "-n", "broken", "-o", "json").stdout)
        states = {o["properties"]["targetResource"]["resourceName"]: o["properties"]["provisioningState"] for o in ops}
        self.assertEqual(states, {"stgood": "Succeeded", "stbad": "Failed"})
        failed = [o for o in ops if o["properties"]["provisioningState"] == "Failed"][0]
        self.assertEqual(failed["properties"]["statusMessage"]["error"]["code"], "DeploymentFailed")


class Throttling(AzAgainstEmulator):
    scenario = {"faults": [{"name": "throttle", "method": "GET", "path": r"/resourcegroups/rg-aos-prod$",
                            "nth": 1, "times": 1, "status": 429, "headers": {"Retry-After": "2"},
                            "body": {"error": {"code": "TooManyRequests", "message": "Rate limit exceeded."}}}]}

    def test_a_429_on_the_first_call_only_is_followed_by_success_after_retry_after(self):
        started = time.time()
        shown = json.loads(self.az("group", "show", "-n", "rg-aos-prod", "-o", "json").stdout)
        self.assertEqual(shown["name"], "rg-aos-prod")
        statuses = [r["status"] for r in self.runner.emulator.requests() if r["path"].lower().endswith("/rg-aos-prod")]
        self.assertEqual(statuses, [429, 200])
        self.assertGreaterEqual(time.time() - started, 2)


class PersistentError(AzAgainstEmulator):
    scenario = {"faults": [{"method": "GET", "path": r"/resourcegroups/rg-aos-dev$", "times": -1, "status": 403,
                            "body": {"error": {"code": "AuthorizationFailed", "message": "The client does not have authorization to perform action 'Microsoft.Resources/subscriptions/resourcegroups/read'."}}}]}

    def test_a_fault_with_times_minus_one_fires_on_every_call(self):
        for _ in range(2):
            done = self.az("group", "show", "-n", "rg-aos-dev", check=False)
            self.assertNotEqual(done.returncode, 0)
            self.assertIn("AuthorizationFailed", done.stderr)
        self.assertEqual(self.az("group", "show", "-n", "rg-aos-prod").returncode, 0)


class ConnectionDrop(AzAgainstEmulator):
    scenario = {"faults": [{"method": "GET", "path": r"/resourcegroups/rg-aos-staging$", "times": -1, "drop": True}]}

    def test_a_dropped_connection_fails_the_call_with_a_network_error(self):
        done = self.az("group", "show", "-n", "rg-aos-staging", check=False)
        self.assertNotEqual(done.returncode, 0)
        dropped = [r for r in self.runner.emulator.requests() if r.get("status") == "dropped"]
        self.assertGreaterEqual(len(dropped), 1)


class Delay(AzAgainstEmulator):
    scenario = {"faults": [{"method": "GET", "path": r"/resourcegroups/rg-aos-dev$", "delay": 2}]}

    def test_a_delay_fault_holds_the_response(self):
        started = time.time()
        self.az("group", "show", "-n", "rg-aos-dev")
        self.assertGreaterEqual(time.time() - started, 2)
