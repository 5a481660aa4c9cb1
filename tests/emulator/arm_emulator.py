#!/usr/bin/env python3
"""A local Azure Resource Manager for end-to-end tests: the real `az` talks to it over HTTPS on
127.0.0.1. Stateful (arm_store.Store), with scripted faults from a scenario file.

Usage: arm_emulator.py --cert C --key K --port-file F [--scenario S] [--log L] [--max-seconds N]
The chosen port is written to --port-file once the server listens; the server stops by itself
after --max-seconds, or after --idle-seconds without a request."""

import argparse
import base64
import copy
import json
import os
import re
import ssl
import sys
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit, parse_qs

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import jsonc  # noqa: E402
from arm_store import Store, TemplateError, SUBSCRIPTION_ID, TENANT_ID  # noqa: E402
from arm_stacks import Stacks  # noqa: E402
from serving import serve_until_done  # noqa: E402

RG = r"/subscriptions/(?P<sub>[^/]+)/resourcegroups/(?P<rg>[^/]+)"
# az reads deployment operations without the provider segment; both spellings are served.
DEP = RG + r"(?:/providers/microsoft\.resources)?/deployments/(?P<dep>[^/]+)"
PROVIDER = r"/subscriptions/[^/]+/providers/(?P<namespace>[^/]+)"


ARM_AUDIENCE = "https://management.core.windows.net/"
# The audience az asks for with --auth-mode login on storage commands (az 2.45,
# command_modules/storage/oauth_token_util.py: resource="https://storage.azure.com").
STORAGE_AUDIENCE = "https://storage.azure.com"


def audience_of(form):
    """The resource a client-credential grant asks for: MSAL sends scope "<resource>/.default"."""
    scope = form.get("scope", [""])[0].split(" ")[0]
    return scope[: -len("/.default")] if scope.endswith("/.default") else ARM_AUDIENCE


def fake_jwt(audience=ARM_AUDIENCE, lifetime=3600):
    """An unsigned token for `audience`. A storage token carries an issuer Azurite's --oauth basic
    accepts: Azurite 3.37.0 (dist/src/blob/authentication/BlobTokenAuthenticator.js) checks that
    nbf, exp and iat are present and now lies between nbf and exp, that iss starts with one of
    common/utils/constants.js VALID_ISSUE_PREFIXES (https://sts.windows.net/ …), and that aud is
    one of blob/utils/constants.js VALID_BLOB_AUDIENCES (https://storage.azure.com[/] …); it
    never checks the signature."""
    def part(obj):
        return base64.urlsafe_b64encode(json.dumps(obj).encode()).rstrip(b"=").decode()
    now = int(time.time())
    issuer = (f"https://sts.windows.net/{TENANT_ID}/" if audience.rstrip("/") == STORAGE_AUDIENCE
              else f"https://sts.local/{TENANT_ID}/")
    claims = {"aud": audience, "iss": issuer,
              "iat": now, "nbf": now, "exp": now + lifetime, "tid": TENANT_ID,
              "oid": "00000000-0000-4000-8000-0000000000bb", "appid": "bicepgate-emulator"}
    return f"{part({'alg': 'RS256', 'typ': 'JWT'})}.{part(claims)}.c2lnbmF0dXJl"


class Faults:
    """Scenario faults: each rule matches a method and a path pattern and fires on chosen calls."""

    def __init__(self, rules):
        self.rules = rules
        self.counts = [0] * len(rules)
        self.lock = threading.Lock()

    def match(self, method, path):
        with self.lock:
            for i, rule in enumerate(self.rules):
                if rule.get("method", method).upper() != method:
                    continue
                if not re.search(rule["path"], path, re.IGNORECASE):
                    continue
                self.counts[i] += 1
                n = self.counts[i]
                first = rule.get("nth", 1)
                times = rule.get("times", 1)
                if n >= first and (times < 0 or n < first + times):
                    return rule
        return None


