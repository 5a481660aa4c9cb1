"""Logging in from inside the container: the runner's OIDC token (from a local stand-in for
ACTIONS_ID_TOKEN_REQUEST_URL) exchanged by the real `az login --federated-token` at the
emulator's Entra ID endpoint; the creds fallback; errors that name the missing permission."""

import glob
import json
import os
import unittest

from harness import E2ETestCase, run_checked

CLIENT_ID = "11111111-2222-4333-8444-555555555555"
TENANT_ID = "00000000-0000-4000-8000-0000000000aa"
SUBSCRIPTION_ID = "00000000-0000-4000-8000-000000000001"
ID_TOKEN = "eyJPlanted.OidcToken.Value"          # what the runner's endpoint hands out
REQUEST_TOKEN = "Planted-Runner-Request-Token"   # ACTIONS_ID_TOKEN_REQUEST_TOKEN
CLIENT_SECRET = "Planted~Client~Secret~42"
AUDIENCE = "api://AzureADTokenExchange"


class LoginCase(E2ETestCase):
    federated_token = ID_TOKEN + ":" + AUDIENCE  # the stand-in appends the audience it was asked for
    scenario = {"service_principal": {"client_id": CLIENT_ID, "federated_token": federated_token,
                                      "client_secret": CLIENT_SECRET}}

    def setUp(self):
        super().setUp()
        self.github = self.runner.github({"oidc_token": ID_TOKEN})
        env = self.runner.base_env
        # A fresh container: az knows the cloud but has no login.
        run_checked(["az", "cloud", "update", "--name", "emulator",
                     "--endpoint-active-directory", self.runner.emulator.base + "adfs",
                     "--endpoint-active-directory-resource-id", "https://management.core.windows.net/"], env)
        run_checked(["az", "account", "clear"], env)

    def oidc_env(self):
        return {"ACTIONS_ID_TOKEN_REQUEST_URL": self.github.url + "/oidc/token?api-version=2.0",
                "ACTIONS_ID_TOKEN_REQUEST_TOKEN": REQUEST_TOKEN}

    def login_inputs(self):
        return {"client-id": CLIENT_ID, "tenant-id": TENANT_ID, "subscription-id": SUBSCRIPTION_ID}

    def assert_absent_everywhere(self, result, secrets):
        shown = "\n".join(l for l in result.stdout.splitlines() if not l.startswith("::add-mask::"))
        artefacts = {"stdout": shown, "stderr": result.stderr, "summary": result.summary,
                     "outputs": json.dumps(result.outputs)}
        for path in glob.glob(os.path.join(self.runner.workspace, ".bicepgate", "**", "*"), recursive=True):
            if os.path.isfile(path):
                with open(path, "rb") as f:
                    artefacts[path] = f.read().decode("utf-8", "replace")
        self.assertTrue(any(p.endswith(".json") for p in artefacts))
        for name, text in artefacts.items():
            for secret in secrets:
                self.assertNotIn(secret, text, f"{secret} leaked into {name}")

    def assert_not_on_command_lines(self, result, secrets):
        """az's argument vector is readable by every process in /proc/PID/cmdline: the secret
        goes by file (`@path`), which az reads itself."""
        logins = [c for c in result.az_calls if c[:2] == ["login", "--service-principal"]]
        self.assertEqual(len(logins), 1, result.az_calls)
        for call in result.az_calls:
            for secret in secrets:
                self.assertFalse(any(secret in arg for arg in call), f"{secret} on az's command line {call}")
        return logins[0]

    def token_requests(self):
        return [r for r in self.runner.emulator.requests() if r["path"] == "/adfs/oauth2/token"]


