"""State of the local Azure: resource groups, resources and deployments, and template
evaluation (arm_expressions: the functions compiled Bicep uses, nested deployments for modules)."""

import copy
import json
import re
import threading
import time
import uuid

SUBSCRIPTION_ID = "00000000-0000-4000-8000-000000000001"
TENANT_ID = "00000000-0000-4000-8000-0000000000aa"

from arm_expressions import Evaluator, PendingReference, TemplateError  # noqa: E402,F401


def resource_id(rg_id, rtype, name):
    if rtype.lower() == "microsoft.resources/resourcegroups":  # declared at subscription scope
        return f"/subscriptions/{SUBSCRIPTION_ID}/resourceGroups/{name}"
    namespace, *types = rtype.split("/")
    names = name.split("/")
    if len(types) != len(names):
        raise TemplateError(f"resource name '{name}' does not match the segments of type '{rtype}'")
    path = "/".join(f"{t}/{n}" for t, n in zip(types, names))
    return f"{rg_id}/providers/{namespace}/{path}"



def module_parameter(ev, name, entry):
    """One parameter a nested deployment is given: {"value": …}, or, as Bicep emits for a value
    chosen by a condition, one expression that evaluates to such an object."""
    if isinstance(entry, str):
        entry = ev.value(entry)
    if not isinstance(entry, dict) or "value" not in entry:
        raise TemplateError(f"the nested deployment parameter '{name}' is neither {{\"value\": …}} nor an "
                            f"expression that evaluates to one")
    return {"value": ev.value(entry["value"])}


def computed_properties(body, rid):
    """Properties Azure computes that templates read back with reference(): deterministic here,
    so a second what-if of the same template shows no change."""
    kind = body["type"].lower()
    props = body.get("properties")
    if not isinstance(props, dict):
        props = body["properties"] = {} if props is None else props
    stable = uuid.uuid5(uuid.NAMESPACE_URL, rid.lower())
    identity = body.get("identity")
    if isinstance(identity, dict) and "systemassigned" in str(identity.get("type", "")).lower():
        identity.setdefault("principalId", str(stable))
        identity.setdefault("tenantId", TENANT_ID)
    if kind == "microsoft.web/sites":
        props.setdefault("defaultHostName", f"{body['name']}.azurewebsites.net")
    elif kind == "microsoft.insights/components":
        props.setdefault("InstrumentationKey", str(stable))
        props.setdefault("ConnectionString", f"InstrumentationKey={stable};IngestionEndpoint="
                                             f"https://{body.get('location', 'eastus')}.in.applicationinsights.azure.com/")
    elif kind == "microsoft.keyvault/vaults":
        props.setdefault("vaultUri", f"https://{body['name']}.vault.azure.net/")