class Emulator:
    def __init__(self, scenario, log_path):
        self.scenario = scenario
        self.store = Store(scenario)
        self.faults = Faults(scenario.get("faults", []))
        self.log_path = log_path
        self.log_lock = threading.Lock()
        self.last_request = time.time()
        self.base = None
        self.outcome_uses = {}
        self._stacks = None

    @property
    def stacks(self):
        """Deployment stacks (arm_stacks), made once the server knows its own address."""
        if self._stacks is None:
            self._stacks = Stacks(self.store, self.base, self.scenario.get("poll_seconds", 1))
        return self._stacks

    def outcome_for(self, name):
        """The scenario's outcome for a deployment; a rule with "times": N applies to N
        deployments only, then deployments succeed; one with "after": N lets the first N it
        matches succeed (a later run fails where an earlier one succeeded)."""
        for i, rule in enumerate(self.scenario.get("deployments", [])):
            if not re.search(rule.get("name", ".*"), name):
                continue
            self.outcome_uses[i] = self.outcome_uses.get(i, 0) + 1
            uses = self.outcome_uses[i] - rule.get("after", 0)
            if uses < 1:
                continue
            if rule.get("times", -1) < 0 or uses <= rule["times"]:
                return rule
        return {}

    def log(self, entry):
        if not self.log_path:
            return
        with self.log_lock, open(self.log_path, "a", encoding="utf-8") as f:
            f.write(json.dumps(entry) + "\n")


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "arm-emulator/1"

    def log_message(self, *args):  # quiet: the JSON request log is the record
        pass

    @property
    def emu(self):
        return self.server.emulator

    def do_GET(self):
        self.handle_any("GET")

    def do_PUT(self):
        self.handle_any("PUT")

    def do_POST(self):
        self.handle_any("POST")

    def do_HEAD(self):
        self.handle_any("HEAD")

    def do_DELETE(self):
        self.handle_any("DELETE")

    def do_PATCH(self):
        self.handle_any("PATCH")

    def handle_any(self, method):
        emu = self.emu
        emu.last_request = time.time()
        url = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        entry = {"time": time.time(), "method": method, "path": url.path, "query": url.query,
                 "user_agent": self.headers.get("User-Agent", "")}
        fault = emu.faults.match(method, url.path)
        if fault:
            entry["fault"] = fault.get("name", fault["path"])
            if fault.get("delay"):
                time.sleep(float(fault["delay"]))
            if fault.get("drop"):
                entry["status"] = "dropped"
                emu.log(entry)
                self.close_connection = True
                self.connection.shutdown(2)
                return
            if "status" in fault:
                entry["status"] = fault["status"]
                emu.log(entry)
                body = fault.get("body", {})
                text = body if isinstance(body, str) else json.dumps(body)
                self.reply(fault["status"], text, fault.get("headers", {}))
                return
        try:
            status, body, headers = self.route(method, url.path, parse_qs(url.query), raw)
        except TemplateError as err:
            status, body, headers = 400, arm_error("InvalidTemplate", f"Deployment template validation failed: '{err}'."), {}
        except json.JSONDecodeError as err:
            status, body, headers = 400, arm_error("InvalidRequestContent", f"The request content was invalid: {err}"), {}
        entry["status"] = status
        emu.log(entry)
        text = body if isinstance(body, str) else ("" if body is None else json.dumps(body))
        self.reply(status, text, headers)

    def reply(self, status, text, headers):
        data = text.encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("x-ms-request-id", str(uuid.uuid4()))
        self.send_header("x-ms-correlation-request-id", str(uuid.uuid4()))
        for key, value in headers.items():
            self.send_header(key, str(value))
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    # routing -------------------------------------------------------------------------
    def route(self, method, path, query, raw):
        emu, store = self.emu, self.emu.store
        lower = path.lower().rstrip("/")
        base = emu.base
        if re.sub("/+", "/", lower) == "/metadata/endpoints":  # az 2.74 asks for "//metadata/…"
            audiences = ["https://management.core.windows.net/"]
            if query.get("api-version", [""])[0] >= "2019-05-01":
                # The current format (az 2.74 asks api-version 2022-09-01): one cloud, with suffixes.
                return 200, {"name": "AzureCloud", "resourceManager": base, "portal": base, "gallery": base,
                             "graph": base, "graphAudience": base, "microsoftGraphResourceId": base,
                             "authentication": {"loginEndpoint": base, "audiences": audiences,
                                                "tenant": "common", "identityProvider": "AAD"},
                             "suffixes": {"storage": "core.windows.net", "keyVaultDns": "vault.azure.net",
                                          "sqlServerHostname": "database.windows.net",
                                          "acrLoginServer": "azurecr.io"}}, {}
            # The 2015-01-01 format msrestazure reads (az 2.45).
            return 200, {"galleryEndpoint": base, "graphEndpoint": base, "portalEndpoint": base,
                         "authentication": {"loginEndpoint": base, "audiences": audiences}}, {}
        if lower == "/msi/token":
            # msrestazure's get_msi_token POSTs the resource as a form field; a GET has it in the query.
            asked = (parse_qs(raw.decode()).get("resource") or query.get("resource") or [ARM_AUDIENCE])[0]
            audience = asked if asked.rstrip("/") == STORAGE_AUDIENCE else ARM_AUDIENCE
            return 200, {"access_token": fake_jwt(audience), "token_type": "Bearer", "expires_in": "3600",
                         "expires_on": str(int(time.time()) + 3600), "not_before": str(int(time.time())),
                         "resource": audience}, {}
        # Microsoft Entra ID, as an ADFS-style authority (https://host/adfs): MSAL skips the
        # instance discovery it would otherwise ask of login.microsoftonline.com.
        if lower == "/adfs/.well-known/openid-configuration":
            return 200, {"issuer": base + "adfs", "token_endpoint": base + "adfs/oauth2/token",
                         "authorization_endpoint": base + "adfs/oauth2/authorize",
                         "device_authorization_endpoint": base + "adfs/oauth2/devicecode"}, {}
        if lower == "/adfs/oauth2/token" and method == "POST":
            return self.token_for_client(parse_qs(raw.decode()))
        m = re.fullmatch(r"/probe/(?P<status>[1-5][0-9][0-9])", lower)
        if m:  # a health endpoint answering with the status its path names
            return int(m.group("status")), {"status": int(m.group("status"))}, {}
        if lower == "/subscriptions":
            return 200, {"value": [subscription()]}, {}
        if lower == "/emulator/rollbacks":  # for tests: each redeploy on error, in order
            with store.lock:
                return 200, {"value": list(store.rollbacks)}, {}
        if lower == "/tenants":
            return 200, {"value": [{"id": f"/tenants/{TENANT_ID}", "tenantId": TENANT_ID}]}, {}
        if re.fullmatch(r"/subscriptions/[^/]+", lower):
            return 200, subscription(), {}
        with store.lock:
            return self.route_arm(method, lower, path, query, raw)

    def token_for_client(self, form):
        """Client-credential grant: a federated assertion (or a secret) checked against the
        scenario's service principal, as Entra ID would."""
        principal = self.emu.scenario.get("service_principal", {})
        client_id = form.get("client_id", [""])[0]
        assertion = form.get("client_assertion", [""])[0]
        secret = form.get("client_secret", [""])[0]

        def refuse(code, message):
            return 401, {"error": "invalid_client", "error_description": f"{code}: {message}",
                         "error_codes": [int(code[6:])]}, {}
        if not principal or client_id != principal.get("client_id"):
            return refuse("AADSTS700016", f"Application with identifier '{client_id}' was not found "
                                          "in the directory.")
        if assertion:
            refused = self.check_assertion(principal, assertion)
            if refused:
                return refuse(*refused)
        elif secret != principal.get("client_secret") or not secret:
            return refuse("AADSTS7000215", "Invalid client secret provided.")
        # A scenario's short-lived access tokens make az come back for new ones, replaying the
        # assertion it logged in with, as it does after the real ones' 60 to 90 minutes.
        lifetime = self.emu.scenario.get("access_token_seconds", 3600)
        return 200, {"token_type": "Bearer", "expires_in": lifetime, "ext_expires_in": lifetime,
                     "access_token": fake_jwt(audience_of(form), lifetime)}, {}

    @staticmethod
    def check_assertion(principal, assertion):
        """None when Entra ID would take the federated assertion; else (code, message). A
        principal with "federated_subject" matches the JWT's subject, as a federated credential
        does, and refuses one past its expiry with AADSTS700024 in the words Entra ID uses
        (quoted in Azure/login#180 and #372); otherwise the whole token must match."""
        subject = principal.get("federated_subject")
        if subject is None:
            if assertion != principal.get("federated_token"):
                return ("AADSTS70021", "No matching federated identity record found for presented assertion.")
            return None
        try:
            payload = assertion.split(".")[1]
            claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
        except (IndexError, ValueError):
            return ("AADSTS50027", "JWT token is invalid or malformed.")
        if claims.get("sub") != subject:
            return ("AADSTS70021", "No matching federated identity record found for presented assertion.")
        now = time.time()
        if now > claims.get("exp", 0):
            def stamp(t):
                return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(t)) + f".{int((t % 1) * 1e7):07d}Z"
            return ("AADSTS700024", f"Client assertion is not within its valid time range. Current time: "
                                    f"{stamp(now)}, assertion valid from {stamp(claims.get('nbf', 0))}, expiry "
                                    f"time of assertion {stamp(claims.get('exp', 0))}. Review the documentation at "
                                    "https://docs.microsoft.com/azure/active-directory/develop/"
                                    "active-directory-certificate-credentials .")
        return None

    def route_arm(self, method, lower, path, query, raw):
        store, emu = self.emu.store, self.emu
        # Deployments above a resource group: at subscription scope (/subscriptions/{id}/…), at
        # management-group scope (/providers/Microsoft.Management/managementGroups/{groupId}/…) and
        # at tenant scope (/providers/Microsoft.Resources/deployments/…), the paths of ARM's
        # Deployments - Create Or Update At Subscription|Management Group|Tenant Scope.
        m = re.fullmatch(r"(?P<at>/subscriptions/[^/]+|/providers/microsoft\.management/managementgroups/[^/]+|)"
                         r"/providers/microsoft\.resources/deployments"
                         r"(?:/(?P<dep>[^/]+)(?P<action>/validate|/whatif|/operations|/exporttemplate)?)?", lower)
        if m:
            at = path[:len(m.group("at"))]
            if at.lower().startswith("/subscriptions/"):
                scope = {"id": f"/subscriptions/{SUBSCRIPTION_ID}", "name": "", "subscription": True}
            elif at:
                group_id = at.split("/")[-1]
                scope = {"id": f"/providers/Microsoft.Management/managementGroups/{group_id}",
                         "name": group_id, "managementGroup": True}
            else:
                scope = {"id": "", "name": "", "tenant": True}
            prefix = scope["id"].lower() + "/providers/microsoft.resources/deployments/"
            if not m.group("dep"):
                return 200, {"value": [public(d) for k, d in sorted(store.deployments.items())
                                       if k.startswith(prefix)]}, {}
            body = jsonc.loads(raw or b"{}") if raw else {}
            scope["location"] = body.get("location", "eastus")
            name = path.rstrip("/").split("/deployments/")[1].split("/")[0]
            return self.route_deployment(method, m.group("action"), scope, name, lower, raw)
        m = re.fullmatch(r"/subscriptions/[^/]+(?:/resourcegroups/(?P<rg>[^/]+))?/providers/microsoft\.resources"
                         r"/deploymentstacks(?:/(?P<name>[^/]+)(?P<action>/validate)?)?", lower)
        if m:
            return self.route_stack(method, m, path, query, raw)
        if re.fullmatch(r"/subscriptions/[^/]+/resourcegroups", lower) and method == "GET":
            return 200, {"value": [g for _, g in sorted(store.groups.items())]}, {}
        m = re.fullmatch(RG, lower)
        if m:
            name = path.rstrip("/").split("/")[4]
            group = store.group(name)
            if method in ("GET", "HEAD"):
                if not group:
                    return 404, arm_error("ResourceGroupNotFound", f"Resource group '{name}' could not be found."), {}
                return (204 if method == "HEAD" else 200), ("" if method == "HEAD" else group), {}
            if method == "PUT":
                body = jsonc.loads(raw or b"{}")
                existed = group is not None
                group = store.put_group(name, body.get("location", "eastus"), body.get("tags"))
                # A group a subscription-scope deployment declared is that deployment's resource
                # too: `az group update` (a PUT) changes what its what-if compares with.
                declared = store.resources.get(group["id"].lower())
                if declared is not None:
                    declared["tags"] = copy.deepcopy(group["tags"])
                return (200 if existed else 201), group, {}
        m = re.fullmatch(RG + r"(?:/providers/microsoft\.resources)?/deployments", lower)
        if m and method == "GET":
            # As ARM: listing a missing group's deployments is the group's 404, not an empty list.
            name = path.rstrip("/").split("/")[4]
            if not store.group(name):
                return 404, arm_error("ResourceGroupNotFound", f"Resource group '{name}' could not be found."), {}
            prefix = store.group_id(m.group("rg")).lower() + "/"
            return 200, {"value": [public(d) for k, d in sorted(store.deployments.items())
                                   if k.startswith(prefix)]}, {}
        if re.fullmatch(r"/subscriptions/[^/]+/resources", lower) and method == "GET":
            return 200, {"value": [listed(r) for k, r in sorted(store.resources.items())
                                   if k.count("/providers/") == 1 and
                                   odata_matches(query.get("$filter", [""])[0], r)]}, {}
        m = re.fullmatch(RG + r"/resources", lower)
        if m and method == "GET":
            if not store.group(m.group("rg")):
                return 404, arm_error("ResourceGroupNotFound", f"Resource group '{m.group('rg')}' could not be found."), {}
            prefix = store.group_id(m.group("rg")).lower() + "/"
            # Extension resources (role assignments, locks: a second /providers/ in the id) are in
            # no resource list of ARM's; `az role assignment list` and friends read them.
            return 200, {"value": [listed(r) for k, r in sorted(store.resources.items())
                                   if k.startswith(prefix) and k.count("/providers/") == 1]}, {}
        m = re.fullmatch(DEP + r"(?P<action>/validate|/whatif|/operations|/exporttemplate)?", lower)
        if m:
            group = store.group(m.group("rg"))
            if not group:
                return 404, arm_error("ResourceGroupNotFound",
                                      f"Resource group '{m.group('rg')}' could not be found."), {}
            dep_name = path.rstrip("/").split("/deployments/")[1].split("/")[0]
            return self.route_deployment(method, m.group("action"), group, dep_name, lower, raw)
        m = re.fullmatch(PROVIDER, lower)
        if m and method == "GET":
            return 200, provider(store, path.rstrip("/").split("/")[-1], self.emu.scenario), {}
        m = re.fullmatch(r"/lro/(?P<kind>whatif|deployment|stack)/(?P<id>[0-9a-f]+)", lower)
        if m:
            return self.route_lro(m.group("kind"), m.group("id"))
        if lower.startswith("/subscriptions/") and "/providers/" in lower and method == "GET":
            res = store.resources.get(lower)
            if res is None:
                return 404, arm_error("ResourceNotFound", f"The Resource '{path}' was not found."), {}
            return 200, res, {}
        if lower.startswith("/subscriptions/") and "/providers/" in lower and method == "PUT":
            # A change made behind the deployments' back (`az resource update` and `az resource
            # tag` PUT the whole resource, Resources - Create Or Update By Id): drift.
            res = store.put_resource(path.rstrip("/"), jsonc.loads(raw or b"{}"))
            if res is None:
                return 404, arm_error("ResourceNotFound", f"The Resource '{path}' was not found."), {}
            return 200, res, {}
        return 400, arm_error("UnsupportedByEmulator", f"The emulator does not serve {method} {path}."), {}

    def route_deployment(self, method, action, group, name, lower, raw):
        store, emu = self.emu.store, self.emu
        dep_key = f"{group['id']}/providers/Microsoft.Resources/deployments/{name}".lower()
        if action == "/validate" and method == "POST":
            props = jsonc.loads(raw or b"{}").get("properties", {})
            store.expand(group, props)
            return 200, {"id": f"{group['id']}/providers/Microsoft.Resources/deployments/{name}",
                         "name": name, "properties": {"provisioningState": "Succeeded",
                                                      "mode": props.get("mode", "Incremental")}}, {}
        if action == "/whatif" and method == "POST":
            props = jsonc.loads(raw or b"{}").get("properties", {})
            changes = store.what_if(group, props)
            token = uuid.uuid4().hex
            store.operations["whatif-" + token] = {"changes": changes, "polls": 0}
            location = f"{emu.base}lro/whatif/{token}?api-version=2022-09-01"
            return 202, "", {"Location": location, "Retry-After": str(self.emu.scenario.get("poll_seconds", 1))}
        if action == "/exporttemplate" and method == "POST":
            # Deployments - Export Template: {"template": …}, the template as it was deployed
            # (learn.microsoft.com/rest/api/resources/deployments/export-template).
            template = store.templates.get(dep_key)
            if template is None:
                return 404, deployment_not_found(name), {}
            return 200, {"template": template}, {}
        if action == "/operations" and method == "GET":
            dep = store.deployments.get(dep_key)
            if not dep:
                return 404, deployment_not_found(name), {}
            return 200, {"value": dep["properties"].get("operations", [])}, {}
        if action is None and method == "PUT":
            props = jsonc.loads(raw or b"{}").get("properties", {})
            deployment, op_id = store.start_deployment(group, name, props, emu.outcome_for(name))
            status_url = f"{emu.base}lro/deployment/{op_id}?api-version=2022-09-01"
            return 201, public(deployment), {"Azure-AsyncOperation": status_url, "Retry-After": str(self.emu.scenario.get("poll_seconds", 1))}
        if action is None and method in ("GET", "HEAD"):
            store.advance(dep_key)
            dep = store.deployments.get(dep_key)
            if not dep:
                return 404, deployment_not_found(name), {}
            return (204, "", {}) if method == "HEAD" else (200, public(dep), {})
        return 400, arm_error("UnsupportedByEmulator", f"The emulator does not serve {method} on deployments."), {}

    def route_stack(self, method, m, path, query, raw):
        """Microsoft.Resources/deploymentStacks at resource-group and subscription scope (arm_stacks)."""
        store, emu = self.emu.store, self.emu
        if m.group("rg"):
            scope = store.group(m.group("rg"))
            if not scope:
                return 404, arm_error("ResourceGroupNotFound",
                                      f"Resource group '{m.group('rg')}' could not be found."), {}
        else:
            scope = {"id": f"/subscriptions/{SUBSCRIPTION_ID}", "name": "", "subscription": True,
                     "location": "eastus"}
        if not m.group("name"):
            return emu.stacks.list(scope) if method == "GET" else (
                400, arm_error("UnsupportedByEmulator", f"The emulator does not serve {method} {path}."), {})
        at = path.lower().index("/deploymentstacks/") + len("/deploymentstacks/")
        name = path[at:].split("/")[0]
        body = jsonc.loads(raw) if raw else {}
        return emu.stacks.route(method, scope, name, m.group("action"), body, query, emu.outcome_for)

    def route_lro(self, kind, token):
        store = self.emu.store
        if kind == "stack":
            return self.emu.stacks.status(token)
        if kind == "whatif":
            op = store.operations.get("whatif-" + token)
            if op is None:
                return 404, arm_error("NotFound", "unknown what-if operation"), {}
            return 200, {"status": "Succeeded", "properties": {"changes": op["changes"]}}, {}
        if token not in store.operations:
            return 404, arm_error("NotFound", "unknown deployment operation"), {}
        return 200, store.operation_status(token), {"Retry-After": str(self.emu.scenario.get("poll_seconds", 1))}


