"""Deployment stacks: the emulator's Microsoft.Resources/deploymentStacks driven over its REST API
(the az here, Debian 12's 2.45, has no `az stack`; the image's az drives it in
tests/runner's StackLifecycle scenario), and a stack environment run with this old az, refused
as configuration before any az call that costs time."""

import json
import os
import ssl
import tempfile
import time
import unittest
import urllib.error
import urllib.request

from harness import E2ETestCase, Emulator

SUB = "/subscriptions/00000000-0000-4000-8000-000000000001"
RG = SUB + "/resourceGroups/rg-aos-dev"
STACKS = "/providers/Microsoft.Resources/deploymentStacks"
API = "api-version=2024-03-01"


def storage(name):
    return {"type": "Microsoft.Storage/storageAccounts", "apiVersion": "2022-09-01", "name": name,
            "location": "eastus", "sku": {"name": "Standard_LRS"}, "kind": "StorageV2", "properties": {}}


def template(*resources, outputs=None, schema="2019-04-01/deploymentTemplate.json#"):
    return {"$schema": "https://schema.management.azure.com/schemas/" + schema,
            "contentVersion": "1.0.0.0", "resources": list(resources), "outputs": outputs or {}}


def stack_body(tmpl, resources="detach", resource_groups="detach", deny="none", location=None):
    body = {"properties": {"template": tmpl, "parameters": {},
                           "actionOnUnmanage": {"resources": resources, "resourceGroups": resource_groups,
                                                "managementGroups": "detach"},
                           "denySettings": {"mode": deny, "excludedPrincipals": [], "excludedActions": [],
                                            "applyToChildScopes": False}}}
    if location:
        body["location"] = location
    return body


