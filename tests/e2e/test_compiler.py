"""The real Bicep CLI's outcomes through lint and on to the emulator: each kind of error stops
the run with an annotation at the line the compiler names; warnings pass where the environment
lets them and stop it where warnings-as-errors says so; a bicepconfig.json can raise a linter
rule to an error; what the compiler emits for user-defined types (languageVersion 2.0, symbolic
names, `existing` resources) deploys. Fixtures: tests/fixtures/bicep/."""

import json
import unittest

from harness import E2ETestCase

SUB = "/subscriptions/00000000-0000-4000-8000-000000000001"


def config(template, parameters="", dev_extra="", prod_extra=""):
    """dev on develop, prod on main, both deploying `template`."""
    def environment(name, extra):
        lines = [f"  {name}:", f"    resource-group: rg-aos-{name}", f"    template: {template}"]
        if parameters:
            lines.append(f"    parameters: {parameters}")
        lines += [f"    {line}" for line in extra.splitlines() if line]
        return "\n".join(lines)
    return ("environments:\n" + environment("dev", dev_extra) + "\n" + environment("prod", prod_extra) + "\n"
            "routes:\n  - event: push\n    branch: develop\n    environment: dev\n"
            "  - event: push\n    branch: main\n    environment: prod\n")


class CompilerErrors(E2ETestCase):
    # fixture (under tests/fixtures/bicep/), the file the error is in, its code, line and column,
    # as Bicep 0.49 reports them.
    CASES = [
        ("errors/top-level-property.bicep", None, "BCP037", 11, 3),
        ("errors/near-miss-name.bicep", None, "BCP089", 6, 3),
        ("errors/unknown-symbol.bicep", None, "BCP057", 4, 13),
        ("errors/missing-parameter.bicep", None, "BCP035", 4, 3),
        ("errors/type-mismatch.bicep", None, "BCP033", 2, 27),
        ("errors/params/account.bicep", "errors/params/missing.bicepparam", "BCP258", 2, 7),
        ("raised/main.bicep", None, "no-unused-params", 3, 7),
    ]

    def test_each_error_stops_dev_at_lint_with_its_line_and_a_fix_request(self):
        for folder in ("errors", "raised"):
            self.runner.copy_fixture(f"bicep/{folder}", f"bicep/{folder}")
        for template, parameters, code, line, column in self.CASES:
            with self.subTest(template=template):
                self.runner.write(".github/bicepgate.yml", config(
                    f"bicep/{template}", f"bicep/{parameters}" if parameters else ""))
                result = self.runner.run(event="push", ref="refs/heads/develop")
                self.assertEqual(result.code, 1, result)
                self.assertEqual(result.outputs["failure-class"], "logic", result)
                self.assertEqual(result.outputs["failure-code"], code, result)
                where = f"bicep/{parameters or template}"
                errors = result.annotations("error")
                self.assertTrue(any(f"file={where},line={line},col={column}" in a and code in a for a in errors),
                                result)
                with open(result.file("fix-request"), encoding="utf-8") as f:
                    request = json.load(f)
                self.assertEqual((request["errors"][0]["code"], request["errors"][0]["file"],
                                  request["errors"][0]["line"]), (code, where, line))
                self.assertEqual(result.az_calls[1:], [], "nothing but az version runs after a compiler error")

    def test_the_near_miss_error_keeps_the_compilers_suggestion(self):
        self.runner.copy_fixture("bicep/errors/near-miss-name.bicep", "bicep/near-miss.bicep")
        self.runner.write(".github/bicepgate.yml", config("bicep/near-miss.bicep"))
        result = self.runner.run(event="push", ref="refs/heads/develop")
        self.assertEqual(result.code, 1, result)
        with open(result.file("fix-request"), encoding="utf-8") as f:
            request = json.load(f)
        self.assertEqual(request["errors"][0]["code"], "BCP089")
        self.assertIn('Did you mean "location"?', request["errors"][0]["message"])
        # Bicep also warns that the required location is missing: annotated, after the error.
        self.assertTrue(any("BCP035" in a and "line=4,col=10" in a for a in result.annotations("warning")), result)


