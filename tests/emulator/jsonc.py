"""Reads the JSONC that ARM accepts: az 2.45 splices the template in as `, template: {...}` (an
unquoted key), and templates may carry comments and trailing commas."""

import json
import re

_BARE_KEY = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]*")


def loads(text):
    if isinstance(text, bytes):
        text = text.decode("utf-8-sig")
    return json.loads(normalise(text))


def normalise(text):
    out = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == '"':
            j = i + 1
            while j < n and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            out.append(text[i:j + 1])
            i = j + 1
        elif text.startswith("//", i):
            while i < n and text[i] != "\n":
                i += 1
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            i = n if end < 0 else end + 2
        elif c in "}]":
            # drop a trailing comma before a closing bracket
            k = len(out) - 1
            while k >= 0 and out[k].isspace():
                k -= 1
            if k >= 0 and out[k] == ",":
                del out[k]
            out.append(c)
            i += 1
        else:
            m = _BARE_KEY.match(text, i)
            if m and _is_key_position(out) and text[m.end():].lstrip().startswith(":"):
                out.append('"' + m.group(0) + '"')
                i = m.end()
            elif m:
                out.append(m.group(0))
                i = m.end()
            else:
                out.append(c)
                i += 1
    return "".join(out)


def _is_key_position(out):
    k = len(out) - 1
    while k >= 0 and out[k].isspace():
        k -= 1
    return k >= 0 and out[k] in ("{", ",")