class Store:
    """Everything the emulator remembers. One lock: requests are few and small."""

    def __init__(self, seed):
        self.lock = threading.Lock()
        self.groups = {}
        self.resources = {}
        self.deployments = {}
        self.operations = {}
        # What each deployment was sent (template and parameters, secure values too), by id:
        # ARM keeps it to redeploy on error; the public deployment shows masked parameters only.
        self.sent = {}
        self.rollbacks = []  # each redeploy on error: {"failed": name, "redeployed": name}
        self.templates = {}  # deployment id (lower case) -> the template as it was deployed
        for group in seed.get("resource_groups", []):
            self.put_group(group["name"], group.get("location", "eastus"), group.get("tags"))
        for res in seed.get("resources", []):
            self.resources[res["id"].lower()] = res

    # resource groups -----------------------------------------------------------------
    def group_id(self, name):
        return f"/subscriptions/{SUBSCRIPTION_ID}/resourceGroups/{name}"

    def put_group(self, name, location, tags=None):
        group = {"id": self.group_id(name), "name": name, "location": location,
                 "type": "Microsoft.Resources/resourceGroups", "tags": tags or {},
                 "properties": {"provisioningState": "Succeeded"}, "managedBy": None}
        self.groups[name.lower()] = group
        return group

    def group(self, name):
        return self.groups.get(name.lower())

    # templates -----------------------------------------------------------------------
    def expand(self, group, properties, depth=0, planned=None):
        """Turn a deployment request into the resources and outputs it declares; nested
        deployments (Bicep modules) are expanded in place, in the order their references allow."""
        if depth > 10:
            raise TemplateError("nested deployments deeper than 10 levels")
        template = properties.get("template")
        if not isinstance(template, dict):
            raise TemplateError("the deployment has no inline 'template' (templateLink is not supported)")
        given = {k: v.get("value") for k, v in (properties.get("parameters") or {}).items()}
        declared_params = template.get("parameters") or {}
        unknown = sorted(set(given) - set(declared_params))
        if unknown:
            raise TemplateError(f"The following parameters were supplied, but do not correspond to "
                                f"any parameters defined in the template: '{', '.join(unknown)}'.")
        # What the whole deployment plans so far, nested deployments included: reference() and
        # listKeys() see it, and then what already exists.
        deployment_outputs, planned = {}, (planned if planned is not None else {})
        ev = Evaluator({}, template.get("variables") or {}, group, SUBSCRIPTION_ID, deployment_outputs, planned)
        ev.lookup = self.resources.get
        params = {}
        for name, decl in declared_params.items():
            if name in given:
                params[name] = given[name]
            elif "defaultValue" in decl:
                ev.parameters = params  # a default may use the parameters before it
                params[name] = ev.value(decl["defaultValue"])
            else:
                raise TemplateError(f"The value for the template parameter '{name}' is not provided.")
            allowed = decl.get("allowedValues")
            if allowed is not None and params[name] not in allowed:
                raise TemplateError(f"The provided value '{params[name]}' for the template parameter "
                                    f"'{name}' is not valid. The parameter value is not part of the allowed value(s): "
                                    f"'{','.join(str(a) for a in allowed)}'.")
        ev.parameters = params
        declared = template.get("resources") or []
        if isinstance(declared, dict):
            # languageVersion 2.0: resources keyed by symbolic name, which reference() and
            # dependsOn use, `existing` ones included (read, never deployed).
            declared = list(declared.items())
        else:
            declared = [(None, decl) for decl in declared]
        resources, pending = [], declared
        while pending:
            waiting = []
            for symbol, decl in pending:
                try:
                    self._expand_one(decl, ev, group, depth, resources, planned, deployment_outputs, symbol)
                except PendingReference:
                    waiting.append((symbol, decl))
            if len(waiting) == len(pending):
                raise TemplateError("a reference() names a resource or deployment the template never declares")
            pending = waiting
        outputs = {}
        for name, decl in (template.get("outputs") or {}).items():
            if "condition" in decl and ev.value(decl["condition"]) is False:
                continue
            outputs[name] = {"type": decl.get("type", "string"), "value": ev.value(decl.get("value"))}
        return resources, outputs

    def _expand_one(self, decl, ev, group, depth, resources, planned, deployment_outputs, symbol=None):
        if "condition" in decl and ev.value(decl["condition"]) is False:
            return
        if isinstance(decl.get("copy"), dict):
            # A resource loop (Bicep's `[for …]`): one resource per index; copyIndex() with no
            # name or with the loop's name gives it. batchSize only orders ARM's work: ignored.
            loop = decl["copy"]
            one = {k: v for k, v in decl.items() if k != "copy"}
            count = ev.value(loop.get("count"))
            for i in range(int(count)):
                ev.copy_index[""] = ev.copy_index[str(loop.get("name", "")).lower()] = i
                try:
                    self._expand_one(one, ev, group, depth, resources, planned, deployment_outputs)
                finally:
                    ev.copy_index.pop("", None)
                    ev.copy_index.pop(str(loop.get("name", "")).lower(), None)
            return
        if str(decl.get("type", "")).lower() == "microsoft.resources/deployments":
            name = ev.value(decl.get("name"))
            if symbol is not None:
                ev.symbols[symbol.lower()] = resource_id(group["id"], "Microsoft.Resources/deployments", str(name))
            props = decl.get("properties") or {}
            scope = ((props.get("expressionEvaluationOptions") or {}).get("scope") or "outer").lower()
            if scope != "inner":
                raise TemplateError("nested deployments need expressionEvaluationOptions.scope 'inner' in the emulator")
            inner_given = {k: module_parameter(ev, k, v) for k, v in (props.get("parameters") or {}).items()}
            inner_resources, inner_outputs = self.expand(
                group, {"template": props.get("template"), "parameters": inner_given}, depth + 1, planned)
            deployment_outputs[str(name).lower()] = inner_outputs
            for res in inner_resources:
                planned[res["id"].lower()] = res
            resources.extend(inner_resources)
            return
        body = ev.value({k: v for k, v in decl.items() if k not in ("dependsOn", "condition", "comments")})
        if not isinstance(body.get("type"), str) or not isinstance(body.get("name"), str):
            raise TemplateError("every resource needs a 'type' and a 'name' that evaluate to text")
        scope = body.pop("scope", None)
        if scope:  # an extension resource (role assignments, locks…) on another resource
            namespace, *types = body["type"].split("/")
            names = body["name"].split("/")
            rid = f"{scope}/providers/{namespace}/" + "/".join(f"{t}/{n}" for t, n in zip(types, names))
        else:
            rid = resource_id(group["id"], body["type"], body["name"])
        if symbol is not None:
            ev.symbols[symbol.lower()] = rid
        if body.get("existing") is True:
            found = self.resources.get(rid.lower())  # the caller holds the store's lock
            if found is None:
                raise TemplateError(f"The Resource '{body['type']}/{body['name']}' under resource group "
                                    f"'{group['name']}' was not found.")
            planned[rid.lower()] = found
            return
        body.setdefault("location", group["location"])
        body["id"] = rid
        computed_properties(body, rid)
        planned[rid.lower()] = body
        resources.append(body)

    # resources -----------------------------------------------------------------------
    def put_resource(self, path, body):
        """Replaces an existing resource's body as a PUT by id does; None when there is none
        (the emulator creates resources only through deployments)."""
        key = path.lower()
        before = self.resources.get(key)
        if before is None:
            return None
        stored = copy.deepcopy(body)
        stored.update({"id": before["id"], "name": before["name"], "type": before["type"]})
        # The emulator's own note of the API version the resource was declared with (az's
        # GenericResource model has no such field, so its PUT drops it).
        if "apiVersion" in before:
            stored.setdefault("apiVersion", before["apiVersion"])
        if not isinstance(stored.get("properties"), dict):
            stored["properties"] = {}
        stored["properties"]["provisioningState"] = "Succeeded"
        self.resources[key] = stored
        return stored

    # what-if -------------------------------------------------------------------------
    def what_if(self, group, properties):
        resources, _ = self.expand(group, properties)
        mode = properties.get("mode", "Incremental")
        changes = []
        planned = set()
        for res in resources:
            key = res["id"].lower()
            planned.add(key)
            before = self.resources.get(key)
            after = _visible(res)
            if before is None:
                changes.append({"resourceId": res["id"], "changeType": "Create",
                                "before": None, "after": after, "delta": None})
                continue
            delta = _delta(_visible(before), after)
            changes.append({"resourceId": res["id"], "changeType": "Modify" if delta else "NoChange",
                            "before": _visible(before), "after": after, "delta": delta or None})
        for key, res in sorted(self.resources.items()):
            if in_scope(group, key) and key not in planned:
                change = "Delete" if mode == "Complete" else "Ignore"
                changes.append({"resourceId": res["id"], "changeType": change,
                                "before": _visible(res), "after": None, "delta": None})
        return changes

    # deployments ---------------------------------------------------------------------
    def start_deployment(self, group, name, properties, outcome):
        """Record a deployment as Running; `finish_deployment` applies it once polled enough."""
        resources, outputs = self.expand(group, properties)
        dep_id = f"{group['id']}/providers/Microsoft.Resources/deployments/{name}"
        op_id = uuid.uuid4().hex
        now = _now()
        deployment = {
            "id": dep_id, "name": name, "type": "Microsoft.Resources/deployments",
            **({"location": group["location"]} if not group["id"].lower().startswith("/subscriptions/") or group.get("subscription") else {}),
            "properties": {
                "provisioningState": "Running", "mode": properties.get("mode", "Incremental"),
                "timestamp": now, "duration": "PT0S", "correlationId": str(uuid.uuid4()),
                "templateHash": str(abs(hash(json.dumps(properties.get("template"), sort_keys=True)))),
                "parameters": _mask_secure(properties), "outputs": None, "outputResources": [],
                "dependencies": [], "providers": [], "error": None,
            },
        }
        # ARM echoes the request's onErrorDeployment; the failure fills provisioningState.
        if isinstance(properties.get("onErrorDeployment"), dict):
            deployment["properties"]["onErrorDeployment"] = {
                k: v for k, v in properties["onErrorDeployment"].items() if k in ("type", "deploymentName")}
        self.sent[dep_id.lower()] = copy.deepcopy(properties)
        # While it runs, each resource's operation is Running, as ARM lists them.
        deployment["properties"]["operations"] = [_operation(dep_id, r, "Running", None) for r in resources]
        self.deployments[dep_id.lower()] = deployment
        self.templates[dep_id.lower()] = copy.deepcopy(properties.get("template"))
        self.operations[op_id] = {"deployment": dep_id.lower(), "polls": 0, "outcome": outcome,
                                  "resources": resources, "outputs": outputs, "group": group,
                                  "mode": properties.get("mode", "Incremental"), "started": time.time()}
        return deployment, op_id

    def poll_operation(self, op_id):
        op = self.operations[op_id]
        op["polls"] += 1
        deployment = self.deployments[op["deployment"]]
        state = deployment["properties"]["provisioningState"]
        if state != "Running":
            return deployment
        if op["polls"] <= op["outcome"].get("running_polls", 1) or not self._time_is_up(op):
            return deployment
        self._finish(op, deployment)
        return deployment

    @staticmethod
    def _time_is_up(op):
        return time.time() - op["started"] >= op["outcome"].get("running_seconds", 0)

    def advance(self, dep_key):
        """A deployment with "running_seconds" ends by the clock, polled or not, as ARM's go on
        after the client that sent them has stopped waiting."""
        for op in self.operations.values():
            if op.get("deployment") != dep_key or "running_seconds" not in op.get("outcome", {}):
                continue
            deployment = self.deployments[dep_key]
            if deployment["properties"]["provisioningState"] == "Running" and self._time_is_up(op):
                self._finish(op, deployment)

    def _finish(self, op, deployment):
        props = deployment["properties"]
        props["duration"] = "PT2S"
        failure = op["outcome"].get("error")
        failed_ids = set(op["outcome"].get("failed_resources", []))
        if failure:
            props["provisioningState"] = "Failed"
            props["error"] = failure
        else:
            props["provisioningState"] = "Succeeded"
            # ARM keeps no value of a secure output: only its type comes back.
            props["outputs"] = {k: ({"type": v["type"]} if v["type"].lower() in ("securestring", "secureobject") else v)
                                for k, v in op["outputs"].items()}
        ops = []
        for res in op["resources"]:
            stored = copy.deepcopy(res)
            failed = res["name"] in failed_ids
            stored.setdefault("properties", {})
            # A scenario may leave a resource in a state of its own after a successful deployment.
            state = op["outcome"].get("resource_states", {}).get(res["name"])
            if isinstance(stored["properties"], dict):
                stored["properties"]["provisioningState"] = state or ("Failed" if failed else "Succeeded")
            if not failure or failed_ids:
                self.resources[res["id"].lower()] = stored
                if res["type"].lower() == "microsoft.resources/resourcegroups" and not failed:
                    self.put_group(res["name"], res.get("location", "eastus"), res.get("tags"))
            ops.append(_operation(deployment["id"], res, "Failed" if (failure and (failed or not failed_ids)) else "Succeeded",
                                  failure if (failed or not failed_ids) else None))
        if op["mode"] == "Complete" and not failure:
            planned = {r["id"].lower() for r in op["resources"]}
            for key in [k for k in self.resources if in_scope(op["group"], k) and k not in planned]:
                del self.resources[key]
        props["outputResources"] = [{"id": r["id"]} for r in op["resources"]]
        props["operations"] = ops
        if failure:
            self._roll_back(op, deployment)

    def _roll_back(self, op, deployment):
        """ARM's rollback on error (learn.microsoft.com, azure-resource-manager/templates/
        rollback-on-error): a failed deployment with onErrorDeployment has an earlier succeeded
        deployment of its resource group redeployed as it ran (its template and parameters), in
        Complete mode. The failed deployment says so in properties.onErrorDeployment
        (OnErrorDeploymentExtended: type, deploymentName, provisioningState). For LastSuccessful
        the emulator leaves deploymentName unset, as az sent it: the docs do not say ARM fills it.
        A target that is missing or did not succeed ends the redeploy Failed."""
        on_error = deployment["properties"].get("onErrorDeployment")
        if not on_error:
            return
        target = self._rollback_target(op["group"], deployment, on_error)
        if target is None or target["id"].lower() not in self.sent:
            on_error["provisioningState"] = "Failed"
            return
        resources, _ = self.expand(op["group"], self.sent[target["id"].lower()])
        for res in resources:
            stored = copy.deepcopy(res)
            if isinstance(stored.setdefault("properties", {}), dict):
                stored["properties"]["provisioningState"] = "Succeeded"
            self.resources[res["id"].lower()] = stored
        planned = {r["id"].lower() for r in resources}
        for key in [k for k in self.resources if in_scope(op["group"], k) and k not in planned]:
            del self.resources[key]
        on_error["provisioningState"] = "Succeeded"
        self.rollbacks.append({"failed": deployment["name"], "redeployed": target["name"]})

    def _rollback_target(self, group, deployment, on_error):
        prefix = group["id"].lower() + "/providers/microsoft.resources/deployments/"
        if on_error.get("type") == "SpecificDeployment":
            named = self.deployments.get(prefix + str(on_error.get("deploymentName", "")).lower())
            ok = named and named["properties"]["provisioningState"] == "Succeeded"
            return named if ok else None
        best = None
        for key, past in self.deployments.items():  # in the order they were first created
            if (key.startswith(prefix) and past is not deployment and
                    past["properties"]["provisioningState"] == "Succeeded" and
                    (best is None or past["properties"]["timestamp"] >= best["properties"]["timestamp"])):
                best = past
        return best

    def operation_status(self, op_id):
        deployment = self.poll_operation(op_id)
        state = deployment["properties"]["provisioningState"]
        # A scenario's "async_status" is what the async operation reports once the deployment
        # has ended, whatever its own provisioningState says: az then takes the LRO as done,
        # GETs the deployment and exits 0 with a Failed or Canceled deployment in hand.
        reported = self.operations[op_id]["outcome"].get("async_status")
        if reported and state != "Running":
            return {"status": reported}
        body = {"status": state}
        if state == "Failed":
            body["error"] = deployment["properties"]["error"]
        return body


