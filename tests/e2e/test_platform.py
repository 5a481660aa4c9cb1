"""The sample platform (bicep/main-modular.bicep and its modules) deployed per environment from
its .bicepparam files through the real az and the emulator: the per-environment SKUs, the
naming conventions, the tags, the outputs, and the deploymentWarnings of a region without the
premium capabilities."""

import json
import os
import re
import sys
import unittest

from harness import ROOT, E2ETestCase

sys.path.insert(0, os.path.join(ROOT, "tests", "emulator"))
from arm_expressions import Evaluator  # noqa: E402

CONFIG = """
environments:
  dev:
    resource-group: rg-aos-dev
    template: bicep/main-modular.bicep
    parameters: bicep/parameters/dev.bicepparam
  staging:
    resource-group: rg-aos-staging
    template: bicep/main-modular.bicep
    parameters: bicep/parameters/staging.bicepparam
  prod:
    resource-group: rg-aos-prod
    template: bicep/main-modular.bicep
    parameters: bicep/parameters/prod.bicepparam
    production: true
routes:
  - event: push
    branch: develop
    environment: dev
  - event: push
    branch: main
    environment: prod
"""


class Platform(E2ETestCase):
    files = {".github/bicepgate.yml": CONFIG}

    def deploy(self, environment, ref, **inputs):
        result = self.runner.run(event="push", ref=ref, inputs=dict(environment=environment, **inputs))
        self.assertEqual(result.code, 0, result)
        return result

    def resources(self, group):
        done = self.runner.az_json("resource", "list", "-g", group)
        return {r["type"]: r for r in done}

    def test_dev_gets_consumption_lrs_and_standard_with_the_naming_conventions(self):
        result = self.deploy("dev", "refs/heads/develop")
        outputs = json.loads(result.outputs["outputs"])
        self.assertRegex(outputs["keyVaultName"], r"^kv-aos-dev-[a-z2-7]{6}$")
        self.assertRegex(outputs["storageAccountName"], r"^staosdev[a-z2-7]{6}$")
        self.assertRegex(outputs["functionAppName"], r"^func-aos-dev-[a-z2-7]{6}$")
        self.assertEqual(outputs["functionAppHostName"], outputs["functionAppName"] + ".azurewebsites.net")
        self.assertEqual(outputs["resourceGroupName"], "rg-aos-dev")
        self.assertEqual(outputs["deploymentWarnings"], {"azureMLDisabledDueToRegion": False,
                                                         "functionSkuDowngradedDueToRegion": False,
                                                         "serviceBusSkuDowngradedDueToRegion": False})
        found = self.resources("rg-aos-dev")
        self.assertEqual(len(found), 9, sorted(found))
        self.assertEqual(found["Microsoft.Web/serverfarms"]["sku"]["name"], "Y1")
        self.assertEqual(found["Microsoft.Storage/storageAccounts"]["sku"]["name"], "Standard_LRS")
        self.assertEqual(found["Microsoft.ServiceBus/namespaces"]["sku"]["name"], "Standard")
        self.assertEqual(found["Microsoft.OperationalInsights/workspaces"]["name"], "log-aos-dev")
        for resource in found.values():
            if resource["type"] != "Microsoft.ServiceBus/namespaces/queues":
                self.assertEqual(resource["tags"]["environment"], "dev", resource["type"])
                self.assertEqual(resource["tags"]["managedBy"], "bicepgate")
        # 9 resources and the function app's two data roles on its storage account.
        self.assertIn("**What-if:** Create 11", result.summary)
        self.assertNotIn("Regional warnings", result.summary)
        self.assert_function_app_runs_on_its_identity(found, "functionapp")

    def test_prod_gets_premium_grs_and_purge_protection(self):
        result = self.deploy("prod", "refs/heads/main")
        found = self.resources("rg-aos-prod")
        plan = found["Microsoft.Web/serverfarms"]
        self.assertEqual((plan["sku"]["name"], plan["sku"]["tier"]), ("EP2", "ElasticPremium"))
        self.assertEqual(found["Microsoft.ServiceBus/namespaces"]["sku"]["name"], "Premium")
        self.assertEqual(found["Microsoft.Storage/storageAccounts"]["sku"]["name"], "Standard_GRS")
        vault = self.runner.az_json("resource", "show", "--ids", found["Microsoft.KeyVault/vaults"]["id"])
        self.assertTrue(vault["properties"]["enablePurgeProtection"])
        self.assertEqual(found["Microsoft.KeyVault/vaults"]["tags"]["criticality"], "high")
        self.assertEqual(json.loads(result.outputs["what-if"]), {"Create": 11})
        self.assert_function_app_runs_on_its_identity(found, "elastic")

    def assert_function_app_runs_on_its_identity(self, found, plan_kind):
        """What the Functions docs ask of a Linux app on Consumption or Elastic Premium: a
        managed identity with the blob and queue data roles on AzureWebJobsStorage, the worker
        runtime, the App Insights connection string, and the content share settings."""
        self.assertEqual(found["Microsoft.Web/serverfarms"]["kind"], plan_kind)
        app = self.runner.az_json("resource", "show", "--ids", found["Microsoft.Web/sites"]["id"])
        self.assertEqual(app["identity"]["type"], "SystemAssigned")
        settings = {s["name"]: s["value"] for s in app["properties"]["siteConfig"]["appSettings"]}
        storage = found["Microsoft.Storage/storageAccounts"]
        self.assertEqual(settings["AzureWebJobsStorage__accountName"], storage["name"])
        self.assertEqual(settings["FUNCTIONS_WORKER_RUNTIME"], "python")
        self.assertTrue(settings["APPLICATIONINSIGHTS_CONNECTION_STRING"].startswith("InstrumentationKey="))
        self.assertIn(f"AccountName={storage['name']};", settings["WEBSITE_CONTENTAZUREFILECONNECTIONSTRING"])
        self.assertEqual(settings["WEBSITE_CONTENTSHARE"], app["name"])
        self.assertNotIn("APPINSIGHTS_NAME", settings)
        roles = {"b7e6dc6d-f1e8-4753-8033-0f276bb0955b", "974c5e8b-45b9-4653-ba55-5f855dd0fb88"}
        # Role assignments are in no resource list: read each by the id its guid() name gives.
        assignments = [self.runner.az_json("resource", "show", "--ids", f"{storage['id']}/providers/"
                                           f"Microsoft.Authorization/roleAssignments/"
                                           f"{Evaluator.fn_guid(None, storage['id'], app['id'], role)}")
                       for role in roles]
        self.assertEqual({a["properties"]["roleDefinitionId"].rsplit("/", 1)[1] for a in assignments}, roles,
                         assignments)
        for assignment in assignments:
            self.assertEqual(assignment["properties"]["principalId"], app["identity"]["principalId"])

    def test_a_region_without_premium_falls_back_and_says_so(self):
        result = self.deploy("staging", "refs/heads/main", **{"parameter-overrides": "location=westus3"})
        found = self.resources("rg-aos-staging")
        self.assertEqual(found["Microsoft.Web/serverfarms"]["sku"]["name"], "Y1")
        self.assertEqual(found["Microsoft.Web/serverfarms"]["location"], "westus3")
        warnings = result.annotations("warning")
        for flag in ("azureMLDisabledDueToRegion", "functionSkuDowngradedDueToRegion"):
            self.assertTrue(any(f"the template reports {flag}" in w for w in warnings), warnings)
        self.assertFalse(any("serviceBusSkuDowngradedDueToRegion" in w for w in warnings))
        self.assertIn("functionSkuDowngradedDueToRegion", result.summary)
        with open(result.file("audit-record"), encoding="utf-8") as f:
            record = json.load(f)
        self.assertIn("the template reports functionSkuDowngradedDueToRegion", record["details"]["region_warnings"])


if __name__ == "__main__":
    unittest.main()
