"""Management-group and tenant scope through the real az and the emulator: the template's
targetScope picks `az deployment mg|tenant`, with what-if, history, skip-unchanged, the gate,
health and the audit record as at the other scopes; a management-group template without a
group is a configuration failure that names the input."""

import json
import unittest

from harness import E2ETestCase

MG_ROOT = "/providers/Microsoft.Management/managementGroups/mg-platform"

# A landing-zone policy: a definition and its assignment at the management group.
POLICY = """targetScope = 'managementGroup'

param location string = deployment().location
param allowedLocations array = [
  'westeurope'
  'northeurope'
]

resource allowedDef 'Microsoft.Authorization/policyDefinitions@2023-04-01' = {
  name: 'allowed-locations'
  properties: {
    policyType: 'Custom'
    mode: 'Indexed'
    displayName: 'Allowed locations'
    parameters: {
      listOfAllowedLocations: {
        type: 'Array'
      }
    }
    policyRule: {
      if: {
        not: {
          field: 'location'
          in: '[parameters(\\'listOfAllowedLocations\\')]'
        }
      }
      then: {
        effect: 'deny'
      }
    }
  }
}
"""
ASSIGNMENT = """
resource allowedAssignment 'Microsoft.Authorization/policyAssignments@2024-04-01' = {
  name: 'allowed-locations'
  location: location
  properties: {
    displayName: 'Allowed locations'
    policyDefinitionId: allowedDef.id
    parameters: {
      listOfAllowedLocations: {
        value: allowedLocations
      }
    }
  }
}
"""
OUTPUTS = """
output policyDefinitionId string = allowedDef.id
output managementGroupName string = managementGroup().name
"""

PLATFORM_CONFIG = """
environments:
  platform:
    scope: managementGroup
    management-group: mg-platform
    location: westeurope
    template: bicep/policy.bicep
    unmanaged-policy: block
routes:
  - event: push
    branch: main
    environment: platform
"""


class ManagementGroup(E2ETestCase):
    files = {"bicep/policy.bicep": POLICY + ASSIGNMENT + OUTPUTS, ".github/bicepgate.yml": PLATFORM_CONFIG}

    def test_a_management_group_template_deploys_with_az_deployment_mg(self):
        result = self.runner.run(event="push", ref="refs/heads/main")
        self.assertEqual(result.code, 0, result)
        self.assertEqual([c[:3] for c in result.az_calls[1:4]],
                         [["deployment", "mg", "list"], ["deployment", "mg", "what-if"],
                          ["deployment", "mg", "create"]])
        for call in result.az_calls[1:4]:
            self.assertEqual(call[call.index("--management-group-id") + 1], "mg-platform", call)
        create = result.az_calls[3]
        self.assertEqual(create[create.index("--location") + 1], "westeurope")
        self.assertNotIn("--mode", create)
        outputs = json.loads(result.outputs["outputs"])
        self.assertEqual(outputs["policyDefinitionId"],
                         MG_ROOT + "/providers/Microsoft.Authorization/policyDefinitions/allowed-locations")
        self.assertEqual(outputs["managementGroupName"], "mg-platform")
        puts = [r["path"] for r in self.deployments_created()]
        self.assertTrue(puts[0].startswith(MG_ROOT + "/providers/Microsoft.Resources/deployments/"), puts)
        self.assertIn("| Management group | mg-platform, westeurope |", result.summary)
        # Above any subscription: no resource list holds them, and no az resource list is spent.
        self.assertNotIn(["resource", "list"], [c[:2] for c in result.az_calls])
        self.assertIn("allowed-locations", result.summary)
        with open(result.file("audit-record"), encoding="utf-8") as f:
            details = json.load(f)["details"]
        self.assertEqual((details["scope"], details["management_group"]), ("managementGroup", "mg-platform"))

        again = self.runner.run(event="push", ref="refs/heads/main")
        self.assertEqual(again.outputs["state"], "skipped", again)
        # A drift check reads the deployment back at the same management group.
        clean = self.runner.run(event="push", ref="refs/heads/main", inputs={"drift": "true"})
        self.assertEqual(clean.outputs["drift"], "false", clean)
        reads = [c for c in clean.az_calls if c[:3] in (["deployment", "mg", "show"], ["deployment", "mg", "export"])]
        self.assertEqual(len(reads), 2, clean.az_calls)
        self.assertTrue(all("mg-platform" in c for c in reads), reads)

        # The assignment dropped: Incremental mode would leave it running; unmanaged-policy block
        # stops the run before anything is deployed, naming it.
        self.runner.write("bicep/policy.bicep", POLICY + "\noutput policyDefinitionId string = allowedDef.id\n")
        dropped = self.runner.run(event="push", ref="refs/heads/main")
        self.assertNotEqual(dropped.code, 0, dropped)
        self.assertIn("Microsoft.Authorization/policyAssignments allowed-locations", dropped.summary)
        self.assertEqual([c for c in dropped.az_calls if c[:3] == ["deployment", "mg", "create"]], [])

    def test_a_management_group_template_without_a_group_names_the_input(self):
        self.runner.write(".github/bicepgate.yml", """
environments:
  platform:
    resource-group: rg-platform
    location: westeurope
    template: bicep/policy.bicep
routes:
  - event: push
    branch: main
    environment: platform
""")
        result = self.runner.run(event="push", ref="refs/heads/main")
        self.assertEqual(result.code, 1, result)
        self.assertEqual(result.outputs["failure-class"], "configuration", result)
        self.assertIn("management-group-id", result.stdout)
        self.assertEqual([c for c in result.az_calls if c[:2] == ["deployment", "mg"]], [])

        named = self.runner.run(event="push", ref="refs/heads/main",
                                inputs={"management-group-id": "mg-platform"})
        self.assertEqual(named.code, 0, named)
        self.assertIn(["deployment", "mg", "create"], [c[:3] for c in named.az_calls])