def in_scope(scope, resource_key):
    """Whether a stored resource belongs to a deployment scope: a resource group's resources, at
    subscription scope the resource groups themselves, a management group's own resources, or at
    tenant scope the resources above every subscription and management group."""
    if scope.get("subscription"):
        return re.fullmatch(r"/subscriptions/[^/]+/resourcegroups/[^/]+", resource_key) is not None
    if scope.get("tenant"):
        return resource_key.count("/providers/") == 1 and not resource_key.startswith("/subscriptions/")
    return resource_key.startswith(scope["id"].lower() + "/")


def _operation(dep_id, res, state, error):
    op = {"id": f"{dep_id}/operations/{uuid.uuid4().hex[:16].upper()}",
          "operationId": uuid.uuid4().hex[:16].upper(),
          "properties": {"provisioningOperation": "Create", "provisioningState": state,
                         "timestamp": _now(), "duration": "PT1S", "trackingId": str(uuid.uuid4()),
                         "statusCode": "OK" if state == "Succeeded" else "BadRequest",
                         "targetResource": {"id": res["id"], "resourceType": res["type"],
                                            "resourceName": res["name"]}}}
    if error:
        op["properties"]["statusMessage"] = {"status": "Failed", "error": error}
    return op


def _visible(res):
    out = {k: v for k, v in res.items() if k not in ("dependsOn",)}
    props = res.get("properties")
    # A template that declares no properties and a stored resource with only read-only ones match.
    out["properties"] = ({k: v for k, v in props.items() if k != "provisioningState"}
                         if isinstance(props, dict) else (props if props is not None else {}))
    return out


def _delta(before, after, path=""):
    changes = []
    for key in sorted(set(before) | set(after)):
        where = f"{path}.{key}" if path else key
        b, a = before.get(key), after.get(key)
        if key not in after:
            continue  # ARM keeps properties a template omits; what-if does not report them
        if isinstance(b, dict) and isinstance(a, dict):
            changes.extend(_delta(b, a, where))
        elif key not in before:
            changes.append({"path": where, "propertyChangeType": "Create", "before": None, "after": a})
        elif a != b:
            changes.append({"path": where, "propertyChangeType": "Modify", "before": b, "after": a})
    return changes


def _mask_secure(properties):
    template = properties.get("template") or {}
    declared = template.get("parameters") or {}
    out = {}
    for name, holder in (properties.get("parameters") or {}).items():
        kind = str(declared.get(name, {}).get("type", "string"))
        if kind.lower() in ("securestring", "secureobject"):
            out[name] = {"type": kind}
        else:
            out[name] = {"type": kind, "value": holder.get("value")}
    return out


def _now():
    return time.strftime("%Y-%m-%dT%H:%M:%S.000000+00:00", time.gmtime())