class StacksOverRest(unittest.TestCase):
    """The emulator's stacks, as an SDK client drives them: PUT and its Azure-AsyncOperation,
    GET, DELETE with unmanageAction.*, validate."""

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix="bicepgate-stacks-")
        self.emulator = Emulator(self.tmp.name, {"poll_seconds": 0})
        self.context = ssl.create_default_context(cafile=self.emulator.cert)

    def tearDown(self):
        self.emulator.stop()
        self.tmp.cleanup()

    def call(self, method, path, body=None):
        url = self.emulator.base.rstrip("/") + path
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(url, data=data, method=method,
                                         headers={"Content-Type": "application/json",
                                                  "Authorization": "Bearer x"})
        try:
            with urllib.request.urlopen(request, context=self.context, timeout=30) as r:
                text = r.read().decode()
                return r.status, (json.loads(text) if text else None), dict(r.headers)
        except urllib.error.HTTPError as e:
            text = e.read().decode()
            return e.code, (json.loads(text) if text else None), dict(e.headers)

    def put_stack(self, path, body):
        """PUT, then the Azure-AsyncOperation until it ends, as azure-core's ARM poller does;
        returns the operation's last status body."""
        status, created, headers = self.call("PUT", f"{path}?{API}", body)
        self.assertEqual(status, 201, created)
        self.assertEqual(created["properties"]["provisioningState"], "deploying")
        operation = headers["Azure-AsyncOperation"]
        self.assertTrue(operation.startswith(self.emulator.base))
        for _ in range(50):
            status, polled, _ = self.call("GET", "/" + operation[len(self.emulator.base):])
            self.assertEqual(status, 200, polled)
            if polled["status"] != "Running":
                return polled
            time.sleep(0.05)
        self.fail("the stack's operation never ended")

    def exists(self, resource_id):
        return self.call("GET", resource_id + "?api-version=2022-09-01")[0] == 200

    def test_a_missing_stack_is_404_deployment_stack_not_found(self):
        status, body, _ = self.call("GET", f"{RG}{STACKS}/bicepgate-dev?{API}")
        self.assertEqual(status, 404)
        self.assertEqual(body["error"]["code"], "DeploymentStackNotFound")

    def test_create_manages_what_the_template_declares_and_returns_its_outputs(self):
        path = f"{RG}{STACKS}/bicepgate-dev"
        done = self.put_stack(path, stack_body(template(
            storage("sta"), storage("stb"), outputs={"name": {"type": "string", "value": "sta"}}), deny="denyDelete"))
        self.assertEqual(done["status"], "Succeeded")
        status, stack, _ = self.call("GET", f"{path}?{API}")
        self.assertEqual(status, 200)
        props = stack["properties"]
        self.assertEqual(props["provisioningState"], "succeeded")
        self.assertEqual(sorted(r["id"].rsplit("/", 1)[1] for r in props["resources"]), ["sta", "stb"])
        self.assertEqual({r["status"] for r in props["resources"]}, {"managed"})
        self.assertEqual({r["denyStatus"] for r in props["resources"]}, {"denyDelete"})
        self.assertEqual(props["outputs"]["name"]["value"], "sta")
        self.assertIn("/providers/Microsoft.Resources/deployments/bicepgate-dev-", props["deploymentId"])
        self.assertTrue(self.exists(RG + "/providers/Microsoft.Storage/storageAccounts/stb"))

    def test_an_update_deletes_or_detaches_what_the_template_dropped_as_action_on_unmanage_says(self):
        path = f"{RG}{STACKS}/bicepgate-dev"
        stb = RG + "/providers/Microsoft.Storage/storageAccounts/stb"
        stc = RG + "/providers/Microsoft.Storage/storageAccounts/stc"
        self.put_stack(path, stack_body(template(storage("sta"), storage("stb"), storage("stc"))))
        # Dropped with resources: detach: it stays, managed by nothing.
        self.put_stack(path, stack_body(template(storage("sta"), storage("stb"))))
        props = self.call("GET", f"{path}?{API}")[1]["properties"]
        self.assertEqual([r["id"] for r in props["detachedResources"]], [stc])
        self.assertEqual(props["deletedResources"], [])
        self.assertTrue(self.exists(stc))
        # Dropped with resources: delete: it goes.
        self.put_stack(path, stack_body(template(storage("sta")), resources="delete"))
        props = self.call("GET", f"{path}?{API}")[1]["properties"]
        self.assertEqual([r["id"] for r in props["deletedResources"]], [stb])
        self.assertEqual(props["detachedResources"], [])
        self.assertEqual([r["id"].rsplit("/", 1)[1] for r in props["resources"]], ["sta"])
        self.assertFalse(self.exists(stb))
        self.assertTrue(self.exists(stc))  # detached earlier: the stack no longer touches it

    def test_a_failed_deployment_fails_the_stack_and_deletes_nothing(self):
        self.emulator.stop()
        second = os.path.join(self.tmp.name, "failing")
        os.makedirs(second)
        self.emulator = Emulator(second, {"poll_seconds": 0, "deployments": [
            {"name": "bicepgate-dev", "after": 1,
             "error": {"code": "InvalidTemplateDeployment", "message": "The template deployment failed."}}]})
        self.context = ssl.create_default_context(cafile=self.emulator.cert)
        path = f"{RG}{STACKS}/bicepgate-dev"
        self.assertEqual(self.put_stack(path, stack_body(template(storage("sta"), storage("stb"))))["status"],
                         "Succeeded")
        done = self.put_stack(path, stack_body(template(storage("sta")), resources="delete"))
        self.assertEqual(done["status"], "Failed")
        self.assertEqual(done["error"]["code"], "InvalidTemplateDeployment")
        props = self.call("GET", f"{path}?{API}")[1]["properties"]
        self.assertEqual(props["provisioningState"], "failed")
        self.assertEqual(props["deletedResources"], [])
        self.assertTrue(self.exists(RG + "/providers/Microsoft.Storage/storageAccounts/stb"))

    def test_delete_deletes_or_detaches_the_managed_resources_as_its_query_says(self):
        path = f"{RG}{STACKS}/bicepgate-dev"
        sta = RG + "/providers/Microsoft.Storage/storageAccounts/sta"
        self.put_stack(path, stack_body(template(storage("sta"))))
        status, _, _ = self.call("DELETE", f"{path}?{API}&unmanageAction.Resources=detach")
        self.assertEqual(status, 200)
        self.assertEqual(self.call("GET", f"{path}?{API}")[0], 404)
        self.assertTrue(self.exists(sta))
        self.put_stack(path, stack_body(template(storage("sta"))))
        status, _, _ = self.call("DELETE", f"{path}?{API}&unmanageAction.Resources=delete"
                                           "&unmanageAction.ResourceGroups=detach")
        self.assertEqual(status, 200)
        self.assertFalse(self.exists(sta))
        bad = self.call("DELETE", f"{path}?{API}&unmanageAction.Resources=purge")
        self.assertEqual(bad[0], 204)  # the stack is gone: nothing to refuse

    def test_a_subscription_stack_with_delete_all_deletes_the_group_it_dropped(self):
        path = f"{SUB}{STACKS}/bicepgate-platform"
        group = {"type": "Microsoft.Resources/resourceGroups", "apiVersion": "2022-09-01",
                 "name": "rg-extra", "location": "eastus", "properties": {}}
        sub_schema = "2018-05-01/subscriptionDeploymentTemplate.json#"
        self.put_stack(path, stack_body(template(group, schema=sub_schema), location="eastus"))
        self.assertEqual(self.call("GET", f"{SUB}/resourcegroups/rg-extra?api-version=2022-09-01")[0], 200)
        self.put_stack(path, stack_body(template(schema=sub_schema), resources="delete",
                                        resource_groups="delete", location="eastus"))
        props = self.call("GET", f"{path}?{API}")[1]["properties"]
        self.assertEqual([r["id"] for r in props["deletedResources"]], [f"{SUB}/resourceGroups/rg-extra"])
        self.assertEqual(self.call("GET", f"{SUB}/resourcegroups/rg-extra?api-version=2022-09-01")[0], 404)

    def test_validate_expands_the_template_and_reports_its_resources(self):
        path = f"{RG}{STACKS}/bicepgate-dev/validate?{API}"
        status, body, _ = self.call("POST", path, stack_body(template(storage("sta"))))
        self.assertEqual(status, 200, body)
        self.assertEqual([r["id"].rsplit("/", 1)[1] for r in body["properties"]["validatedResources"]], ["sta"])
        bad = stack_body(template(storage("[pickZones('Microsoft.Compute', 'virtualMachines', 'eastus')[0]]")))
        status, body, _ = self.call("POST", path, bad)
        self.assertEqual(status, 400)
        self.assertEqual(body["error"]["code"], "InvalidTemplate")

    def test_a_stack_without_action_on_unmanage_or_deny_mode_is_refused(self):
        body = stack_body(template(storage("sta")))
        del body["properties"]["actionOnUnmanage"]
        status, answer, _ = self.call("PUT", f"{RG}{STACKS}/bicepgate-dev?{API}", body)
        self.assertEqual(status, 400)
        self.assertIn("actionOnUnmanage", answer["error"]["message"])
        body = stack_body(template(storage("sta")), deny="readOnly")
        status, answer, _ = self.call("PUT", f"{RG}{STACKS}/bicepgate-dev?{API}", body)
        self.assertEqual(status, 400)
        self.assertIn("denySettings.mode", answer["error"]["message"])