def provider(store, namespace, scenario=None):
    """A resource provider as `az resource show` reads it to pick an API version, and as
    `az provider show` lists where each resource type is offered. The scenario's "providers"
    ({namespace: {type: [location display names]}}) adds types and sets their locations."""
    types, locations = {}, {}
    for res in store.resources.values():
        ns, _, rtype = res["type"].partition("/")
        if ns.lower() == namespace.lower():
            types.setdefault(rtype, set()).add(res.get("apiVersion", "2022-09-01"))
    for ns, listed in ((scenario or {}).get("providers") or {}).items():
        if ns.lower() == namespace.lower():
            for rtype, where in listed.items():
                types.setdefault(rtype, {"2022-10-01"})
                locations[rtype] = where
    return {"id": f"/subscriptions/{SUBSCRIPTION_ID}/providers/{namespace}", "namespace": namespace,
            "registrationState": "Registered",
            "resourceTypes": [{"resourceType": t, "locations": locations.get(t, ["East US", "West Europe"]),
                               "apiVersions": sorted(v, reverse=True)} for t, v in sorted(types.items())]}


def odata_matches(expression, resource):
    """The `$filter` terms az resource list sends: field eq 'value', joined by `and`."""
    if not expression.strip():
        return True
    fields = {"resourcegroup": resource["id"].split("/")[4], "resourcetype": resource["type"],
              "name": resource["name"], "location": resource.get("location", "")}
    for term in re.split(r"\s+and\s+", expression.strip(), flags=re.IGNORECASE):
        m = re.fullmatch(r"(\w+)\s+eq\s+'(.*)'", term.strip(), re.IGNORECASE)
        if not m or m.group(1).lower() not in fields:
            raise TemplateError(f"$filter term not supported by the emulator: {term}")
        if fields[m.group(1).lower()].lower() != m.group(2).lower():
            return False
    return True


