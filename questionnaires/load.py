"""Read definition files: YAML -> expanded dict -> canonical hash -> model.

The canonical content is the definition with its ``include`` s expanded, serialised as sorted,
compact JSON. Its SHA-256 is what freezes a published version: comments and spacing in the YAML
may change, wording, codes and order may not.
"""

from __future__ import annotations

import copy
import hashlib
import json
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from questionnaires import errors
from questionnaires.errors import DefinitionError, Problem, display_name
from questionnaires.model import (
    ANALYSIS_ONLY_KEYS,
    WRITE_IN_ROWS,
    Condition,
    GridAxis,
    Option,
    Question,
    Questionnaire,
    Section,
)
from questionnaires.validate import check_file_name, check_meaning, check_structure

DEFINITIONS_ROOT = Path(__file__).resolve().parent


def definition_path(key: str, version: int, root: Path | None = None) -> Path:
    """Where ``<key>`` version ``<version>`` lives: ``<root>/<key>/v<version>.yaml``."""
    return (root or DEFINITIONS_ROOT) / key / f"v{version}.yaml"


def find_definition_files(path: Path) -> list[Path]:
    """Every ``*.yaml`` definition under ``path`` (or ``path`` itself), in a stable order."""
    path = Path(path)
    if path.is_file():
        return [path]
    return sorted(p for p in path.rglob("v*.yaml") if p.is_file())