class LaptopManagementGroup(E2ETestCase):
    files = {"bicep/policy.bicep": POLICY + ASSIGNMENT + OUTPUTS}

    def test_bicepgate_deploy_takes_a_management_group_instead_of_a_resource_group(self):
        result = self.runner.bicepgate("deploy", "-m", "mg-platform", "-l", "westeurope",
                                       "-t", "bicep/policy.bicep", "--environment", "platform")
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        puts = [r["path"] for r in self.deployments_created()]
        self.assertTrue(puts and puts[0].startswith(MG_ROOT + "/providers/Microsoft.Resources/deployments/"), puts)
        # Without one, the flag is named, not the action's input.
        unnamed = self.runner.bicepgate("deploy", "-l", "westeurope", "-t", "bicep/policy.bicep",
                                        "--environment", "platform2")
        self.assertNotEqual(unnamed.returncode, 0)
        self.assertIn("-m/--management-group-id", unnamed.stderr + unnamed.stdout)
        self.assertNotIn("input 'management-group-id'", unnamed.stderr + unnamed.stdout)


TENANT = """targetScope = 'tenant'

param parentId string = 'mg-root'

resource platform 'Microsoft.Management/managementGroups@2023-04-01' = {
  name: 'mg-platform'
  properties: {
    displayName: 'Platform'
    details: {
      parent: {
        id: tenantResourceId('Microsoft.Management/managementGroups', parentId)
      }
    }
  }
}

output managementGroupId string = platform.id
"""


class Tenant(E2ETestCase):
    files = {"bicep/tenant.bicep": TENANT, ".github/bicepgate.yml": """
environments:
  tenant-root:
    scope: tenant
    location: westeurope
    template: bicep/tenant.bicep
routes:
  - event: push
    branch: main
    environment: tenant-root
"""}

    def test_a_tenant_template_deploys_with_az_deployment_tenant(self):
        result = self.runner.run(event="push", ref="refs/heads/main")
        self.assertEqual(result.code, 0, result)
        self.assertEqual([c[:3] for c in result.az_calls[1:4]],
                         [["deployment", "tenant", "list"], ["deployment", "tenant", "what-if"],
                          ["deployment", "tenant", "create"]])
        self.assertNotIn("--management-group-id", result.az_calls[3])
        self.assertNotIn("--resource-group", result.az_calls[3])
        self.assertEqual(json.loads(result.outputs["outputs"])["managementGroupId"],
                         "/providers/Microsoft.Management/managementGroups/mg-platform")
        puts = [r["path"] for r in self.deployments_created()]
        self.assertTrue(puts[0].startswith("/providers/Microsoft.Resources/deployments/bicepgate-tenant-root-"), puts)
        self.assertIn("| Scope | tenant, westeurope |", result.summary)
        again = self.runner.run(event="push", ref="refs/heads/main")
        self.assertEqual(again.outputs["state"], "skipped", again)


if __name__ == "__main__":
    unittest.main()
