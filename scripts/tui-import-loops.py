#!/usr/bin/env python3
"""Count import loops between the modules of crates/otty-tui.

Each .rs file is a module; every `crate::a::b` / `super::…::x` path in it (in `use` lines or
inline) is resolved to the deepest module file that exists. Prints the pairs of modules that
reference each other and the strongly connected groups of more than one module.
Usage: python3 scripts/tui-import-loops.py [-v]
"""
import os, re, sys

ROOT = os.path.join(os.path.dirname(__file__), "..", "crates", "otty-tui", "src")
mods = {}
for d, _, files in os.walk(ROOT):
    for f in files:
        if f.endswith(".rs"):
            rel = os.path.relpath(os.path.join(d, f), ROOT)[:-3].split(os.sep)
            if rel == ["lib"]:
                rel = []
            mods[tuple(rel)] = os.path.join(d, f)

PATH = re.compile(r"\b((?:crate|super)(?:::\w+)+)")
USE_GROUP = re.compile(r"\b((?:crate|super)(?:::\w+)*)::\{([^}]*)\}")

def resolve(me, path):
    parts = path.split("::")
    if parts[0] == "crate":
        base, rest = [], parts[1:]
    else:
        base = list(me)
        rest = parts
        while rest and rest[0] == "super":
            base = base[:-1]
            rest = rest[1:]
    best = None
    cur = list(base)
    for p in rest:
        cur.append(p)
        if tuple(cur) in mods:
            best = tuple(cur)
    return best

edges = {m: set() for m in mods}
for m, f in mods.items():
    src = open(f).read()
    src = re.sub(r"#\[cfg\(test\)\]\s*mod tests\s*\{.*", "", src, flags=re.S)
    src = re.sub(r"//.*", "", src)  # comments and doc links are not imports
    found = [p for p in PATH.findall(src)]
    for base, group in USE_GROUP.findall(src):
        for item in group.split(","):
            item = item.strip().split(" as ")[0].strip()
            if item and item != "self":
                found.append(base + "::" + item)
    for p in found:
        t = resolve(m, p)
        # a module's own children and its parent's re-exports are not imports of interest
        if t is not None and t != m and t[: len(m)] != m and t != ():
            edges[m].add(t)

name = lambda m: "::".join(m) or "lib"
pairs = sorted({tuple(sorted((name(a), name(b)))) for a in edges for b in edges[a] if a in edges.get(b, ())})
# Tarjan for strongly connected components
index, low, stack, on, sccs, i = {}, {}, [], set(), [], [0]
def strong(v):
    index[v] = low[v] = i[0]; i[0] += 1; stack.append(v); on.add(v)
    for w in edges[v]:
        if w not in index:
            strong(w); low[v] = min(low[v], low[w])
        elif w in on:
            low[v] = min(low[v], index[w])
    if low[v] == index[v]:
        c = []
        while True:
            w = stack.pop(); on.discard(w); c.append(w)
            if w == v:
                break
        if len(c) > 1:
            sccs.append(sorted(name(x) for x in c))
sys.setrecursionlimit(10000)
for v in edges:
    if v not in index:
        strong(v)
print(f"modules: {len(mods)}, edges: {sum(len(e) for e in edges.values())}")
print(f"pairs importing each other: {len(pairs)}")
if "-v" in sys.argv:
    for a, b in pairs:
        print(f"  {a} <-> {b}")
print(f"cycles (strongly connected groups): {len(sccs)}, largest: {max((len(c) for c in sccs), default=0)} modules")
if "-v" in sys.argv:
    for c in sccs:
        print("  " + ", ".join(c))
