"""The apps are floors of one house: each imports `core` and the apps below it, never an app above it, and no
module imports itself back round a loop. The layers are listed in the README's Layout section; this test is
what holds them.

Imports inside `if TYPE_CHECKING:` are for type checking only and never run, so they are not counted; imports
inside functions are, as they still tie one module to the other. Tests and migrations are not counted.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "putright"

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
FLOOR = {app: number for number, app in enumerate(LAYERS)}
PROJECT_MODULES = {"settings", "urls", "wsgi", "asgi", "env"}  # the project's own modules sit above every app


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


def _app(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 2 or (len(parts) == 2 and parts[1] not in PROJECT_MODULES) else None


def test_every_app_has_a_floor() -> None:
    apps = {path.parent.name for path in PACKAGE.glob("*/apps.py")}
    unplaced = sorted(apps - set(LAYERS))
    assert not unplaced, f"Add {unplaced} to LAYERS here and to the README's Layout section, on the floor it belongs"


def test_no_app_imports_an_app_above_it() -> None:
    upward = []
    for module, targets in GRAPH.items():
        app = _app(module)
        if app is None:
            continue
        for target, line in targets:
            other = _app(target)
            if other is not None and other != app and FLOOR[other] > FLOOR[app]:
                upward.append(
                    f"{MODULES[module].relative_to(PACKAGE.parent)}:{line} imports {target} ({other} is above {app})"
                )
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
                wrong.append(f"{MODULES[module].relative_to(PACKAGE.parent)}:{line} imports {target}")
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
    cycles = _cycles()
    assert not cycles, "Import cycles:\n" + "\n".join(" <-> ".join(group) for group in cycles)


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
