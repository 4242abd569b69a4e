"""Staff's choice of headlines: which are published, in what order, in whose words. Their own
wording is kept beside the generated text it replaces (so a later change in the numbers is
noticed); every change is audited."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from analysis.headlines import published
from surveyapp.models import EditedFinding, Study, User
from surveyapp.services import ServiceError
from surveyapp.services.audit import audit
from surveyapp.services.findings.content import ranked_headlines

#: Longer than any finding key (``<instrument>.<question>.by.<question>``); a longer one is junk.
MAX_KEY = 200
MAX_ORDER = 999


@dataclass(frozen=True)
class HeadlineChoice:
    """One headline as the form sent it: published or not, its place as typed ("" for none),
    its wording (empty: the generated sentence), and whether staff have checked their wording
    against numbers that changed since they wrote it."""

    key: str
    publish: bool
    order: str
    text: str
    checked: bool = False


class HeadlineError(ServiceError):
    """Headlines that cannot be saved as sent; ``problems`` are (key, what to type instead)."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        self.problems = problems
        super().__init__(" ".join(text for _, text in problems))


def save_headlines(
    session: Session,
    study: Study,
    choices: Sequence[HeadlineChoice],
    user: User | None,
    *,
    small_base: int,
    organisation: str,
) -> int:
    """Publish the ticked headlines in the order given (numbered ones first, by number; the
    others after them in their ranked order) with staff's wording; return how many are
    published. Headlines not on the form (another questionnaire's, when the page showed some)
    keep their choice, after these. Raises HeadlineError naming every headline whose place is
    not a whole number."""
    ranked = ranked_headlines(session, study, small_base=small_base, organisation=organisation)
    generated = {f.key: f.text for f in ranked}
    problems: list[tuple[str, str]] = []
    places: list[tuple[int, int, str]] = []
    for position, choice in enumerate(choices, start=1):
        if len(choice.key) > MAX_KEY or choice.key not in generated:
            raise ServiceError("Those headlines are not this study's any more; reload the page")
        order = choice.order.strip()
        if order and not (order.isdigit() and 1 <= int(order) <= MAX_ORDER):
            problems.append(
                (
                    choice.key,
                    f"Headline {position}: its place must be a whole number from 1 to "
                    f"{MAX_ORDER} (you typed '{order[:20]}'), or left empty.",
                )
            )
            continue
        if choice.publish:
            places.append((int(order) if order else MAX_ORDER + 1, position, choice.key))
    if problems:
        raise HeadlineError(problems)
    sent = {choice.key for choice in choices}
    before = study.headlines
    if before is None:  # still the suggested ones
        before = [f.key for f in published(ranked, None)]
    chosen = [key for _, _, key in sorted(places)] + [k for k in before if k not in sent]
    if chosen != study.headlines:
        audit(
            session,
            user,
            "study",
            study.id,
            None,
            "Headlines chosen",
            {"headlines": (study.headlines, chosen)},
        )
        study.headlines = chosen
    for choice in choices:
        _save_wording(session, study, choice, generated[choice.key], user)
    session.commit()
    return len(chosen)


def _save_wording(
    session: Session, study: Study, choice: HeadlineChoice, generated: str, user: User | None
) -> None:
    """Staff's wording of one headline; an empty text (or the generated one) restores it. A
    wording kept as it was stays flagged when its numbers have changed, until staff change it
    or say they have checked it."""
    key = choice.key
    edit = session.scalar(select(EditedFinding).filter_by(study_id=study.id, key=key))
    old = edit.text if edit is not None else generated
    new = " ".join(choice.text.split()) or generated
    if new == generated:
        if edit is not None:
            session.delete(edit)
    elif edit is None:
        session.add(
            EditedFinding(
                study_id=study.id,
                key=key,
                text=new,
                generated=generated,
                edited_by_id=user.id if user else None,
            )
        )
    elif edit.text != new or choice.checked:
        edit.text, edit.generated = new, generated
        edit.edited_by_id = user.id if user else None
    if old != new:
        audit(session, user, "study", study.id, None, f"Finding {key} edited", {"text": (old, new)})
