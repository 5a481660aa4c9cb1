"""ARM template expressions for the emulator: a parser for the language
(`[fn(arg, 'text', 3).prop[0]]`) and the functions compiled Bicep templates use. Anything else
raises TemplateError("expression not supported by the emulator: …"), which the emulator turns
into a 400 InvalidTemplate, as Azure does for an invalid template."""

import base64
import hashlib
import json
import re
import urllib.parse
import uuid


TENANT_ID = "00000000-0000-4000-8000-0000000000aa"


class TemplateError(Exception):
    """A template the emulator cannot evaluate; becomes a 400 InvalidTemplate."""


class PendingReference(Exception):
    """reference() to a nested deployment not expanded yet; the caller retries later."""


_TOKEN = re.compile(r"\s*(?:(?P<str>'(?:[^']|'')*')|(?P<num>-?\d+)|(?P<id>[A-Za-z_][A-Za-z0-9_]*)|(?P<op>[(),.\[\]]))")


def _tokens(text):
    out, pos = [], 0
    while pos < len(text):
        if text[pos:].strip() == "":
            break
        m = _TOKEN.match(text, pos)
        if not m:
            raise TemplateError(f"cannot parse the expression near: {text[pos:pos + 20]}")
        pos = m.end()
        kind = m.lastgroup
        value = m.group(kind)
        if kind == "str":
            value = value[1:-1].replace("''", "'")
        elif kind == "num":
            value = int(value)
        out.append((kind, value))
    return out


class _Parser:
    """expr := primary ( '.' id | '[' expr ']' )* ; primary := string | number | id '(' args ')'"""

    def __init__(self, tokens, source):
        self.tokens, self.i, self.source = tokens, 0, source

    def peek(self):
        return self.tokens[self.i] if self.i < len(self.tokens) else (None, None)

    def take(self, kind=None, value=None):
        tok = self.peek()
        if tok[0] is None or (kind and tok[0] != kind) or (value is not None and tok[1] != value):
            raise TemplateError(f"cannot parse the expression: {self.source}")
        self.i += 1
        return tok

    def expr(self):
        node = self.primary()
        while True:
            kind, value = self.peek()
            if kind == "op" and value == ".":
                self.take()
                node = ("prop", node, self.take("id")[1])
            elif kind == "op" and value == "[":
                self.take()
                index = self.expr()
                self.take("op", "]")
                node = ("index", node, index)
            else:
                return node

    def primary(self):
        kind, value = self.take()
        if kind in ("str", "num"):
            return ("lit", value)
        if kind == "id":
            self.take("op", "(")
            args = []
            if self.peek() != ("op", ")"):
                args.append(self.expr())
                while self.peek() == ("op", ","):
                    self.take()
                    args.append(self.expr())
            self.take("op", ")")
            return ("call", value.lower(), args)
        raise TemplateError(f"cannot parse the expression: {self.source}")


def parse(text):
    """`text` without the surrounding brackets."""
    parser = _Parser(_tokens(text), text)
    node = parser.expr()
    if parser.i != len(parser.tokens):
        raise TemplateError(f"cannot parse the expression: {text}")
    return node


def unique_string(*parts):
    """Deterministic and 13 lower-case characters, like ARM's (not the same values)."""
    digest = hashlib.sha256("-".join(str(p) for p in parts).encode()).digest()
    return base64.b32encode(digest).decode().lower()[:13]


def provider_path(function, rtype, names):
    """`/providers/<namespace>/<type>/<name>/…` of a resource id, one name per type segment."""
    namespace, *types = rtype.split("/")
    if len(types) != len(names):
        raise TemplateError(f"{function}('{rtype}'): expected {len(types)} name(s)")
    return f"/providers/{namespace}/" + "/".join(f"{t}/{n}" for t, n in zip(types, names))


