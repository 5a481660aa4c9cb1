"""Long runs: the runner's ID token is the federated assertion az logged in with, and az replays it
each time it needs a new access token. GitHub's live about five minutes, Entra ID's access tokens
60 to 90; past that, Entra ID refuses the assertion with AADSTS700024 (Azure/login#180, #372). The
stand-in hands out JWTs that expire, the emulator's Entra ID refuses them once expired and gives
access tokens that live a second, so az comes back for a new one on every request: the same
refusal, in seconds instead of an hour, through the real az."""

import json
import unittest

from harness import E2ETestCase, run_checked

CLIENT_ID = "11111111-2222-4333-8444-555555555555"
TENANT_ID = "00000000-0000-4000-8000-0000000000aa"
SUBSCRIPTION_ID = "00000000-0000-4000-8000-000000000001"
SUBJECT = "repo:contoso/platform:environment:prod"
REQUEST_TOKEN = "Planted-Runner-Request-Token"


class LongRunCase(E2ETestCase):
    # az asks for a token per request; the deployment runs 14 s, the assertion lives 8.
    scenario = {"service_principal": {"client_id": CLIENT_ID, "federated_subject": SUBJECT},
                "access_token_seconds": 1, "poll_seconds": 1,
                "deployments": [{"running_seconds": 14, "running_polls": 0}]}
    oidc_lifetime = 8

    def setUp(self):
        super().setUp()
        self.github = self.runner.github({"oidc_token": SUBJECT, "oidc_lifetime_seconds": self.oidc_lifetime})
        env = self.runner.base_env
        # A fresh container: az knows the cloud but has no login.
        run_checked(["az", "cloud", "update", "--name", "emulator",
                     "--endpoint-active-directory", self.runner.emulator.base + "adfs",
                     "--endpoint-active-directory-resource-id", "https://management.core.windows.net/"], env)
        run_checked(["az", "account", "clear"], env)

    def run_with_login(self, **inputs):
        extra = {"ACTIONS_ID_TOKEN_REQUEST_URL": self.github.url + "/oidc/token?api-version=2.0",
                 "ACTIONS_ID_TOKEN_REQUEST_TOKEN": REQUEST_TOKEN, "BICEPGATE_PROGRESS_SECONDS": "1"}
        all_inputs = {"client-id": CLIENT_ID, "tenant-id": TENANT_ID, "subscription-id": SUBSCRIPTION_ID,
                      "retry-base-seconds": "0"}
        all_inputs.update(inputs)
        return self.runner.run(event="push", ref="refs/heads/main", inputs=all_inputs, extra_env=extra)

    def refusals(self):
        """The token requests the emulator's Entra ID refused, by AADSTS code."""
        return [r for r in self.runner.emulator.requests()
                if r["path"] == "/adfs/oauth2/token" and r.get("status") == 401]

    def audit(self, result):
        return json.loads(self.runner.bicepgate("audit", "show", result.outputs["run-id"], "--json").stdout)


class ExpiryMidDeployment(LongRunCase):
    def test_an_assertion_expiring_mid_deployment_is_renewed_and_the_deployment_followed(self):
        result = self.run_with_login(**{"relogin-minutes": "0"})
        self.assertEqual(result.code, 0, result)
        self.assertEqual(result.outputs["state"], "completed")
        # Entra ID refused the replayed assertion at least once while az waited.
        self.assertTrue(self.refusals(), self.runner.emulator.requests()[-5:])
        relogins = self.audit(result)["details"]["relogins"]
        self.assertIn({"stage": "deploying", "reason": "AADSTS700024", "ok": True}, relogins)
        # The deployment went on in Azure: followed with `show`, never sent a second time.
        self.assertEqual(len(self.deployments_created()), 1, self.deployments_created())
        self.assertTrue(any(c[:3] == ["deployment", "group", "show"] for c in result.az_calls), result.az_calls)
        asked = [r for r in self.github.requests() if r["path"] == "/oidc/token"]
        self.assertEqual(len(asked), 1 + len(relogins))
        self.assertIn("| Logged in again | before deployment, the login had expired (AADSTS700024) |", result.summary)

    def test_without_a_login_of_its_own_the_expiry_fails_with_the_hint(self):
        # The login an earlier step made (here: az logged in before bicepgate ran) cannot be renewed.
        env = self.runner.base_env
        token = self.github_token()
        run_checked(["az", "login", "--service-principal", "--username", CLIENT_ID, "--tenant", TENANT_ID,
                     "--federated-token", token, "--output", "none"], env)
        result = self.runner.run(event="push", ref="refs/heads/main",
                                 inputs={"max-retries": "1", "retry-base-seconds": "0"},
                                 extra_env={"BICEPGATE_PROGRESS_SECONDS": "1"})
        self.assertEqual(result.code, 1, result)
        self.assertEqual(result.outputs["failure-code"], "AADSTS700024")
        self.assertEqual(result.outputs["failure-class"], "environmental")
        errors = "\n".join(result.annotations("error"))
        self.assertIn("give bicepgate the login inputs", errors)
        self.assertEqual(self.audit(result)["details"]["relogins"], [])

    def github_token(self):
        import urllib.request
        request = urllib.request.Request(self.github.url + "/oidc/token?audience=api://AzureADTokenExchange",
                                         headers={"Authorization": "Bearer " + REQUEST_TOKEN})
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.load(response)["value"]


class OldLogin(LongRunCase):
    scenario = {"service_principal": {"client_id": CLIENT_ID, "federated_subject": SUBJECT}}
    oidc_lifetime = 300

    def test_a_login_older_than_relogin_minutes_is_made_again_before_the_next_stage(self):
        # 0.01 minutes: every stage after the first login finds it old.
        result = self.run_with_login(**{"relogin-minutes": "0.01"})
        self.assertEqual(result.code, 0, result)
        relogins = self.audit(result)["details"]["relogins"]
        self.assertTrue(relogins, result)
        self.assertTrue(all(r["reason"] == "age" and r["ok"] for r in relogins), relogins)
        self.assertIn("deploying", [r["stage"] for r in relogins])
        logins = [c for c in result.az_calls if c[:2] == ["login", "--service-principal"]]
        self.assertEqual(len(logins), 1 + len(relogins))
        self.assertEqual(self.refusals(), [])

    def test_a_fresh_login_is_kept(self):
        result = self.run_with_login()  # the default, 30 minutes
        self.assertEqual(result.code, 0, result)
        self.assertEqual(self.audit(result)["details"]["relogins"], [])
        self.assertEqual(len([c for c in result.az_calls if c[:1] == ["login"]]), 1)

    def test_relogin_minutes_must_be_a_number(self):
        result = self.run_with_login(**{"relogin-minutes": "soon"})
        self.assertEqual(result.code, 1, result)
        self.assertTrue(any("input 'relogin-minutes' is 'soon'" in e for e in result.annotations("error")),
                        result)


if __name__ == "__main__":
    unittest.main()
