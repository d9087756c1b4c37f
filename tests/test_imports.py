"""No import cycles in engine/ or playground/, and the engine never imports the UI.

The import graph is read from the source with ast: every import (also one inside a function, so a
cycle closed by a late import is found), relative ones resolved, and `from X import Y` pointing at
X.Y when Y is a module.
"""
import ast
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

UI = ("streamlit", "altair", "playground")


def module_files(root: Path, *packages: str) -> dict[str, Path]:
    """{"engine.cli.common": path, "engine.cli": path of its __init__.py, ...} for every .py
    file under root/package, recursively."""
    out = {}
    for package in packages:
        for path in sorted((root / package).rglob("*.py")):
            parts = list(path.relative_to(root).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            out[".".join(parts)] = path
    return out


def imports_of(name: str, path: Path):
    """(module, names) for every import statement in the file, relative ones made absolute:
    `import a.b` -> ("a.b", ()), `from ..x import y, z` -> ("pkg.x", ("y", "z"))."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            yield from ((alias.name, ()) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level:
                base = package.split(".")[:len(package.split(".")) - (node.level - 1)]
                module = ".".join(base + ([module] if module else []))
            yield module, tuple(alias.name for alias in node.names)


def import_graph(modules: dict[str, Path]) -> dict[str, set[str]]:
    """module -> the modules among `modules` it imports (itself excluded)."""
    graph = {}
    for name, path in modules.items():
        targets = set()
        for module, names in imports_of(name, path):
            subs = {f"{module}.{n}" for n in names if f"{module}.{n}" in modules}
            targets |= subs
            if len(subs) < len(names) or not names:  # something other than a submodule: the module
                parts = module.split(".")
                owner = next((".".join(parts[:i]) for i in range(len(parts), 0, -1)
                              if ".".join(parts[:i]) in modules), None)
                if owner:
                    targets.add(owner)
        targets.discard(name)
        graph[name] = targets
    return graph


def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Cycles [a, b, ..., a] among the strongly connected groups of two or more modules (Tarjan):
    the shortest one through each module of a group, each cycle once."""
    index, low, stack, on_stack, groups = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:  # v is the root of a group: pop it
            group = set()
            while v not in group:
                group.add(stack.pop())
            on_stack.difference_update(group)
            if len(group) > 1:
                groups.append(group)

    for v in sorted(graph):
        if v not in index:
            visit(v)
    cycles = set()
    for group in groups:
        for start in group:
            parent, queue = {start: None}, [start]
            for v in queue:  # breadth first, within the group, until an edge leads back to start
                if start in graph[v]:
                    break
                for w in sorted(graph[v] & group - parent.keys()):
                    parent[w] = v
                    queue.append(w)
            path = []
            while v is not None:
                path.insert(0, v)
                v = parent[v]
            first = path.index(min(path))  # the same cycle found from another start: one copy
            cycles.add(tuple(path[first:] + path[:first] + [min(path)]))
    return sorted(map(list, cycles))


def _show(cycles) -> str:
    return "import cycles:\n" + "\n".join("  " + " -> ".join(c) for c in cycles)


def test_cycle_finder_sees_relative_late_and_submodule_imports(tmp_path):
    files = {
        "pkg/__init__.py": "from pkg.table import TABLE\n",
        "pkg/table.py": "TABLE = {}\n",
        "pkg/a.py": "from . import b\n",  # relative import of a submodule: edge to pkg.b only
        "pkg/b.py": "def f():\n    from pkg.c import g\n    return g\n",  # late import
        "pkg/c.py": "import os\nimport pkg.a as again\n\ndef g():\n    pass\n",
        "pkg/d.py": "from pkg import TABLE, a\n",  # an attribute of pkg (its __init__) and a module
        "pkg/sub/__init__.py": "",
        "pkg/sub/e.py": "from ..table import TABLE\nfrom .. import d\n",
    }
    for rel, text in files.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text)
    graph = import_graph(module_files(tmp_path, "pkg"))
    assert graph["pkg"] == {"pkg.table"} and graph["pkg.a"] == {"pkg.b"}
    assert graph["pkg.d"] == {"pkg", "pkg.a"} and graph["pkg.sub.e"] == {"pkg.table", "pkg.d"}
    assert graph["pkg.c"] == {"pkg.a"}  # os is not one of ours
    assert find_cycles(graph) == [["pkg.a", "pkg.b", "pkg.c", "pkg.a"]]


