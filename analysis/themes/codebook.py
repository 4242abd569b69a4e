"""Codebooks: the themes free-text answers are coded with, as data (YAML), not code.

A codebook has one or more **axes** (independent ways of coding the same answer: the Bromley
report codes *experience* — waiting, kindness... — and, separately, *needs* — housing,
isolation...). Each axis holds **themes** in a hierarchy (``parent``), each theme with a label,
a description, example answers, and match rules: ``phrases`` (words or phrases compared on
lower-cased lemmas, so "waited", "waits" and "waiting" are one) and ``patterns`` (spaCy Matcher
token patterns, for what a phrase list cannot say). A theme may map to categories of another
framework (``maps_to``), so results can be compared with NHS trusts'.

Format (see ``codebooks/social_prescribing.yaml`` for a full example)::

    key: social_prescribing
    version: 1
    title: Social prescribing (Healthwatch)
    axes:
      - id: experience
        title: What people said about the service
        negated: keep          # a theme negated ("no follow-up") is still that theme
        themes:
          - id: access
            label: Access to support
          - id: waiting
            parent: access
            label: Waiting
            description: Waiting lists, delays, slow replies.
            examples: ["I waited three months to hear back"]
            phrases: [wait, waiting list, delay, took ages]
            patterns:
              - [{LEMMA: take}, {LOWER: {IN: [months, weeks, ages]}}]
            maps_to: ["Timeliness of care"]
            fallback: false      # true: only when no other theme of the axis is found
      - id: needs
        title: What people needed help with
        negated: drop          # "I don't need help with housing" is not a housing need
        themes: [...]

Nothing here reads files but ``load_codebook``, which reads the shipped YAML (package data) or
a file named by the caller.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

ID = re.compile(r"^[a-z][a-z0-9_]*$")
NEGATED = ("keep", "drop")
SHIPPED = ("social_prescribing", "nhs_experience")


class CodebookError(ValueError):
    """A codebook that cannot be used; ``problems`` say where and what to fix."""

    def __init__(self, name: str, problems: list[str]) -> None:
        self.problems = [f"{name}: {p}" for p in problems]
        super().__init__("\n".join(self.problems))


@dataclass(frozen=True)
class Theme:
    """One code. ``key`` is ``<axis>.<id>``, unique in its codebook."""

    id: str
    axis: str
    label: str
    description: str = ""
    parent: str | None = None
    examples: tuple[str, ...] = ()
    phrases: tuple[str, ...] = ()
    patterns: tuple[tuple[Mapping[str, Any], ...], ...] = ()
    maps_to: tuple[str, ...] = ()
    negated: str = "keep"
    # Only given when no other theme of its axis is found ("Positive experience" in general).
    fallback: bool = False

    @property
    def key(self) -> str:
        return f"{self.axis}.{self.id}"

    @property
    def has_rules(self) -> bool:
        return bool(self.phrases or self.patterns)


@dataclass(frozen=True)
class Axis:
    id: str
    title: str
    themes: tuple[Theme, ...]
    negated: str = "keep"
    description: str = ""


@dataclass(frozen=True)
class Codebook:
    key: str
    version: int
    title: str
    axes: tuple[Axis, ...]
    description: str = ""
    source: str = ""
    raw: Mapping[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def themes(self) -> Iterator[Theme]:
        for axis in self.axes:
            yield from axis.themes

    def theme(self, key: str) -> Theme | None:
        return next((t for t in self.themes() if t.key == key), None)

    def children(self, theme: Theme) -> list[Theme]:
        return [t for t in self.themes() if t.axis == theme.axis and t.parent == theme.id]

    def ancestors(self, theme: Theme) -> list[Theme]:
        """The parents of ``theme``, nearest first."""
        found, current = [], theme
        while current.parent:
            parent = self.theme(f"{current.axis}.{current.parent}")
            if parent is None:
                break
            found.append(parent)
            current = parent
        return found


def codebook_from_dict(data: Mapping[str, Any], name: str = "codebook") -> Codebook:
    """A checked ``Codebook`` from parsed YAML; CodebookError lists every problem found."""
    problems: list[str] = []
    if not isinstance(data, Mapping):
        raise CodebookError(name, ["the file must hold a mapping with key, title and axes"])
    key = str(data.get("key") or "")
    if not ID.match(key):
        problems.append(f"key '{key}' must be lower case letters, digits and _ (like my_codebook)")
    axes = [_axis(a, i, problems) for i, a in enumerate(data.get("axes") or [])]
    if not axes:
        problems.append("there are no axes: add at least one axis with themes")
    seen: set[str] = set()
    for axis in axes:
        if axis.id in seen:
            problems.append(f"axis '{axis.id}' appears twice")
        seen.add(axis.id)
    if problems:
        raise CodebookError(name, problems)
    return Codebook(
        key=key,
        version=int(data.get("version") or 1),
        title=str(data.get("title") or key),
        description=str(data.get("description") or ""),
        source=str(data.get("source") or ""),
        axes=tuple(axes),
        raw=dict(data),
    )


def _axis(data: Any, index: int, problems: list[str]) -> Axis:
    if not isinstance(data, Mapping):
        problems.append(f"axis {index + 1} must be a mapping with id, title and themes")
        return Axis(f"axis{index}", "", ())
    axis_id = str(data.get("id") or "")
    if not ID.match(axis_id):
        problems.append(f"axis {index + 1}: id '{axis_id}' must be lower case letters, digits, _")
    negated = str(data.get("negated") or "keep")
    if negated not in NEGATED:
        problems.append(f"axis '{axis_id}': negated must be keep or drop, not '{negated}'")
    themes = [_theme(t, axis_id, negated, problems) for t in data.get("themes") or []]
    ids = [t.id for t in themes]
    for theme in themes:
        if ids.count(theme.id) > 1:
            problems.append(f"axis '{axis_id}': theme '{theme.id}' appears more than once")
        if theme.parent and theme.parent not in ids:
            problems.append(
                f"theme '{theme.key}': parent '{theme.parent}' is not a theme of this axis"
            )
    _check_cycles(themes, axis_id, problems)
    return Axis(
        axis_id,
        str(data.get("title") or axis_id),
        tuple(themes),
        negated,
        str(data.get("description") or ""),
    )


def _theme(data: Any, axis: str, negated: str, problems: list[str]) -> Theme:
    if not isinstance(data, Mapping):
        problems.append(f"axis '{axis}': each theme must be a mapping with id and label")
        return Theme("invalid", axis, "")
    theme_id = str(data.get("id") or "")
    where = f"theme '{axis}.{theme_id}'"
    if not ID.match(theme_id):
        problems.append(f"{where}: id must be lower case letters, digits and _")
    if not data.get("label"):
        problems.append(f"{where}: give it a label (the words staff and reports show)")
    patterns = []
    for i, pattern in enumerate(data.get("patterns") or []):
        if not (
            isinstance(pattern, list) and pattern and all(isinstance(t, dict) for t in pattern)
        ):
            problems.append(f"{where}: pattern {i + 1} must be a list of token patterns")
            continue
        patterns.append(tuple(pattern))
    theme_negated = str(data.get("negated") or negated)
    if theme_negated not in NEGATED:
        problems.append(f"{where}: negated must be keep or drop, not '{theme_negated}'")
    return Theme(
        id=theme_id,
        axis=axis,
        label=str(data.get("label") or theme_id),
        description=str(data.get("description") or ""),
        parent=str(data["parent"]) if data.get("parent") else None,
        examples=tuple(str(e) for e in data.get("examples") or ()),
        phrases=tuple(str(p).strip().lower() for p in data.get("phrases") or () if str(p).strip()),
        patterns=tuple(patterns),
        maps_to=tuple(str(m) for m in data.get("maps_to") or ()),
        negated=theme_negated,
        fallback=bool(data.get("fallback", False)),
    )


def _check_cycles(themes: list[Theme], axis: str, problems: list[str]) -> None:
    parents = {t.id: t.parent for t in themes}
    for theme in themes:
        seen, current = {theme.id}, theme.parent
        while current:
            if current in seen:
                problems.append(f"axis '{axis}': the parents of '{theme.id}' go round in a circle")
                break
            seen.add(current)
            current = parents.get(current)


def load_codebook(key_or_path: str | Path) -> Codebook:
    """A shipped codebook by key (``social_prescribing``, ``nhs_experience``) or a YAML file.
    Read once per file version: a findings report asks for the same codebook many times."""
    path = Path(key_or_path)
    stamp = path.stat().st_mtime_ns if path.suffix in (".yaml", ".yml") and path.is_file() else 0
    return _load(str(key_or_path), stamp)


@lru_cache(maxsize=64)
def _load(key_or_path: str, _stamp: int) -> Codebook:
    path = Path(key_or_path)
    if path.suffix in (".yaml", ".yml"):
        text, name = path.read_text(encoding="utf-8"), path.name
    else:
        key = key_or_path
        if key not in SHIPPED:
            raise CodebookError(key, [f"no shipped codebook '{key}': use {', '.join(SHIPPED)}"])
        text = (
            resources.files("analysis.themes")
            .joinpath(f"codebooks/{key}.yaml")
            .read_text(encoding="utf-8")
        )
        name = f"{key}.yaml"
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise CodebookError(name, [f"is not valid YAML: {exc}"]) from exc
    return codebook_from_dict(data, name)


def with_extra_themes(codebook: Codebook, extra: list[Theme]) -> Codebook:
    """``codebook`` with themes staff added (from emerging themes) appended to their axes."""
    axes = []
    for axis in codebook.axes:
        added = tuple(t for t in extra if t.axis == axis.id and codebook.theme(t.key) is None)
        axes.append(Axis(axis.id, axis.title, axis.themes + added, axis.negated, axis.description))
    return Codebook(
        codebook.key,
        codebook.version,
        codebook.title,
        tuple(axes),
        codebook.description,
        codebook.source,
        codebook.raw,
    )
