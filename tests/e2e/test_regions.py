"""Regional validation: a Service Bus Premium namespace aimed at a region data/regions.yml does
not list is checked against `az provider show`, warned about in the annotations, the summary
and the audit record; with auto-region the deployment moves to the first tier-1 region."""

import json
import unittest

from harness import E2ETestCase

ARM = {"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
       "contentVersion": "1.0.0.0",
       "parameters": {"location": {"type": "string", "defaultValue": "[resourceGroup().location]"},
                      "serviceBusSku": {"type": "string", "defaultValue": "Standard"},
                      "enableAzureML": {"type": "bool", "defaultValue": False}},
       "resources": [
           {"type": "Microsoft.ServiceBus/namespaces", "apiVersion": "2022-10-01-preview", "name": "sb-aos-dev",
            "location": "[parameters('location')]",
            "sku": {"name": "[parameters('serviceBusSku')]", "tier": "[parameters('serviceBusSku')]"}},
           {"condition": "[parameters('enableAzureML')]", "type": "Microsoft.MachineLearningServices/workspaces",
            "apiVersion": "2023-04-01", "name": "mlw-aos-dev", "location": "[parameters('location')]"}]}
PARAMETERS = {"parameters": {"location": {"value": "brazilsoutheast"}, "serviceBusSku": {"value": "Premium"}}}
CONFIG = """
environments:
  dev:
    resource-group: rg-aos-dev
    template: infra/platform.json
    parameters: infra/dev.parameters.json
routes:
  - event: push
    branch: develop
    environment: dev
"""


class RegionCase(E2ETestCase):
    files = {"infra/platform.json": json.dumps(ARM), "infra/dev.parameters.json": json.dumps(PARAMETERS),
             ".github/bicepgate.yml": CONFIG}
    scenario = {"providers": {"Microsoft.ServiceBus": {"namespaces": ["East US", "West Europe"]}}}

    def audit_record(self, result):
        with open(result.file("audit-record"), encoding="utf-8") as f:
            return json.load(f)


class Warned(RegionCase):
    def test_a_missing_capability_is_warned_before_deploying_and_recorded(self):
        result = self.runner.run(event="push", ref="refs/heads/develop")
        self.assertEqual(result.code, 0, result)
        expected = ("Microsoft.ServiceBus/namespaces sb-aos-dev needs Service Bus Premium namespaces, which "
                    "brazilsoutheast does not offer (az provider show lists 2 other regions)")
        warnings = result.annotations("warning")
        self.assertTrue(any(expected in w for w in warnings), warnings)
        self.assertEqual(len([w for w in warnings if "region" in w]), 1)  # ML is disabled: no warning for it
        self.assertIn("### Regional warnings", result.summary)
        self.assertIn("serviceBusSkuDowngradedDueToRegion", result.summary)
        self.assertTrue(any(expected in w for w in self.audit_record(result)["details"]["region_warnings"]))
        self.assertIn(["provider", "show", "--namespace", "Microsoft.ServiceBus", "--output", "json"],
                      result.az_calls)
        self.assertEqual(len(self.deployments_created()), 1)

    def test_a_region_in_the_data_file_needs_no_az_call(self):
        result = self.runner.run(event="push", ref="refs/heads/develop",
                                 inputs={"parameter-overrides": "location=westeurope"})
        self.assertEqual(result.code, 0, result)
        self.assertNotIn("Regional warnings", result.summary)
        self.assertFalse(any(c[:2] == ["provider", "show"] for c in result.az_calls))


class AutoRegion(RegionCase):
    def test_auto_region_moves_the_deployment_to_the_first_tier1_region(self):
        result = self.runner.run(event="push", ref="refs/heads/develop", inputs={"auto-region": "true"})
        self.assertEqual(result.code, 0, result)
        self.assertIn("auto-region: deploying to eastus instead of brazilsoutheast, which lacks "
                      "Service Bus Premium namespaces", result.summary)
        self.assertNotIn("does not offer", result.summary)
        created = [r for r in result.az_calls if r[:3] == ["deployment", "group", "create"]][0]
        self.assertIn("location=eastus", created)
        self.assertIn("auto-region", self.audit_record(result)["details"]["region_warnings"][0])


if __name__ == "__main__":
    unittest.main()