class Evaluator:
    """Evaluates template values in one scope: parameters, variables, the resource group, and
    the outputs of nested deployments expanded so far (for reference())."""

    def __init__(self, parameters, variables, rg, subscription_id, deployment_outputs=None, resources=None):
        self.parameters = parameters
        self.variables = variables
        self.rg = rg
        self.subscription_id = subscription_id
        self.deployment_outputs = deployment_outputs if deployment_outputs is not None else {}
        self.resources = resources if resources is not None else {}
        self.symbols = {}  # languageVersion 2.0: symbolic name (lower-case) -> resource id
        self.copy_index = {}  # loop name (lower-case; "" for the resource's own loop) -> index
        self.lookup = lambda rid: None  # an existing resource of the store, by lower-case id

    def value(self, node):
        if isinstance(node, dict):
            loops = node.get("copy")
            if isinstance(loops, list) and all(isinstance(c, dict) and "input" in c for c in loops):
                # A property loop, as Bicep emits `[for … ]` inside an object: each named
                # property becomes the list of its input, evaluated with copyIndex('name').
                out = {k: self.value(v) for k, v in node.items() if k != "copy"}
                for loop in loops:
                    out[loop["name"]] = self.loop(loop["name"], self.value(loop["count"]), loop["input"])
                return out
            return {k: self.value(v) for k, v in node.items()}
        if isinstance(node, list):
            return [self.value(v) for v in node]
        if not isinstance(node, str) or not node.startswith("[") or not node.endswith("]"):
            return node
        if node.startswith("[["):
            return node[1:]
        try:
            tree = parse(node[1:-1])
        except TemplateError:
            raise TemplateError(f"expression not supported by the emulator: {node}")
        return self.eval(tree, node)

    def eval(self, tree, source):
        kind = tree[0]
        if kind == "lit":
            return tree[1]
        if kind == "prop":
            target = self.eval(tree[1], source)
            if isinstance(target, dict):
                for key, val in target.items():
                    if key.lower() == tree[2].lower():
                        return val
            raise TemplateError(f"The language expression property '{tree[2]}' doesn't exist ({source}).")
        if kind == "index":
            target, index = self.eval(tree[1], source), self.eval(tree[2], source)
            try:
                return target[index]
            except (KeyError, IndexError, TypeError):
                raise TemplateError(f"The index '{index}' is not valid ({source}).")
        name, args = tree[1], tree[2]
        if name == "if":  # lazily: only the branch taken is evaluated
            return self.eval(args[1] if self.eval(args[0], source) else args[2], source)
        values = [self.eval(a, source) for a in args]
        fn = getattr(self, "fn_" + name, None)
        if fn is None:
            raise TemplateError(f"expression not supported by the emulator: {source}")
        return fn(*values)

    def loop(self, name, count, node):
        key = str(name).lower()
        saved = self.copy_index.get(key)
        out = []
        try:
            for i in range(int(count)):
                self.copy_index[key] = i
                out.append(self.value(node))
        finally:
            if saved is None:
                self.copy_index.pop(key, None)
            else:
                self.copy_index[key] = saved
        return out

    def fn_copyindex(self, *args):
        name, offset = "", 0
        for arg in args:
            if isinstance(arg, str):
                name = arg.lower()
            else:
                offset = int(arg)
        if name not in self.copy_index:
            raise TemplateError(f"copyIndex({', '.join(map(repr, args))}) is used outside its copy loop")
        return self.copy_index[name] + offset

    # scope --------------------------------------------------------------------------
    def fn_parameters(self, name):
        if name not in self.parameters:
            raise TemplateError(f"The template parameter '{name}' is not found.")
        return self.parameters[name]

    def fn_variables(self, name):
        if name not in self.variables:
            raise TemplateError(f"The template variable '{name}' is not found.")
        return self.value(self.variables[name])

    def fn_resourcegroup(self):
        return {"id": self.rg["id"], "name": self.rg["name"], "location": self.rg["location"],
                "tags": self.rg.get("tags") or {}}

    def fn_subscription(self):
        return {"id": f"/subscriptions/{self.subscription_id}", "subscriptionId": self.subscription_id,
                "tenantId": TENANT_ID, "displayName": "bicepgate-emulator"}

    def fn_deployment(self):
        # At subscription, management-group and tenant scope deployment() has the location the
        # deployment's metadata is kept in (learn.microsoft.com, template-functions-deployment:
        # "location: when deploying to a subscription, management group, or tenant").
        out = {"name": "emulated", "properties": {}}
        if any(self.rg.get(kind) for kind in ("subscription", "managementGroup", "tenant")):
            out["location"] = self.rg.get("location")
        return out

    def fn_managementgroup(self):
        # managementGroup() at management-group scope (learn.microsoft.com, template-functions-scope:
        # id, name, properties {displayName, details}, type); ARM refuses it at any other scope.
        if not self.rg.get("managementGroup"):
            raise TemplateError("managementGroup() is available only at management-group scope")
        return {"id": self.rg["id"], "name": self.rg["name"],
                "type": "/providers/Microsoft.Management/managementGroups",
                "properties": {"displayName": self.rg["name"], "details": {}}}

    def fn_resourceid(self, *args):
        if len(args) >= 2 and "/" in str(args[0]) and not str(args[0]).startswith("Microsoft.") \
                and "." not in str(args[0]).split("/")[0]:
            raise TemplateError("resourceId with a subscription or group argument is not supported by the emulator")
        return self.rg["id"] + provider_path("resourceId", args[0], args[1:])

    def fn_subscriptionresourceid(self, rtype, *names):
        return f"/subscriptions/{self.subscription_id}" + provider_path("subscriptionResourceId", rtype, names)

    def fn_tenantresourceid(self, rtype, *names):
        return provider_path("tenantResourceId", rtype, names)

    def fn_extensionresourceid(self, scope, rtype, *names):
        return scope + provider_path("extensionResourceId", rtype, names)

    def fn_tenant(self):
        return {"tenantId": TENANT_ID, "countryCode": "US", "displayName": "bicepgate-emulator"}

    def fn_environment(self):
        # ARM's answer in the public cloud (the names templates read; the emulator serves no others).
        return {"name": "AzureCloud", "gallery": "https://gallery.azure.com/",
                "graph": "https://graph.windows.net/", "portal": "https://portal.azure.com",
                "resourceManager": "https://management.azure.com/",
                "authentication": {"loginEndpoint": "https://login.microsoftonline.com/",
                                   "audiences": ["https://management.core.windows.net/",
                                                 "https://management.azure.com/"]},
                "suffixes": {"acrLoginServer": ".azurecr.io", "keyvaultDns": ".vault.azure.net",
                             "sqlServerHostname": ".database.windows.net", "storage": "core.windows.net"}}

    def fn_listkeys(self, target, api_version=None):
        rid = str(target).lower()
        if "/providers/microsoft.storage/storageaccounts/" not in rid or rid.count("/") != 8:
            raise TemplateError(f"expression not supported by the emulator: listKeys('{target}') "
                                f"(only storage accounts have keys here)")
        if rid not in self.resources and self.lookup(rid) is None:
            raise PendingReference(rid)
        return {"keys": [{"keyName": name, "permissions": "FULL",
                          "value": base64.b64encode(hashlib.sha256(f"{rid}/{name}".encode()).digest() * 2).decode()}
                         for name in ("key1", "key2")]}

    def fn_reference(self, target, api_version=None, full=None):
        key = str(target).lower()
        if "/" not in key:  # a symbolic name (languageVersion 2.0)
            if key not in self.symbols:
                raise PendingReference(key)
            key = self.symbols[key].lower()
        if "/providers/microsoft.resources/deployments/" in key:
            name = key.rsplit("/", 1)[1]
            if name not in self.deployment_outputs:
                raise PendingReference(name)
            return {"outputs": self.deployment_outputs[name]}
        for rid, res in self.resources.items():
            if rid == key or rid.endswith("/" + key):
                return res.get("properties", {}) if str(full).lower() != "full" else res
        found = self.lookup(key)
        if found is not None:
            return found.get("properties", {}) if str(full).lower() != "full" else found
        raise PendingReference(key)

    # values -------------------------------------------------------------------------
    def fn_format(self, template, *args):
        def one(m):
            return _text(args[int(m.group(1))])
        return re.sub(r"\{(\d+)(?::[^}]*)?\}", one, template)

    def fn_concat(self, *args):
        if args and all(isinstance(a, list) for a in args):
            return [x for a in args for x in a]
        return "".join(_text(a) for a in args)

    def fn_uniquestring(self, *args):
        return unique_string(*args)

    def fn_tolower(self, s):
        return str(s).lower()

    def fn_toupper(self, s):
        return str(s).upper()

    def fn_substring(self, s, start, length=None):
        return s[start:] if length is None else s[start:start + length]

    def fn_take(self, s, n):
        return s[:n]

    def fn_replace(self, s, old, new):
        return s.replace(old, new)

    def fn_length(self, x):
        return len(x)

    def fn_equals(self, a, b):
        return a == b

    def fn_not(self, a):
        return not a

    def fn_and(self, *args):
        return all(args)

    def fn_or(self, *args):
        return any(args)

    def fn_true(self):
        return True

    def fn_false(self):
        return False

    def fn_null(self):
        return None

    def fn_empty(self, x):
        return not x

    def fn_contains(self, container, item):
        if isinstance(container, dict):
            return item in container
        if isinstance(container, str):
            return str(item).lower() in container.lower()
        return item in container

    def fn_createarray(self, *args):
        return list(args)

    def fn_createobject(self, *args):
        return {args[i]: args[i + 1] for i in range(0, len(args), 2)}

    def fn_union(self, *args):
        if all(isinstance(a, dict) for a in args):
            out = {}
            for a in args:
                out.update(a)
            return out
        out = []
        for a in args:
            out += [x for x in a if x not in out]
        return out

    def fn_string(self, x):
        return _text(x)

    def fn_int(self, x):
        return int(x)

    def fn_bool(self, x):
        return x if isinstance(x, bool) else str(x).lower() == "true"

    def fn_json(self, text):
        return json.loads(text)

    def fn_guid(self, *args):
        # Deterministic, like ARM's (not the same values).
        return str(uuid.uuid5(uuid.NAMESPACE_URL, "-".join(_text(a) for a in args)))

    def fn_items(self, obj):
        return [{"key": k, "value": v} for k, v in sorted(obj.items(), key=lambda kv: kv[0].lower())]

    def fn_first(self, x):
        return x[0] if x else None

    def fn_last(self, x):
        return x[-1] if x else None

    def fn_split(self, s, delimiters):
        parts = [s]
        for d in ([delimiters] if isinstance(delimiters, str) else delimiters):
            parts = [p for part in parts for p in part.split(d)]
        return parts

    def fn_join(self, items, delimiter):
        return delimiter.join(_text(i) for i in items)

    def fn_startswith(self, s, prefix):
        return str(s).lower().startswith(str(prefix).lower())

    def fn_endswith(self, s, suffix):
        return str(s).lower().endswith(str(suffix).lower())

    def fn_trim(self, s):
        return str(s).strip()

    def fn_coalesce(self, *args):
        return next((a for a in args if a is not None), None)

    def fn_add(self, a, b):
        return a + b

    def fn_sub(self, a, b):
        return a - b

    def fn_mul(self, a, b):
        return a * b

    def fn_div(self, a, b):
        return int(a / b)

    def fn_mod(self, a, b):
        return a % b

    def fn_greater(self, a, b):
        return a > b

    def fn_greaterorequals(self, a, b):
        return a >= b

    def fn_less(self, a, b):
        return a < b

    def fn_lessorequals(self, a, b):
        return a <= b

    def fn_min(self, *args):
        return min(args[0] if len(args) == 1 else args)

    def fn_max(self, *args):
        return max(args[0] if len(args) == 1 else args)

    def fn_range(self, start, count):
        return list(range(start, start + count))

    def fn_skip(self, x, n):
        return x[n:]

    def fn_array(self, x):
        return x if isinstance(x, list) else [x]

    def fn_base64(self, s):
        return base64.b64encode(str(s).encode()).decode()

    # ARM's uriComponent percent-encodes every UTF-8 byte but RFC 3986's unreserved characters
    # (learn.microsoft.com/azure/azure-resource-manager/templates/template-functions-string
    # #uricomponent: 'http://contoso.com/...' becomes 'http%3A%2F%2Fcontoso.com%2F...').
    def fn_uricomponent(self, s):
        return urllib.parse.quote(str(s), safe="")

    def fn_uricomponenttostring(self, s):
        return urllib.parse.unquote(str(s))

    def fn_padleft(self, s, width, char=" "):
        return _text(s).rjust(int(width), char)


def _text(value):
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, (dict, list)):
        return json.dumps(value)
    return str(value)