class FederatedLogin(LoginCase):
    def test_the_runner_token_logs_az_in_and_the_run_deploys(self):
        result = self.runner.run(event="push", ref="refs/heads/main", inputs=self.login_inputs(),
                                 extra_env=self.oidc_env())
        self.assertEqual(result.code, 0, result)
        self.assertEqual(result.outputs["state"], "completed")
        asked = [r for r in self.github.requests() if r["path"] == "/oidc/token"]
        self.assertEqual(len(asked), 1)
        self.assertEqual(asked[0]["headers"]["authorization"], f"Bearer {REQUEST_TOKEN}")
        self.assertIn("audience=api%3A%2F%2FAzureADTokenExchange", asked[0]["query"])
        self.assertEqual(len(self.token_requests()), 1)
        logins = [c for c in result.az_calls if c[:2] == ["login", "--service-principal"]]
        self.assertEqual(len(logins), 1)
        self.assertIn("--federated-token", logins[0])
        login = self.assert_not_on_command_lines(result, [ID_TOKEN])
        self.assertTrue(login[login.index("--federated-token") + 1].startswith("@"), login)
        self.assertIn(["account", "set", "--subscription", SUBSCRIPTION_ID], result.az_calls)
        self.assertIn(f"::add-mask::{ID_TOKEN}:{AUDIENCE}", result.stdout)
        self.assertIn(f"::add-mask::{REQUEST_TOKEN}", result.stdout)
        self.assert_absent_everywhere(result, [ID_TOKEN, REQUEST_TOKEN])
        listed = json.loads(self.runner.bicepgate("audit", "show", result.outputs["run-id"], "--json").stdout)
        argv = [e["argv"] for e in listed["events"] if e.get("kind") == "az" and e["argv"][:1] == ["login"]][0]
        self.assertEqual(argv[argv.index("--federated-token") + 1], "<redacted>")

    def test_without_id_token_permission_the_error_names_it(self):
        result = self.runner.run(event="push", ref="refs/heads/main", inputs=self.login_inputs())
        self.assertEqual(result.code, 1, result)
        self.assertEqual(result.outputs["failure-class"], "configuration")
        errors = result.annotations("error")
        self.assertTrue(any("permissions: id-token: write" in e for e in errors), errors)
        self.assertEqual(self.deployments_created(), [])

    def test_tenant_id_is_required_with_client_id(self):
        inputs = self.login_inputs()
        inputs["tenant-id"] = ""
        result = self.runner.run(event="push", ref="refs/heads/main", inputs=inputs, extra_env=self.oidc_env())
        self.assertEqual(result.code, 1, result)
        self.assertTrue(any("'tenant-id' is empty" in e for e in result.annotations("error")), result)


class UntrustedToken(LoginCase):
    federated_token = "a-different-subject"
    scenario = {"service_principal": {"client_id": CLIENT_ID, "federated_token": federated_token}}

    def test_a_token_entra_id_refuses_is_a_configuration_failure_with_the_aadsts_code(self):
        result = self.runner.run(event="push", ref="refs/heads/main", inputs=self.login_inputs(),
                                 extra_env=self.oidc_env())
        self.assertEqual(result.code, 1, result)
        self.assertEqual(result.outputs["failure-class"], "configuration")
        self.assertEqual(result.outputs["failure-code"], "AADSTS70021")
        self.assertEqual(len(self.token_requests()), 1)  # configuration: not retried
        self.assertEqual(self.deployments_created(), [])
        self.assert_absent_everywhere(result, [ID_TOKEN, REQUEST_TOKEN])


class CredsFallback(LoginCase):
    def test_creds_log_in_when_oidc_is_not_configured(self):
        creds = json.dumps({"clientId": CLIENT_ID, "clientSecret": CLIENT_SECRET, "tenantId": TENANT_ID,
                            "subscriptionId": SUBSCRIPTION_ID})
        result = self.runner.run(event="push", ref="refs/heads/main", inputs={"creds": creds})
        self.assertEqual(result.code, 0, result)
        self.assertEqual(len(self.token_requests()), 1)
        self.assertIn(f"::add-mask::{CLIENT_SECRET}", result.stdout)
        self.assert_absent_everywhere(result, [CLIENT_SECRET])
        login = self.assert_not_on_command_lines(result, [CLIENT_SECRET])
        self.assertTrue(login[login.index("--password") + 1].startswith("@"), login)

    def test_creds_without_a_secret_are_refused_by_name(self):
        result = self.runner.run(event="push", ref="refs/heads/main",
                                 inputs={"creds": json.dumps({"clientId": CLIENT_ID, "tenantId": TENANT_ID})})
        self.assertEqual(result.code, 1, result)
        self.assertTrue(any("input 'creds' has no \"clientSecret\"" in e for e in result.annotations("error")),
                        result)


if __name__ == "__main__":
    unittest.main()