class CompilerWarnings(E2ETestCase):
    """An unknown property inside `properties:` is only a warning (BCP037, or BCP089 for a near
    miss) and the compiler exits 0: dev deploys and annotates; prod's default
    warnings-as-errors stops it before what-if."""

    files = {".github/bicepgate.yml": config("bicep/typo.bicep")}

    def setUp(self):
        super().setUp()
        self.runner.copy_fixture("bicep/warnings/property-inside-properties.bicep", "bicep/typo.bicep")

    def test_dev_deploys_with_the_warnings_annotated_at_their_lines(self):
        result = self.runner.run(event="push", ref="refs/heads/develop")
        self.assertEqual(result.code, 0, result)
        warnings = result.annotations("warning")
        self.assertTrue(any("BCP089" in a and "file=bicep/typo.bicep,line=14,col=5" in a for a in warnings), result)
        self.assertTrue(any("BCP037" in a and "file=bicep/typo.bicep,line=15,col=5" in a for a in warnings), result)
        self.assertEqual(len(self.deployments_created()), 1)

    def test_prod_stops_at_lint_by_default(self):
        result = self.runner.run(event="push", ref="refs/heads/main")
        self.assertEqual(result.code, 1, result)
        self.assertEqual(result.outputs["failure-class"], "logic")
        self.assertIn("warnings-as-errors", result.stdout + result.stderr)
        # The first warning that fails lint is the failure's code.
        self.assertEqual(result.outputs["failure-code"], "BCP089", result)
        with open(result.file("fix-request"), encoding="utf-8") as f:
            request = json.load(f)
        self.assertEqual({e["code"] for e in request["errors"]}, {"BCP089", "BCP037"})
        self.assertEqual(self.deployments_created(), [])

    def test_a_list_of_codes_fails_only_on_those(self):
        self.runner.write(".github/bicepgate.yml", config(
            "bicep/typo.bicep", dev_extra="warnings-as-errors: [BCP081]"))
        passed = self.runner.run(event="push", ref="refs/heads/develop")
        self.assertEqual(passed.code, 0, passed)
        self.runner.write(".github/bicepgate.yml", config(
            "bicep/typo.bicep", dev_extra="warnings-as-errors: [BCP037]"))
        stopped = self.runner.run(event="push", ref="refs/heads/develop")
        self.assertEqual(stopped.code, 1, stopped)
        with open(stopped.file("fix-request"), encoding="utf-8") as f:
            self.assertEqual([e["code"] for e in json.load(f)["errors"]], ["BCP037"])

    def test_prod_can_let_warnings_through_by_config(self):
        self.runner.write(".github/bicepgate.yml", config(
            "bicep/typo.bicep", prod_extra="warnings-as-errors: false"))
        result = self.runner.run(event="push", ref="refs/heads/main")
        self.assertEqual(result.code, 0, result)
        self.assertGreaterEqual(len(result.annotations("warning")), 2, result)


class OtherWarnings(E2ETestCase):
    def test_an_unknown_resource_type_and_a_secret_output_are_warnings_prod_refuses(self):
        self.runner.copy_fixture("bicep/warnings", "bicep/warnings")
        for template, code, line in (("unknown-type.bicep", "BCP081", 4),
                                     ("secret-output.bicep", "outputs-should-not-contain-secrets", 13)):
            with self.subTest(template=template):
                self.runner.write(".github/bicepgate.yml", config(f"bicep/warnings/{template}"))
                result = self.runner.run(event="push", ref="refs/heads/main")
                self.assertEqual(result.code, 1, result)
                with open(result.file("fix-request"), encoding="utf-8") as f:
                    first = json.load(f)["errors"][0]
                self.assertEqual((first["code"], first["line"]), (code, line))


class SymbolicNames(E2ETestCase):
    """A user-defined type: Bicep emits languageVersion 2.0, resources keyed by symbolic name,
    the `existing` vault in the template and reference('vault') for its properties."""

    VAULT = {"id": f"{SUB}/resourceGroups/rg-aos-dev/providers/Microsoft.KeyVault/vaults/kv-shared-001",
             "name": "kv-shared-001", "type": "Microsoft.KeyVault/vaults", "location": "eastus",
             "properties": {"vaultUri": "https://kv-shared-001.vault.azure.net/", "provisioningState": "Succeeded"}}
    scenario = {"resources": [VAULT]}
    files = {".github/bicepgate.yml": config("bicep/symbolic/main.bicep", "bicep/symbolic/dev.parameters.json"),
             "bicep/symbolic/dev.parameters.json": json.dumps({"parameters": {
                 "storage": {"value": {"name": "stsymbolicdev01", "sku": "Standard_LRS"}}}})}

    def test_a_language_version_2_template_deploys_and_reads_the_existing_vault(self):
        self.runner.copy_fixture("bicep/symbolic/main.bicep", "bicep/symbolic/main.bicep")
        result = self.runner.run(event="push", ref="refs/heads/develop")
        self.assertEqual(result.code, 0, result)
        outputs = json.loads(result.outputs["outputs"])
        self.assertEqual(outputs["vaultUri"], "https://kv-shared-001.vault.azure.net/")
        self.assertEqual(outputs["tlsVersion"], "TLS1_2")
        self.assertTrue(outputs["accountId"].endswith("/storageAccounts/stsymbolicdev01"))
        container = self.runner.az_json("resource", "show", "--ids", outputs["accountId"] +
                                        "/blobServices/default/containers/deployments")
        self.assertEqual(container["name"], "stsymbolicdev01/default/deployments")
        puts = [r["path"] for r in self.runner.emulator.requests() if r["method"] == "PUT"]
        self.assertFalse(any("Microsoft.KeyVault" in p for p in puts), puts)


if __name__ == "__main__":
    unittest.main()