def read_yaml(path: Path) -> dict[str, Any]:
    name = display_name(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise DefinitionError([Problem(name, errors.YAML_SYNTAX.format(detail=exc))]) from exc
    if not isinstance(data, dict):
        raise DefinitionError([Problem(name, errors.NOT_A_MAPPING)])
    return data


def expand_includes(data: Mapping[str, Any], path: Path) -> dict[str, Any]:
    """Replace each ``{include: key/vN}`` section entry with the sections of that shared file."""
    name = display_name(path)
    root = path.resolve().parent.parent
    expanded = copy.deepcopy(dict(data))
    sections: list[Any] = []
    problems: list[Problem] = []
    for entry in data.get("sections") or []:
        if not (isinstance(entry, dict) and "include" in entry):
            sections.append(copy.deepcopy(entry))
            continue
        include = str(entry["include"])
        key, _, version = include.partition("/v")
        target = root / key / f"v{version}.yaml"
        if not target.is_file():
            problems.append(
                Problem(
                    name, errors.INCLUDE_MISSING.format(include=include, path=display_name(target))
                )
            )
            continue
        shared = read_yaml(target)
        if shared.get("kind") != "shared":
            problems.append(Problem(name, errors.INCLUDE_NOT_SHARED.format(include=include)))
            continue
        if any(isinstance(s, dict) and "include" in s for s in shared.get("sections") or []):
            problems.append(Problem(name, errors.INCLUDE_NESTED.format(include=include)))
            continue
        sections.extend(copy.deepcopy(shared.get("sections") or []))
    if problems:
        raise DefinitionError(problems)
    expanded["sections"] = sections
    return expanded


def canonical_json(data: Mapping[str, Any]) -> str:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def content_hash(data: Mapping[str, Any]) -> str:
    """SHA-256 of the canonical (include-expanded, sorted JSON) content of the form as printed
    and accepted: keys that only change how answers are tabulated (``ANALYSIS_ONLY_KEYS``) are
    left out, so adding them to a version that already has responses keeps it valid."""
    return hashlib.sha256(canonical_json(printed_content(data)).encode("utf-8")).hexdigest()


def printed_content(data: Mapping[str, Any]) -> dict[str, Any]:
    """``data`` without the analysis-only keys of its options."""

    def without(entry: Any, level: str) -> Any:
        if not isinstance(entry, Mapping):
            return entry
        return {k: v for k, v in entry.items() if k not in ANALYSIS_ONLY_KEYS[level]}

    def question(entry: Any) -> Any:
        entry = without(entry, "question")
        if isinstance(entry, Mapping) and isinstance(entry.get("options"), list):
            entry = {**entry, "options": [without(o, "option") for o in entry["options"]]}
        return entry

    printed = without(data, "questionnaire")
    if "sections" not in data:
        return printed
    printed["sections"] = [
        {**section, "questions": [question(q) for q in section.get("questions") or []]}
        if isinstance(section, Mapping) and "questions" in section
        else section
        for section in data.get("sections") or []
    ]
    return printed


def load_file(path: Path | str) -> Questionnaire:
    """Load, expand, validate (structure then meaning) and build one definition file.

    Raises ``DefinitionError`` listing every problem found.
    """
    path = Path(path)
    name = display_name(path)
    raw = read_yaml(path)
    check_structure(raw, name)
    data = expand_includes(raw, path)
    check_structure(data, name)
    check_file_name(data, path)
    own = {s.get("id") for s in raw.get("sections") or [] if isinstance(s, dict) and "id" in s}
    shared = frozenset(s["id"] for s in data["sections"] if s["id"] not in own)
    questionnaire = build(data, content_hash(data), source=str(path), shared=shared)
    check_meaning(questionnaire, name)
    return questionnaire


def validate_path(path: Path | str) -> tuple[list[Questionnaire], list[Problem]]:
    """Validate a file or every definition under a folder; return what loaded and what did not."""
    loaded: list[Questionnaire] = []
    problems: list[Problem] = []
    files = find_definition_files(Path(path))
    if not files:
        problems.append(Problem(str(path), "holds no definition files (<key>/v<N>.yaml)"))
    for file in files:
        try:
            loaded.append(load_file(file))
        except DefinitionError as exc:
            problems.extend(exc.problems)
    return loaded, problems


@lru_cache(maxsize=64)
def _load_cached(path: str, mtime_ns: int, size: int) -> Questionnaire:
    return load_file(path)


def load_definition(key: str, version: int, root: Path | None = None) -> Questionnaire:
    """The definition of ``key`` v``version`` as the file says now (cached until a file changes).

    Includes are part of the content, so a change to an included shared file is seen too: the
    cache key holds the stamps of the file and of every file it includes.
    """
    path = definition_path(key, version, root)
    if not path.is_file():
        raise FileNotFoundError(f"no definition file {display_name(path)}")
    own = path.stat()
    stamps = [own]
    for shared in _included_files(str(path), own.st_mtime_ns, own.st_size):
        if shared.is_file():
            stamps.append(shared.stat())
    mtime = max(s.st_mtime_ns for s in stamps)
    size = sum(s.st_size for s in stamps)
    return _load_cached(str(path), mtime, size)


@lru_cache(maxsize=64)
def _included_files(path: str, _mtime_ns: int, _size: int) -> tuple[Path, ...]:
    """The shared files ``path`` includes (re-read only when ``path`` itself changes)."""
    found = []
    for entry in read_yaml(Path(path)).get("sections") or []:
        if isinstance(entry, dict) and "include" in entry:
            key, _, version = str(entry["include"]).partition("/v")
            found.append(Path(path).parent.parent / key / f"v{version}.yaml")
    return tuple(found)


# -- building the model -----------------------------------------------------------------------


def _option(data: Mapping[str, Any]) -> Option:
    return Option(
        code=str(data["code"]),
        label=data["label"],
        other=bool(data.get("other", False)),
        value=data.get("value"),
        na=bool(data.get("na", False)),
        exclusive=bool(data.get("exclusive", False)),
        write_in=str(data.get("write_in", WRITE_IN_ROWS)),
        table_label=data.get("table_label"),
    )


def _condition(data: Mapping[str, Any] | None) -> Condition | None:
    if not data:
        return None
    return Condition(
        question=data.get("question"),
        any_of=tuple(str(c) for c in data.get("any_of", ())),
        answered=data.get("answered"),
        all=tuple(_condition(c) for c in data.get("all", ())),  # type: ignore[misc]
        any=tuple(_condition(c) for c in data.get("any", ())),  # type: ignore[misc]
    )


def _question(data: Mapping[str, Any]) -> Question:
    number = data.get("number")
    return Question(
        id=data["id"],
        type=data["type"],
        text=data["text"],
        number=str(number) if number not in (None, "") else None,
        help=data.get("help"),
        required=bool(data.get("required", False)),
        options=tuple(_option(o) for o in data.get("options", ())),
        show_if=_condition(data.get("show_if")),
        replaces=tuple(data.get("replaces", ())),
        max_length=data.get("max_length"),
        min=data.get("min"),
        max=data.get("max"),
        integer=bool(data.get("integer", True)),
        min_label=data.get("min_label"),
        max_label=data.get("max_label"),
        rows=tuple(GridAxis(r["id"], r["label"]) for r in data.get("rows", ())),
        columns=tuple(GridAxis(c["id"], c["label"]) for c in data.get("columns", ())),
        unit=data.get("unit"),
        layout=data.get("layout"),
        key_question=bool(data.get("key_question", False)),
    )


def build(
    data: Mapping[str, Any],
    sha256: str,
    source: str | None = None,
    shared: frozenset[str] = frozenset(),
) -> Questionnaire:
    """The model of an already structure-checked, include-expanded definition; ``shared`` are
    the ids of the sections that came from included files."""
    return Questionnaire(
        key=data["key"],
        version=int(data["version"]),
        title=data["title"],
        description=data.get("description"),
        kind=data.get("kind", "questionnaire"),
        allow_duplicate_numbers=bool(data.get("allow_duplicate_numbers", False)),
        participant_code=bool(data.get("participant_code", False)),
        timepoints=tuple(_option(o) for o in data.get("timepoints", ())),
        channels=tuple(data.get("channels", ("online", "paper"))),
        sections=tuple(
            Section(
                id=s["id"],
                title=s["title"],
                intro=s.get("intro"),
                kind=s.get("kind", "questions"),
                retention_days=s.get("retention_days"),
                questions=tuple(_question(q) for q in s["questions"]),
                shared=s["id"] in shared,
            )
            for s in data["sections"]
        ),
        content_sha256=sha256,
        source=source,
        raw=data,
        respondents=data.get("respondents"),
    )
