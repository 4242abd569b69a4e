"""The definition model: immutable dataclasses built from a validated YAML file.

Names follow the paper form: a ``Questionnaire`` has ``Section`` s, a section has ``Question`` s,
a choice question has ``Option`` s with a stable ``code`` and the printed ``label``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

#: Question types. ``info`` prints text and takes no answer.
CHOICE_TYPES = frozenset({"single", "multiple", "scale"})
ANSWER_TYPES = frozenset(
    {"single", "multiple", "scale", "range", "text", "textarea", "number", "date", "grid"}
)
QUESTION_TYPES = ANSWER_TYPES | {"info"}


#: How the words written on an option's line are tabulated: as rows of their own ("Who
#: referred you": ``Oxleas NHS Foundation Trust 3``), or listed under the table while the option
#: keeps its count ("On behalf of someone else 17", the capacities written listed below).
WRITE_IN_ROWS = "rows"
WRITE_IN_LISTED = "listed"
#: Keys that change how answers are tabulated and reported, never what the form prints or
#: accepts: kept out of the content hash, so a published version with responses can still take
#: them. By level: the questionnaire, a question, an option.
ANALYSIS_ONLY_KEYS = {
    "questionnaire": frozenset({"respondents"}),
    "question": frozenset({"key_question"}),
    "option": frozenset({"write_in", "table_label"}),
}


@dataclass(frozen=True)
class Option:
    """One printed tick box. ``value`` orders a rating scale; ``na`` keeps N/A out of it.

    ``other`` gives the option a line to write on; ``write_in`` says whether what is written
    there becomes rows of the option's table or a list under it; ``table_label`` is the shorter
    label tables and charts print ("On behalf of someone else" for the printed sentence)."""

    code: str
    label: str
    other: bool = False
    value: int | None = None
    na: bool = False
    exclusive: bool = False
    write_in: str = WRITE_IN_ROWS
    table_label: str | None = None

    @property
    def table_text(self) -> str:
        """The label as tables, charts and headlines print it."""
        return self.table_label or self.label

    @property
    def lists_write_in(self) -> bool:
        """Whether the words written on this option's line are listed under its table."""
        return self.other and self.write_in == WRITE_IN_LISTED


@dataclass(frozen=True)
class GridAxis:
    """A row or column of a grid question (a weekday, or "In-Person")."""

    id: str
    label: str


@dataclass(frozen=True)
class Condition:
    """A ``show_if`` rule over earlier answers.

    Either a leaf (``question`` with ``any_of`` codes, or ``answered``) or a combination
    (``all`` / ``any`` of sub-conditions). Never evaluated with ``eval``.
    """

    question: str | None = None
    any_of: tuple[str, ...] = ()
    answered: bool | None = None
    all: tuple[Condition, ...] = ()
    any: tuple[Condition, ...] = ()

    def questions(self) -> Iterator[str]:
        """Every question id this condition reads."""
        if self.question:
            yield self.question
        for sub in (*self.all, *self.any):
            yield from sub.questions()

    def is_met(self, answers: Mapping[str, Any]) -> bool:
        """Whether the condition holds for ``answers`` (question id -> code, codes or value).

        An unanswered question meets no ``any_of`` rule: a follow-up to a question left blank is
        not expected, as on paper.
        """
        if self.all:
            return all(sub.is_met(answers) for sub in self.all)
        if self.any:
            return any(sub.is_met(answers) for sub in self.any)
        given = answers.get(self.question) if self.question else None
        given_codes = set(given) if isinstance(given, list | tuple | set) else {given}
        given_codes.discard(None)
        given_codes.discard("")
        if self.answered is not None:
            return bool(given_codes) == self.answered
        return bool(given_codes & set(self.any_of))


@dataclass(frozen=True)
class Question:
    """A question as printed; ``number`` is the printed number (``None``: printed without one)."""

    id: str
    type: str
    text: str
    number: str | None = None
    help: str | None = None
    required: bool = False
    options: tuple[Option, ...] = ()
    show_if: Condition | None = None
    replaces: tuple[str, ...] = ()
    max_length: int | None = None
    min: float | None = None
    max: float | None = None
    integer: bool = True
    min_label: str | None = None
    max_label: str | None = None
    rows: tuple[GridAxis, ...] = ()
    columns: tuple[GridAxis, ...] = ()
    unit: str | None = None
    layout: str | None = None
    # One of the study's key questions: its headline ranks high (analysis only).
    key_question: bool = False

    @property
    def takes_answer(self) -> bool:
        return self.type != "info"

    @property
    def is_choice(self) -> bool:
        return self.type in CHOICE_TYPES

    @property
    def printed_number(self) -> str:
        """The number as it appears before the wording (``"5."``), or ``""``."""
        return f"{self.number}." if self.number else ""

    def option(self, code: str) -> Option | None:
        return next((o for o in self.options if o.code == code), None)

    @property
    def other_option(self) -> Option | None:
        return next((o for o in self.options if o.other), None)

    def range_points(self) -> list[int]:
        """The points of a ``range`` question (0..10 for ONS4)."""
        if self.type != "range":
            return []
        return list(range(int(self.min or 0), int(self.max if self.max is not None else 10) + 1))


@dataclass(frozen=True)
class Section:
    """A part of the form; online, one page. ``kind='contact'`` answers are stored apart."""

    id: str
    title: str
    questions: tuple[Question, ...]
    intro: str | None = None
    kind: str = "questions"
    retention_days: int | None = None
    # Included from a shared file (equality monitoring, contact details): the same questions in
    # every form, so they are not what a study's headlines are about unless staff say so.
    shared: bool = False

    @property
    def is_contact(self) -> bool:
        return self.kind == "contact"


@dataclass(frozen=True)
class Questionnaire:
    """One version of one instrument, with the SHA-256 of its canonical content."""

    key: str
    version: int
    title: str
    sections: tuple[Section, ...]
    content_sha256: str
    description: str | None = None
    kind: str = "questionnaire"
    allow_duplicate_numbers: bool = False
    participant_code: bool = False
    timepoints: tuple[Option, ...] = ()
    channels: tuple[str, ...] = ("online", "paper")
    source: str | None = None
    raw: Mapping[str, Any] = field(default_factory=dict, repr=False, compare=False)
    # Who answers it, as a headline says it ("patients"); analysis only.
    respondents: str | None = None

    @property
    def label(self) -> str:
        return f"{self.key} v{self.version}"

    @cached_property
    def _by_id(self) -> dict[str, Question]:
        return {q.id: q for q in self.questions(include_contact=True)}

    @cached_property
    def _section_of(self) -> dict[str, Section]:
        return {q.id: s for s in self.sections for q in s.questions}

    def questions(self, *, include_contact: bool = False) -> Iterator[Question]:
        """Questions in printed order; contact questions only when asked for."""
        for section in self.sections:
            if section.is_contact and not include_contact:
                continue
            yield from section.questions

    def question(self, question_id: str) -> Question | None:
        return self._by_id.get(question_id)

    def section_of(self, question_id: str) -> Section | None:
        """The section ``question_id`` is printed in."""
        return self._section_of.get(question_id)

    def routing_questions(self) -> frozenset[str]:
        """Ids of the questions whose answers decide who a later question is for."""
        return frozenset(
            asked for q in self.questions() if q.show_if for asked in q.show_if.questions()
        )

    def section(self, section_id: str) -> Section | None:
        return next((s for s in self.sections if s.id == section_id), None)

    @property
    def contact_section(self) -> Section | None:
        return next((s for s in self.sections if s.is_contact), None)