STACK_CONFIG = """environments:
  dev:
    resource-group: rg-aos-dev
    location: eastus
    template: bicep/main.bicep
    parameters: bicep/parameters/dev.parameters.json
    type: stack
    action-on-unmanage: deleteResources
routes:
  - event: push
    branch: main
    environment: dev
"""


class StackOnAnOldAz(E2ETestCase):
    def test_an_az_older_than_2_61_refuses_a_stack_environment_before_any_az_deployment_call(self):
        self.runner.write(".github/bicepgate.yml", STACK_CONFIG)
        result = self.runner.run(event="push", ref="refs/heads/main")
        self.assertEqual(result.code, 1, result)
        self.assertEqual(result.outputs["state"], "failed")
        self.assertEqual(result.outputs["failure-class"], "configuration")
        self.assertEqual(result.outputs["failure-code"], "az.version")
        errors = result.annotations("error")
        self.assertTrue(any("environment 'dev' is a deployment stack (type: stack), which needs azure-cli 2.61.0"
                            in e and "this az is 2.45" in e for e in errors), errors)
        self.assertEqual([c for c in result.az_calls if "deployment" in c or "stack" in c], [])
        self.assertEqual(self.deployments_created(), [])
        with open(result.file("audit-record"), encoding="utf-8") as f:
            record = json.load(f)
        self.assertEqual(record["details"]["type"], "stack")

    def test_a_stack_key_without_type_stack_is_a_config_error_naming_it(self):
        self.runner.write(".github/bicepgate.yml", STACK_CONFIG.replace("    type: stack\n", ""))
        result = self.runner.run(event="push", ref="refs/heads/main")
        self.assertEqual(result.code, 1, result)
        errors = result.annotations("error")
        self.assertTrue(any("'action-on-unmanage' of environment 'dev' applies to deployment stacks only" in e
                            for e in errors), errors)
        self.assertEqual(result.az_calls, [])


if __name__ == "__main__":
    unittest.main()
