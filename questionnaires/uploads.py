"""A definition that is not a file in the definitions folder: the bytes of an uploaded YAML file,
or a dict (what the database keeps of a published version, or what an XLSForm was read into).

Checked as a definition file is (structure, then meaning), except for its file name: an upload's
key and version are said inside it, and the app decides which version it is published as. Every
problem of an uploaded YAML names its line, so the person who wrote it finds it in their editor.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import yaml

from questionnaires import errors
from questionnaires.errors import DefinitionError, Problem
from questionnaires.load import DEFINITIONS_ROOT, build, content_hash, expand_includes
from questionnaires.model import Questionnaire
from questionnaires.validate import check_meaning, check_structure

__all__ = ["definition_yaml", "load_content", "load_yaml_bytes", "yaml_lines"]

LineIndex = dict[tuple[Any, ...], int]


def yaml_lines(text: str) -> LineIndex:
    """Every path of a YAML document (``("sections", 0, "questions", 2)``) -> its 1-based line."""
    index: LineIndex = {}

    def walk(node: yaml.Node, path: tuple[Any, ...]) -> None:
        index[path] = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode):
                    walk(value, (*path, key.value))
                    # A problem with a key's value is found on the key's line.
                    index[(*path, key.value)] = key.start_mark.line + 1
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                walk(item, (*path, i))

    root = yaml.compose(text, Loader=yaml.SafeLoader)
    if root is not None:
        walk(root, ())
    return index


def _line_of(index: LineIndex) -> Callable[[list[Any]], int | None]:
    """The line of a JSON path: its own, or that of the nearest step that is in the file (a
    missing key is reported at the mapping that lacks it)."""

    def line_of(path: list[Any]) -> int | None:
        steps = tuple(path)
        while steps not in index and steps:
            steps = steps[:-1]
        return index.get(steps)

    return line_of


def _question_lines(raw: Mapping[str, Any], index: LineIndex) -> dict[str, int]:
    lines: dict[str, int] = {}
    for s, section in enumerate(raw.get("sections") or []):
        if not isinstance(section, Mapping):
            continue
        for q, question in enumerate(section.get("questions") or []):
            if isinstance(question, Mapping) and "id" in question:
                line = index.get(("sections", s, "questions", q))
                if line is not None:
                    lines.setdefault(str(question["id"]), line)
    return lines


def load_yaml_bytes(data: bytes, name: str, root: Path | None = None) -> Questionnaire:
    """The definition in an uploaded YAML file, its ``include`` s read from ``root`` (the
    definitions folder). Raises ``DefinitionError`` naming every problem with its line."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DefinitionError(
            [Problem(name, f"is not text in UTF-8 (byte {exc.start + 1}): save it as UTF-8")]
        ) from exc
    try:
        # An alias (*name) repeats a part by reference: a few lines of them can stand for more
        # than the memory holds once the definition is written out, and no definition needs one.
        if any(isinstance(token, yaml.AliasToken) for token in yaml.scan(text)):
            raise DefinitionError(
                [Problem(name, "uses YAML aliases (*name): write each part out in full instead")]
            )
        raw = yaml.safe_load(text)
        index = yaml_lines(text)
    except yaml.YAMLError as exc:
        raise DefinitionError([Problem(name, errors.YAML_SYNTAX.format(detail=exc))]) from exc
    if not isinstance(raw, dict):
        raise DefinitionError([Problem(name, errors.NOT_A_MAPPING)])
    check_structure(raw, name, _line_of(index))
    # expand_includes finds the shared files beside the file's own folder: a file in a folder
    # of the definitions root reads them where the shipped definitions do.
    try:
        data_expanded = expand_includes(raw, (root or DEFINITIONS_ROOT) / "upload" / name)
    except DefinitionError as exc:
        raise DefinitionError([Problem(name, p.message, p.where) for p in exc.problems]) from exc
    own = {s.get("id") for s in raw["sections"] if isinstance(s, dict) and "id" in s}
    shared = frozenset(s["id"] for s in data_expanded["sections"] if s["id"] not in own)
    try:
        return load_content(data_expanded, name, shared=shared)
    except DefinitionError as exc:
        lines = _question_lines(raw, index)
        raise DefinitionError([_with_line(p, lines) for p in exc.problems]) from exc


def _with_line(problem: Problem, lines: Mapping[str, int]) -> Problem:
    where = problem.where or ""
    if where.startswith("question '"):
        line = lines.get(where.removeprefix("question '").split("'", 1)[0])
        if line is not None:
            return Problem(problem.file, problem.message, f"line {line}, {where}")
    return problem


def load_content(
    content: Mapping[str, Any],
    name: str,
    *,
    sha256: str | None = None,
    shared: frozenset[str] = frozenset(),
) -> Questionnaire:
    """The definition ``content`` holds (include-expanded, as the database keeps it), checked
    for structure and meaning. With ``sha256``, the content must still hash to it: what was
    published is what is served, or ``DefinitionError`` says it changed."""
    data = dict(content)
    check_structure(data, name)
    found = content_hash(data)
    if sha256 is not None and found != sha256:
        raise DefinitionError(
            [
                Problem(
                    name,
                    f"its stored content no longer matches what was published (published "
                    f"{sha256[:12]}, now {found[:12]})",
                )
            ]
        )
    questionnaire = build(data, found, source=name, shared=shared)
    check_meaning(questionnaire, name)
    return questionnaire


def definition_yaml(content: Mapping[str, Any]) -> str:
    """``content`` as our YAML: the keys in the order a person writes them (key, version,
    title ... sections last), wording as it is (no line folding), loadable on its own."""
    first = ("key", "version", "kind", "title", "description", "respondents")
    ordered = {k: content[k] for k in first if k in content}
    ordered |= {k: v for k, v in content.items() if k not in ordered and k != "sections"}
    if "sections" in content:
        ordered["sections"] = content["sections"]
    return yaml.safe_dump(ordered, sort_keys=False, allow_unicode=True, width=1_000_000)
