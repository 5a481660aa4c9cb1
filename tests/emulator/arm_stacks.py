"""Deployment stacks (Microsoft.Resources/deploymentStacks) at resource-group and subscription
scope, for the ARM emulator. Shapes follow the REST API, api-version 2024-03-01 (the
DeploymentStack, DeploymentStackProperties, ActionOnUnmanage, DenySettings, ManagedResourceReference
and DeploymentStackValidateResult definitions of Microsoft.Resources/stable/2024-03-01/
deploymentStacks.json, as generated into Azure/bicep-types-az's types.md):

- PUT …/deploymentStacks/{name}: a long-running create or update (201, Azure-AsyncOperation). The
  stack runs a deployment of its template (named {name}-{time}, as ARM names it: properties.
  deploymentId); once that ends, every resource the stack managed before and the template no
  longer declares is deleted or detached as properties.actionOnUnmanage says per kind (resources,
  resourceGroups), and listed in deletedResources or detachedResources; resources[] lists what
  it manages now, status "managed". provisioningState is lower case (succeeded, failed,
  deploying…), as the API's enum spells it.
- GET …/deploymentStacks/{name}: the stack; 404 DeploymentStackNotFound when there is none.
- DELETE …/deploymentStacks/{name}?unmanageAction.Resources=delete|detach&unmanageAction.
  ResourceGroups=…&unmanageAction.ManagementGroups=…: the stack goes, and each managed resource is
  deleted or detached as those query parameters say (detach when absent).
- POST …/deploymentStacks/{name}/validate: the template expanded as a create would (its errors
  as a deployment's), answered with a DeploymentStackValidateResult.
Deny settings are recorded and returned, not enforced."""

import copy
import re
import time
import uuid

from arm_store import SUBSCRIPTION_ID, TemplateError, in_scope  # noqa: F401

API_VERSION = "2024-03-01"


def stack_error(code, message):
    return {"error": {"code": code, "message": message}}


def not_found(name):
    return stack_error("DeploymentStackNotFound", f"The deployment stack '{name}' could not be found.")


def kind_of(resource_id):
    """resources, resourceGroups or managementGroups: the actionOnUnmanage member for an id."""
    if re.fullmatch(r"/subscriptions/[^/]+/resourcegroups/[^/]+", resource_id.lower()):
        return "resourceGroups"
    if re.fullmatch(r"/providers/microsoft\.management/managementgroups/[^/]+", resource_id.lower()):
        return "managementGroups"
    return "resources"


def check_request(body):
    """What the API requires of a stack: properties.actionOnUnmanage.resources and
    properties.denySettings.mode (both Required in the 2024-03-01 definitions)."""
    props = body.get("properties")
    if not isinstance(props, dict):
        return stack_error("InvalidRequestContent", "The request content must have 'properties'.")
    aou = props.get("actionOnUnmanage")
    if not isinstance(aou, dict) or aou.get("resources") not in ("delete", "detach"):
        return stack_error("InvalidRequestContent",
                           "properties.actionOnUnmanage.resources must be 'delete' or 'detach'.")
    for kind in ("resourceGroups", "managementGroups"):
        if aou.get(kind) not in (None, "delete", "detach"):
            return stack_error("InvalidRequestContent",
                               f"properties.actionOnUnmanage.{kind} must be 'delete' or 'detach'.")
    deny = props.get("denySettings")
    if not isinstance(deny, dict) or deny.get("mode") not in ("none", "denyDelete", "denyWriteAndDelete"):
        return stack_error("InvalidRequestContent",
                           "properties.denySettings.mode must be 'none', 'denyDelete' or 'denyWriteAndDelete'.")
    return None