def test_engine_has_no_import_cycle():
    graph = import_graph(module_files(ROOT, "engine"))
    assert {"engine.cli.common", "engine.cli.seq2seq", "engine.cli.embed"} <= set(graph)
    assert "engine.cli.common" in graph["engine.cli.seq2seq"]  # the graph sees the CLI's imports
    cycles = find_cycles(graph)
    assert cycles == [], _show(cycles)


def test_playground_has_no_import_cycle():
    graph = import_graph(module_files(ROOT, "engine", "playground"))
    assert "playground.kit.urlstate" in graph["playground.train.sidebar"]  # it sees the pages
    cycles = find_cycles(graph)
    assert cycles == [], _show(cycles)


def test_the_field_table_imports_nothing_of_the_ui():
    """The URL field table sits below everything that reads it: no Streamlit, charts or runs."""
    modules = module_files(ROOT, "engine", "playground")
    graph = import_graph(modules)
    table = [m for m in graph if m.startswith("playground.fields")]
    assert len(table) >= 4
    below = {"playground.literal", "playground.i18n.catalogue"}  # the link notices' words
    for module in table + sorted(below):
        reached = {m for m in graph[module] if m.startswith("playground.")}
        assert reached <= set(table) | below, (module, reached)
        libraries = {m.split(".")[0] for m, _ in imports_of(module, modules[module])}
        assert not libraries & {"streamlit", "altair"}, (module, libraries)
    body = ast.parse(modules["playground.i18n"].read_text(encoding="utf-8")).body
    top = {alias.name for node in body if isinstance(node, ast.Import) for alias in node.names}
    top |= {node.module for node in body if isinstance(node, ast.ImportFrom)}
    assert "streamlit" not in top  # importing the catalogue runs the package's __init__


def test_no_engine_module_imports_streamlit_altair_or_playground():
    modules = module_files(ROOT, "engine")
    direct = {name: sorted({m.split(".")[0] for m, _ in imports_of(name, path)} & set(UI))
              for name, path in modules.items()}
    assert {name: ui for name, ui in direct.items() if ui} == {}
    # and at run time, through any library: import every module (not __main__: it runs the CLI)
    names = sorted(n for n in modules if n != "engine.__main__")
    assert len(names) > 40 and "engine.cli.seq2seq" in names and "engine.embed.glove" in names
    code = (f"import importlib, sys\nfor m in {names!r}:\n    importlib.import_module(m)\n"
            f"print(sorted(m for m in {UI!r} if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[]"


def test_pages_import_another_page_only_where_they_build_on_it():
    """Each page package reads page -> sidebar/panels -> run -> engine, with the shared kit and
    field table below it; only Gates, Compare and Embeddings reach into Train (its run), and
    Compare's sentiment panel into Embeddings (its vectors)."""
    pages = ("train", "compare", "gates", "gradients", "attention", "embeddings")
    allowed = {"gates": {"train"}, "compare": {"train", "embeddings"}, "embeddings": {"train"}}
    graph = import_graph(module_files(ROOT, "engine", "playground"))
    crossing = {}
    for module, targets in graph.items():
        parts = module.split(".")
        if len(parts) < 3 or parts[1] not in pages:
            continue
        other = {t.split(".")[1] for t in targets
                 if t.startswith("playground.") and t.split(".")[1] in pages} - {parts[1]}
        if other - allowed.get(parts[1], set()):
            crossing[module] = sorted(other)
    assert crossing == {}
    shared = {t for targets in graph.values() for t in targets if t.startswith("playground.kit")}
    assert {"playground.kit.lockstep", "playground.kit.shell"} <= shared


def test_starting_the_app_loads_no_t_sne_libraries():
    """openTSNE with scikit-learn and SciPy take 1.3 s to import: the Embeddings page's first
    picture pays that, not a cold server's first page (the field table reads t-SNE's settings)."""
    code = ("import sys; import playground.app, playground.fields; "
            "print(sorted(m for m in ('openTSNE', 'sklearn', 'scipy') if m in sys.modules))")
    run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                         check=True)
    assert run.stdout.strip() == "[]"
