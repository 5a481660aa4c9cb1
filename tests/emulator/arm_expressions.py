"""ARM template expressions for the emulator: a parser for the language
(`[fn(arg, 'text', 3).prop[0]]`) and the functions compiled Bicep templates use. Anything else
raises TemplateError("expression not supported by the emulator: …"), which the emulator turns
into a 400 InvalidTemplate, as Azure does for an invalid template."""

import base64
import hashlib
import json
import re


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

    def value(self, node):
        if isinstance(node, dict):
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
        return {"name": "emulated", "properties": {}}

    def fn_resourceid(self, *args):
        if len(args) >= 2 and "/" in str(args[0]) and not str(args[0]).startswith("Microsoft.") \
                and "." not in str(args[0]).split("/")[0]:
            raise TemplateError("resourceId with a subscription or group argument is not supported by the emulator")
        rtype, names = args[0], args[1:]
        namespace, *types = rtype.split("/")
        if len(types) != len(names):
            raise TemplateError(f"resourceId('{rtype}'): expected {len(types)} name(s)")
        path = "/".join(f"{t}/{n}" for t, n in zip(types, names))
        return f"{self.rg['id']}/providers/{namespace}/{path}"

    def fn_reference(self, target, api_version=None, full=None):
        key = str(target).lower()
        if "/providers/microsoft.resources/deployments/" in key:
            name = key.rsplit("/", 1)[1]
            if name not in self.deployment_outputs:
                raise PendingReference(name)
            return {"outputs": self.deployment_outputs[name]}
        for rid, res in self.resources.items():
            if rid == key or rid.endswith("/" + key):
                return res.get("properties", {}) if full != "Full" else res
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


def _text(value):
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, (dict, list)):
        return json.dumps(value)
    return str(value)