class Stacks:
    """The stacks of one emulator; every method runs under the store's lock."""

    def __init__(self, store, base_url, poll_seconds):
        self.store = store
        self.base_url = base_url
        self.poll_seconds = poll_seconds
        self.stacks = {}  # stack id (lower case) -> the stack as GET shows it
        self.runs = {}  # LRO token -> {"stack": key, "op": deployment op id}

    def route(self, method, scope, name, action, raw_body, query, outcome_for):
        stack_id = f"{scope['id']}/providers/Microsoft.Resources/deploymentStacks/{name}"
        key = stack_id.lower()
        if action == "/validate" and method == "POST":
            return self.validate(scope, stack_id, name, raw_body)
        if action is not None:
            return 400, stack_error("UnsupportedByEmulator", f"The emulator does not serve {method} {action}."), {}
        if method in ("GET", "HEAD"):
            stack = self.stacks.get(key)
            if stack is None:
                return 404, not_found(name), {}
            return (204, "", {}) if method == "HEAD" else (200, copy.deepcopy(stack), {})
        if method == "PUT":
            return self.put(scope, stack_id, name, raw_body, outcome_for)
        if method == "DELETE":
            return self.delete(scope, key, name, query)
        return 400, stack_error("UnsupportedByEmulator", f"The emulator does not serve {method} on stacks."), {}

    def list(self, scope):
        prefix = scope["id"].lower() + "/providers/microsoft.resources/deploymentstacks/"
        return 200, {"value": [copy.deepcopy(s) for k, s in sorted(self.stacks.items()) if k.startswith(prefix)]}, {}

    def validate(self, scope, stack_id, name, body):
        problem = check_request(body)
        if problem:
            return 400, problem, {}
        props = body["properties"]
        resources, _ = self.store.expand(scope, {"template": props.get("template"),
                                                 "parameters": props.get("parameters")})
        return 200, {"id": stack_id, "name": name, "type": "Microsoft.Resources/deploymentStacks",
                     "properties": {"actionOnUnmanage": props["actionOnUnmanage"],
                                    "denySettings": props["denySettings"],
                                    "correlationId": str(uuid.uuid4()),
                                    "parameters": props.get("parameters") or {},
                                    "validatedResources": [{"id": r["id"]} for r in resources]}}, {}

    def put(self, scope, stack_id, name, body, outcome_for):
        problem = check_request(body)
        if problem:
            return 400, problem, {}
        key = stack_id.lower()
        before = self.stacks.get(key)
        props = body["properties"]
        if before is not None and before["properties"]["provisioningState"] in ("deploying", "creating"):
            return 409, stack_error("DeploymentStackInProgress",
                                    f"The deployment stack '{name}' is being updated."), {}
        deployment_name = f"{name}-{time.strftime('%y%m%d%H%M%S', time.gmtime())}{uuid.uuid4().hex[:4]}"
        deployment, op_id = self.store.start_deployment(
            scope, deployment_name, {"template": props.get("template"), "parameters": props.get("parameters"),
                                     "mode": "Incremental"}, outcome_for(name))
        stack = {
            "id": stack_id, "name": name, "type": "Microsoft.Resources/deploymentStacks",
            "tags": body.get("tags") or {},
            "systemData": {"createdBy": "bicepgate-emulator", "createdByType": "Application",
                           "createdAt": _now(), "lastModifiedBy": "bicepgate-emulator",
                           "lastModifiedByType": "Application", "lastModifiedAt": _now()},
            "properties": {
                "actionOnUnmanage": copy.deepcopy(props["actionOnUnmanage"]),
                "denySettings": copy.deepcopy(props["denySettings"]),
                "description": props.get("description"),
                "parameters": deployment["properties"]["parameters"],
                "provisioningState": "deploying",
                "correlationId": str(uuid.uuid4()),
                "deploymentId": deployment["id"],
                "resources": copy.deepcopy(before["properties"]["resources"]) if before else [],
                "detachedResources": [], "deletedResources": [], "failedResources": [],
                "outputs": None, "error": None,
            },
        }
        if scope.get("subscription"):
            stack["location"] = body.get("location", scope.get("location", "eastus"))
        self.stacks[key] = stack
        token = uuid.uuid4().hex
        self.runs[token] = {"stack": key, "op": op_id, "scope": scope}
        status_url = f"{self.base_url}lro/stack/{token}?api-version={API_VERSION}"
        return 201, copy.deepcopy(stack), {"Azure-AsyncOperation": status_url,
                                           "Retry-After": str(self.poll_seconds)}

    def status(self, token):
        """The Azure-AsyncOperation status of a create or update: Running until the stack's
        deployment ends, then the stack's own end (its resources deleted or detached)."""
        run = self.runs.get(token)
        if run is None:
            return 404, stack_error("NotFound", "unknown stack operation"), {}
        stack = self.stacks[run["stack"]]
        props = stack["properties"]
        if props["provisioningState"] == "deploying":
            deployment = self.store.poll_operation(run["op"])
            state = deployment["properties"]["provisioningState"]
            if state == "Running":
                return 200, {"status": "Running"}, {"Retry-After": str(self.poll_seconds)}
            self._settle(run["scope"], stack, deployment)
        body = {"id": f"{stack['id']}/operations/{token}", "name": token,
                "status": "Succeeded" if props["provisioningState"] == "succeeded" else "Failed"}
        if props["provisioningState"] != "succeeded":
            body["error"] = props["error"]
        return 200, body, {}

    def _settle(self, scope, stack, deployment):
        props = stack["properties"]
        dprops = deployment["properties"]
        props["duration"] = dprops.get("duration", "PT1S")
        if dprops["provisioningState"] != "Succeeded":
            props["provisioningState"] = "failed"
            props["error"] = dprops.get("error") or {"code": "DeploymentFailed", "message": "The deployment failed."}
            # What the deployment did make is managed all the same; nothing is deleted or detached.
            made = [r["id"] for r in dprops.get("outputResources") or [] if r["id"].lower() in self.store.resources]
            props["resources"] = _merged(props["resources"], made, stack)
            return
        now = [r["id"] for r in dprops.get("outputResources") or []]
        now_keys = {i.lower() for i in now}
        aou = props["actionOnUnmanage"]
        for managed in props["resources"]:
            rid = managed["id"]
            if rid.lower() in now_keys:
                continue
            action = aou.get(kind_of(rid)) or "detach"
            if action == "delete":
                self._delete(rid)
                props["deletedResources"].append({"id": rid})
            else:
                props["detachedResources"].append({"id": rid})
        props["resources"] = [_managed(rid, stack) for rid in now]
        props["outputs"] = dprops.get("outputs")
        props["provisioningState"] = "succeeded"

    def _delete(self, rid):
        key = rid.lower()
        self.store.resources.pop(key, None)
        if kind_of(rid) == "resourceGroups":
            name = rid.split("/")[4]
            self.store.groups.pop(name.lower(), None)
            for child in [k for k in self.store.resources if k.startswith(key + "/")]:
                del self.store.resources[child]

    def delete(self, scope, key, name, query):
        stack = self.stacks.get(key)
        if stack is None:
            return 204, "", {}  # ARM: deleting what is not there succeeds
        actions = {"resources": query.get("unmanageAction.Resources", ["detach"])[0],
                   "resourceGroups": query.get("unmanageAction.ResourceGroups", ["detach"])[0],
                   "managementGroups": query.get("unmanageAction.ManagementGroups", ["detach"])[0]}
        for kind, action in actions.items():
            if action not in ("delete", "detach"):
                return 400, stack_error("InvalidRequestContent",
                                        f"unmanageAction.{kind[0].upper() + kind[1:]} must be 'delete' or 'detach'."), {}
        # Resources before the groups that hold them.
        for managed in sorted(stack["properties"]["resources"], key=lambda m: kind_of(m["id"]) == "resourceGroups"):
            if actions[kind_of(managed["id"])] == "delete":
                self._delete(managed["id"])
        del self.stacks[key]
        return 200, "", {}


def _managed(rid, stack):
    mode = stack["properties"]["denySettings"]["mode"]
    return {"id": rid, "status": "managed", "denyStatus": mode if mode != "none" else "none"}


def _merged(before, made, stack):
    seen = {m["id"].lower() for m in before}
    return before + [_managed(rid, stack) for rid in made if rid.lower() not in seen]


def _now():
    return time.strftime("%Y-%m-%dT%H:%M:%S.000000+00:00", time.gmtime())
