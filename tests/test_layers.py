"""The house rules of the import graph, on all four packages. grimp reads every import statement,
those inside functions too, so an import tucked into a function to dodge a circle is a circle
here (and ruff's PLC0415, in the test command, refuses imports inside functions altogether):

- no circle anywhere, at any depth (a package's ``__init__`` naming its own modules is how a
  package exposes them, not a circle);
- the layers run one way, ``questionnaires`` < ``analysis`` < ``exports`` < ``surveyapp``, and
  inside ``surveyapp``: models < the pure helpers (paper, importing, forms) < services < the
  app's infrastructure (config, extensions, settings, migrate) < web and cli < the app factory
  < the entry point; web and cli never import each other;
- ``questionnaires``, ``analysis`` and ``exports`` never import Flask or ``surveyapp`` (a notebook
  runs them on a CSV), and neither do the services, models and pure helpers import Flask.

It replaces the two guards that checked this of two ``exports`` modules alone.
"""

from __future__ import annotations

import graphlib
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("questionnaires", "analysis", "exports", "surveyapp")
LAYERS = {name: rank for rank, name in enumerate(PACKAGES)}
#: Inside surveyapp, by the name after "surveyapp.": a module imports its own rank or lower.
INSIDE = {
    "models": 0,
    "paper": 1,
    "importing": 1,
    "forms": 1,
    "services": 2,
    "config": 3,
    "extensions": 3,
    "settings": 3,
    "migrate": 3,
    "web": 4,
    "cli": 4,
    "app": 5,
    "__main__": 6,
}
#: Parts of one rank that stay independent of each other.
APART = {1: ("paper", "importing", "forms"), 4: ("web", "cli")}
#: What code free of the web layer never imports.
WEB = ("flask", "flask_login", "flask_wtf", "werkzeug", "govuk_frontend_wtf")
FREE_OF_THE_WEB = (
    "questionnaires",
    "analysis",
    "exports",
    "surveyapp.models",
    "surveyapp.services",
    "surveyapp.paper",
    "surveyapp.importing",
)


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    return grimp.build_graph(*PACKAGES, include_external_packages=True)


def _ours(module: str) -> bool:
    return module.split(".")[0] in PACKAGES


def _imports(graph: grimp.ImportGraph) -> Iterator[tuple[str, str]]:
    for importer in sorted(m for m in graph.modules if _ours(m)):
        for imported in sorted(graph.find_modules_directly_imported_by(importer)):
            yield importer, imported


def _where(graph: grimp.ImportGraph, importer: str, imported: str) -> str:
    details = graph.get_import_details(importer=importer, imported=imported)
    lines = ", ".join(str(d["line_number"]) for d in details)
    return f"{importer} imports {imported} (line {lines})"


def _is_package(graph: grimp.ImportGraph, module: str) -> bool:
    return any(m.startswith(module + ".") for m in graph.modules)


def test_no_import_circle_at_any_depth(graph):
    edges: dict[str, set[str]] = {}
    for importer, imported in _imports(graph):
        exposes = _is_package(graph, importer) and imported.startswith(importer + ".")
        if _ours(imported) and not exposes:
            edges.setdefault(importer, set()).add(imported)
    try:
        graphlib.TopologicalSorter(edges).prepare()
    except graphlib.CycleError as circle:
        pytest.fail(f"import circle: {' -> '.join(circle.args[1])}")


def _rank(module: str) -> tuple[int, int, str]:
    """(package layer, rank inside surveyapp, part) of a module of ours."""
    top, _, rest = module.partition(".")
    part = rest.split(".")[0]
    inside = INSIDE.get(part, 0) if top == "surveyapp" and part else 0
    return LAYERS[top], inside, part


def test_imports_run_down_the_layers_only(graph):
    against = []
    for importer, imported in _imports(graph):
        if not _ours(imported):
            continue
        layer, rank, part = _rank(importer)
        their_layer, their_rank, their_part = _rank(imported)
        if their_layer > layer:
            against.append(_where(graph, importer, imported))
        elif layer == their_layer == LAYERS["surveyapp"]:
            if their_rank > rank:
                against.append(_where(graph, importer, imported))
            elif their_rank == rank and part != their_part and part in APART.get(rank, ()):
                against.append(_where(graph, importer, imported) + ": they stay apart")
    assert not against, "imports against the layer order:\n" + "\n".join(against)


def test_what_a_notebook_runs_and_the_services_never_import_the_web(graph):
    found = [
        _where(graph, importer, imported)
        for importer, imported in _imports(graph)
        if importer.startswith(FREE_OF_THE_WEB)
        and (
            imported.split(".")[0] in WEB or (_free(importer) and imported.startswith("surveyapp"))
        )
    ]
    assert not found, "\n".join(found)


def _web(importer: str, imported: str) -> bool:
    """Whether ``imported`` is the web layer as ``importer`` sees it: Flask and its kin, and for
    the three lower packages surveyapp as a whole."""
    return imported.split(".")[0] in WEB or (_free(importer) and imported.startswith("surveyapp"))


def _free(module: str) -> bool:
    """Whether ``module`` is in one of the packages that never import surveyapp at all."""
    return module.split(".")[0] in ("questionnaires", "analysis", "exports")


def test_what_a_notebook_runs_loads_no_flask_and_no_surveyapp(graph):
    """Imported in a fresh interpreter, every module of the three lower packages leaves Flask
    and surveyapp unloaded, whatever the libraries they use import in turn."""
    modules = sorted(m for m in graph.modules if _free(m))
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('surveyapp', 'flask'))\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)
