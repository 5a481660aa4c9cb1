"""A new environment's resource group: created by a deploying run when create-resource-group
allows it, never for production by default, never by a run that only plans; a group that exists
costs no extra az call."""

import unittest

from harness import E2ETestCase, pull_request_payload

NO_GROUPS = {"resource_groups": [{"name": "rg-aos-prod", "location": "eastus"}]}


class MissingGroup(E2ETestCase):
    scenario = NO_GROUPS

    def test_a_push_to_develop_creates_the_missing_dev_group_then_deploys(self):
        result = self.runner.run(event="push", ref="refs/heads/develop")
        self.assertEqual(result.code, 0, result)
        self.assertEqual(result.outputs["state"], "completed")
        creates = [c for c in result.az_calls if c[:2] == ["group", "create"]]
        self.assertEqual(len(creates), 1, result.az_calls)
        self.assertIn("rg-aos-dev", creates[0])
        self.assertIn("eastus", creates[0])
        group = self.runner.az_json("group", "show", "--name", "rg-aos-dev")
        self.assertEqual(group["tags"], {"created-by": "bicepgate"})

    def test_off_it_stops_with_the_command_to_run(self):
        result = self.runner.run(event="push", ref="refs/heads/develop",
                                 inputs={"create-resource-group": "false"})
        self.assertEqual(result.code, 1, result)
        self.assertEqual(result.outputs["failure-class"], "configuration")
        self.assertEqual(result.outputs["failure-code"], "ResourceGroupNotFound")
        self.assertIn("az group create --name rg-aos-dev --location eastus", result.summary)
        self.assertFalse([c for c in result.az_calls if c[:2] == ["group", "create"]])
        self.assertFalse(result.outputs.get("fix-request"))

    def test_a_pull_request_plan_never_creates_one(self):
        result = self.runner.run(event="pull_request", ref="refs/pull/7/merge", payload=pull_request_payload())
        self.assertEqual(result.code, 1, result)
        self.assertEqual(result.outputs["failure-code"], "ResourceGroupNotFound")
        self.assertIn("only plans", result.summary)
        self.assertFalse([c for c in result.az_calls if c[:2] == ["group", "create"]])

    def test_a_typo_in_the_input_is_named_with_a_suggestion(self):
        result = self.runner.run(event="push", ref="refs/heads/develop",
                                 inputs={"create-resource-group": "non-prodution"})
        self.assertEqual(result.code, 1, result)
        self.assertIn("did you mean 'non-production'?", result.stdout)


class MissingProductionGroup(E2ETestCase):
    scenario = {"resource_groups": []}

    def test_production_is_not_created_unless_asked(self):
        result = self.runner.run(event="push", ref="refs/heads/main")
        self.assertEqual(result.code, 1, result)
        self.assertEqual(result.outputs["failure-code"], "ResourceGroupNotFound")
        self.assertIn("is production", result.summary)
        asked = self.runner.run(event="push", ref="refs/heads/main", inputs={"create-resource-group": "true"})
        self.assertEqual(asked.code, 0, asked)
        self.assertEqual(asked.outputs["state"], "completed")


class ExistingGroup(E2ETestCase):
    def test_an_existing_group_costs_no_extra_az_call(self):
        result = self.runner.run(event="push", ref="refs/heads/main")
        self.assertEqual(result.code, 0, result)
        self.assertFalse([c for c in result.az_calls if c[0] == "group"], result.az_calls)


if __name__ == "__main__":
    unittest.main()
