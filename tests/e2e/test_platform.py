"""The sample platform (bicep/main-modular.bicep and its modules) deployed per environment from
its .bicepparam files through the real az and the emulator: the per-environment SKUs, the
naming conventions, the tags, the outputs, and the deploymentWarnings of a region without the
premium capabilities."""

import json
import re
import unittest

from harness import E2ETestCase

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
        self.assertIn("**What-if:** Create 9", result.summary)
        self.assertNotIn("Regional warnings", result.summary)

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
        self.assertEqual(json.loads(result.outputs["what-if"]), {"Create": 9})

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
        with open(result.outputs["audit-record"], encoding="utf-8") as f:
            record = json.load(f)
        self.assertIn("the template reports functionSkuDowngradedDueToRegion", record["details"]["region_warnings"])


if __name__ == "__main__":
    unittest.main()
