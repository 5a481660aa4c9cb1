#!/usr/bin/env python3
"""The folders of src/ form layers: no folder includes, directly or through others, a folder
that includes it back, and the readers of a run (audit/, report/) never reach the loop
(pipeline/) or the stages. Prints the include graph between folders; exits 1 on a cycle or a
forbidden edge, naming the files that make it."""

import pathlib
import re
import sys

SRC = pathlib.Path(__file__).resolve().parents[2] / "src"
INCLUDE = re.compile(r'^\s*#\s*include\s+"([a-z_]+)/[^"]+"', re.M)
# What reads a finished run must not depend on what runs it (ARCHITECTURE.md, the spine).
FORBIDDEN = {("audit", "pipeline"), ("audit", "stages"), ("report", "pipeline"),
             ("report", "stages"), ("model", "pipeline"), ("model", "stages")}


def folder_graph(src):
    edges = {}
    for path in sorted(src.rglob("*.[ch]pp")):
        relative = path.relative_to(src)
        if len(relative.parts) < 2:
            continue  # main.cpp sits above every folder
        folder = relative.parts[0]
        edges.setdefault(folder, {})
        for target in INCLUDE.findall(path.read_text(encoding="utf-8")):
            if target != folder and (src / target).is_dir():
                edges[folder].setdefault(target, []).append(str(relative))
    return edges


def find_cycle(edges):
    state = {}
    stack = []

    def visit(node):
        state[node] = "open"
        stack.append(node)
        for nxt in sorted(edges.get(node, {})):
            if state.get(nxt) == "open":
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        stack.pop()
        state[node] = "done"
        return None

    for node in sorted(edges):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


def main():
    edges = folder_graph(SRC)
    for folder in sorted(edges):
        print(f"{folder} -> {' '.join(sorted(edges[folder])) or '(nothing)'}")
    problems = []
    cycle = find_cycle(edges)
    if cycle:
        hops = []
        for a, b in zip(cycle, cycle[1:]):
            hops.append(f"{a} -> {b} ({edges[a][b][0]})")
        problems.append("folder cycle: " + "; ".join(hops))
    for a, b in sorted(FORBIDDEN):
        if b in edges.get(a, {}):
            problems.append(f"{a}/ includes {b}/ ({', '.join(edges[a][b])}): readers of a run "
                            "must not depend on what runs it")
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