def listed(resource):
    """A resource as a list call shows it: the envelope and provisioningState, not all properties."""
    out = {k: resource[k] for k in ("id", "name", "type", "location", "kind", "sku", "tags") if k in resource}
    out["provisioningState"] = (resource.get("properties") or {}).get("provisioningState", "Succeeded")
    return out


def public(deployment):
    out = json.loads(json.dumps(deployment))
    out["properties"].pop("operations", None)
    return out


def subscription():
    return {"id": f"/subscriptions/{SUBSCRIPTION_ID}", "subscriptionId": SUBSCRIPTION_ID,
            "tenantId": TENANT_ID, "displayName": "bicepgate-emulator", "state": "Enabled",
            "subscriptionPolicies": {"locationPlacementId": "Public_2014-09-01",
                                     "quotaId": "PayAsYouGo_2014-09-01", "spendingLimit": "Off"},
            "authorizationSource": "RoleBased"}


def arm_error(code, message):
    return {"error": {"code": code, "message": message}}


def deployment_not_found(name):
    return arm_error("DeploymentNotFound", f"Deployment '{name}' could not be found.")


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cert", required=True)
    parser.add_argument("--key", required=True)
    parser.add_argument("--port-file", required=True)
    parser.add_argument("--scenario")
    parser.add_argument("--log")
    parser.add_argument("--max-seconds", type=float, default=900)
    parser.add_argument("--idle-seconds", type=float, default=300)
    args = parser.parse_args()
    scenario = {}
    if args.scenario:
        with open(args.scenario, encoding="utf-8") as f:
            scenario = json.load(f)
    emulator = Emulator(scenario, args.log)
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.emulator = emulator
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(args.cert, args.key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    port = server.server_address[1]
    emulator.base = f"https://127.0.0.1:{port}/"
    serve_until_done(server, args.port_file, args.max_seconds, args.idle_seconds, lambda: emulator.last_request)


if __name__ == "__main__":
    main()
