"""Which page of a questionnaire comes after which: the sections that take answers, in order."""

from __future__ import annotations

from questionnaires import Questionnaire, Section


def pages(definition: Questionnaire) -> list[Section]:
    return list(definition.sections)


def page_index(definition: Questionnaire, section_id: str | None) -> int:
    """Position of ``section_id`` among the pages (0 for None); -1 when there is no such page."""
    if section_id is None:
        return 0
    ids = [s.id for s in pages(definition)]
    return ids.index(section_id) if section_id in ids else -1
