#!/usr/bin/env python3
"""Writes the inputs and outputs tables of README.md from action.yml, between the markers
<!-- action-docs:start --> and <!-- action-docs:end -->.

    scripts/action-docs.py          rewrite README.md
    scripts/action-docs.py --check  exit 1 (and say what to run) when README.md is stale"""

import os
import sys

import yaml

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
START, END = "<!-- action-docs:start -->", "<!-- action-docs:end -->"


def cell(text):
    return " ".join(str(text).split()).replace("|", "\\|")


def tables(action):
    lines = ["| Input | Default | Description |", "|---|---|---|"]
    for name, spec in action["inputs"].items():
        default = spec.get("default", "")
        shown = f"`{cell(default)}`" if default != "" else ""
        lines.append(f"| `{name}` | {shown} | {cell(spec.get('description', ''))} |")
    lines += ["", "| Output | Description |", "|---|---|"]
    for name, spec in action["outputs"].items():
        lines.append(f"| `{name}` | {cell(spec.get('description', ''))} |")
    return "\n".join(lines)


def main():
    with open(os.path.join(ROOT, "action.yml"), encoding="utf-8") as f:
        action = yaml.safe_load(f)
    readme_path = os.path.join(ROOT, "README.md")
    with open(readme_path, encoding="utf-8") as f:
        readme = f.read()
    if START not in readme or END not in readme:
        sys.exit(f"README.md has no {START} … {END} section")
    head, rest = readme.split(START, 1)
    _, tail = rest.split(END, 1)
    fresh = f"{head}{START}\n{tables(action)}\n{END}{tail}"
    if "--check" in sys.argv:
        if fresh != readme:
            sys.exit("README.md's inputs/outputs tables differ from action.yml: run scripts/action-docs.py")
        print("README.md's inputs/outputs tables match action.yml")
        return
    with open(readme_path, "w", encoding="utf-8") as f:
        f.write(fresh)


if __name__ == "__main__":
    main()
