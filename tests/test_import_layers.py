"""The apps are floors of one house: each imports `core` and the apps below it, never an app above it, and no
module imports itself back round a loop. Below the apps are the modules settings.py reads first (GROUND), above
them the project's own (PROJECT_MODULES); every top-level module of putright/ has a place. The layers are listed
in the README's Layout section; this test is what holds them.

Imports inside `if TYPE_CHECKING:` are for type checking only and never run, so they are not counted; imports
inside functions are, as they still tie one module to the other. Tests and migrations are not counted.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "putright"

# Below every app: what settings.py reads before any app is loaded (the environment, where files are kept, the date
# formats Django loads by name). They import no app, and an app may import them.
GROUND = ["env", "filestorage", "formats"]
# Lowest first. An app may import the apps on its own floor's left, never on its right.
LAYERS = [
    "core",
    "organisation",
    "people",
    "procedures",
    "audit",
    "cases",
    "notifications",
    "ombudsman",
    "learning",
    "portal",
    "reporting",
    "api",
    "imports",
    "records",
    "demo",
]
# Above every app: the project itself, which names the apps; no app imports it (apps read django.conf.settings).
PROJECT_MODULES = ["settings", "urls", "wsgi"]
# Every top-level module or package of putright/ has a place, lowest first: each imports only what is on its left.
FLOOR = {name: number for number, name in enumerate([*GROUND, *LAYERS, *PROJECT_MODULES])}


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.AST, module: str, is_package: bool) -> list[tuple[str, int]]:
    """(imported module, line) for every import that runs, resolving relative imports."""
    found: list[tuple[str, int]] = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            found.extend((alias.name, node.lineno) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".")
                base = base[: len(base) - node.level + (1 if is_package else 0)]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            found.append((target, node.lineno))
            # `from putright.cases import events` imports the module putright.cases.events.
            found.extend((f"{target}.{alias.name}", node.lineno) for alias in node.names)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


def _modules() -> dict[str, Path]:
    modules = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        if "migrations" in parts or "tests" in parts:
            continue
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        modules[name] = path
    return modules


MODULES = _modules()


def _graph() -> dict[str, list[tuple[str, int]]]:
    graph: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for name, path in MODULES.items():
        for target, line in _imports(ast.parse(path.read_text()), name, path.name == "__init__.py"):
            if target in MODULES and target != name:
                graph[name].append((target, line))
    return graph


GRAPH = _graph()


def _place(module: str) -> str | None:
    """The top-level module or package of putright/ that a module is in (None for the putright package itself)."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else None


def _where(module: str, line: int) -> str:
    return f"{MODULES[module].relative_to(PACKAGE.parent)}:{line}"


def test_every_app_has_a_floor() -> None:
    apps = {path.parent.name for path in PACKAGE.glob("*/apps.py")}
    unplaced = sorted(apps - set(LAYERS))
    assert not unplaced, f"Add {unplaced} to LAYERS here and to the README's Layout section, on the floor it belongs"


def test_every_module_has_a_place() -> None:
    unplaced = sorted({str(_place(module)) for module in MODULES if _place(module) not in (None, *FLOOR)})
    assert not unplaced, (
        f"{', '.join(f'putright/{name}' for name in unplaced)} on no floor: add each to GROUND (imports no app), "
        "LAYERS (an app) or PROJECT_MODULES (names the apps) here, and to the README's Layout section"
    )


def test_no_module_imports_one_above_it() -> None:
    upward = []
    for module, targets in GRAPH.items():
        place = _place(module)
        if place not in FLOOR:
            continue  # unplaced: named by test_every_module_has_a_place
        for target, line in targets:
            other = _place(target)
            if other in FLOOR and other != place and FLOOR[other] > FLOOR[place]:
                upward.append(f"{_where(module, line)} imports {target} ({other} is above {place})")
    assert not upward, "Imports that run back up the layers:\n" + "\n".join(sorted(set(upward)))


# Inside an app, sub-packages may have floors of their own: the first holds what the others build on and imports
# neither of them; the others do not import each other.
SUB_PACKAGES: dict[str, tuple[str, tuple[str, ...]]] = {"notifications": ("outbound", ("inbound", "alerts"))}


def _sub_package(module: str) -> tuple[str, str] | None:
    parts = module.split(".")
    if len(parts) > 3 and parts[1] in SUB_PACKAGES:
        return parts[1], parts[2]
    return None


def test_sub_packages_keep_their_floors() -> None:
    wrong = []
    for module, targets in GRAPH.items():
        own = _sub_package(module)
        if own is None:
            continue
        app, sub = own
        ground, upper = SUB_PACKAGES[app]
        for target, line in targets:
            other = _sub_package(target)
            if other is None or other[0] != app or other[1] == sub:
                continue
            if sub == ground or (sub in upper and other[1] in upper):
                wrong.append(f"{_where(module, line)} imports {target}")
    assert not wrong, "Imports between sub-packages that should not know each other:\n" + "\n".join(sorted(wrong))


def _cycles() -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan), each a loop of imports."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []
    counter = 0

    def connect(node: str) -> None:
        nonlocal counter
        index[node] = low[node] = counter
        counter += 1
        stack.append(node)
        on_stack.add(node)
        for target, _line in GRAPH.get(node, []):
            if target not in index:
                connect(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for module in MODULES:
        if module not in index:
            connect(module)
    return groups


def test_no_module_imports_itself_back_round_a_loop() -> None:
    loops = []
    for group in _cycles():
        members = set(group)
        imports = [
            f"  {_where(module, line)} imports {target}"
            for module in group
            for target, line in GRAPH.get(module, [])
            if target in members
        ]
        loops.append(" <-> ".join(group) + "\n" + "\n".join(sorted(set(imports))))
    assert not loops, "Import cycles:\n" + "\n".join(loops)


@pytest.mark.parametrize(
    ("source", "module", "expected"),
    [
        ("from putright.cases import events", "putright.notifications.outbound.services", "putright.cases.events"),
        ("from . import models", "putright.cases.lifecycle", "putright.cases.models"),
        ("if TYPE_CHECKING:\n    from putright.cases.models import Case", "putright.core.views", None),
        ("def f():\n    from putright.portal.models import X", "putright.reporting.x", "putright.portal.models"),
    ],
)
def test_the_import_reader_finds_what_runs(source: str, module: str, expected: str | None) -> None:
    targets = {target for target, _line in _imports(ast.parse(source), module, is_package=False)}
    if expected is None:
        assert not any(target.startswith("putright.cases") for target in targets)
    else:
        assert expected in targets
