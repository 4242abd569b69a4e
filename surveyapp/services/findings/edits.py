"""Staff's own wording of a headline finding, kept beside the generated text it replaces (so a
later change in the numbers is noticed), every change audited."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from analysis.findings import headline_findings
from surveyapp.models import EditedFinding, Study, User
from surveyapp.services import ServiceError
from surveyapp.services.audit import audit
from surveyapp.services.responses.frames import tidy_frame
from surveyapp.services.studies import study_definitions

#: Longer than any finding key (``<instrument>.<question>.by.<question>``); a longer one is junk.
MAX_KEY = 200


def save_finding(
    session: Session, study: Study, key: str, text: str, user: User | None, *, small_base: int
) -> None:
    """Staff's wording of a headline finding (audited); an empty text restores the generated
    one. The generated text is kept beside it, so a later change in the numbers is noticed."""
    definitions = study_definitions(session, study)
    generated = {
        f.key: f.text
        for f in headline_findings(tidy_frame(session, study), definitions, small_base)
    }
    if len(key) > MAX_KEY or key not in generated:
        raise ServiceError("That finding is not one of this study's; reload the page")
    edit = session.scalar(select(EditedFinding).filter_by(study_id=study.id, key=key))
    old = edit.text if edit is not None else generated[key]
    new = text.strip() or generated[key]
    if not text.strip():
        if edit is not None:
            session.delete(edit)
    elif edit is None:
        session.add(
            EditedFinding(
                study_id=study.id,
                key=key,
                text=new,
                generated=generated[key],
                edited_by_id=user.id if user else None,
            )
        )
    else:
        edit.text, edit.generated = new, generated[key]
        edit.edited_by_id = user.id if user else None
    if old != new:
        audit(session, user, "study", study.id, None, f"Finding {key} edited", {"text": (old, new)})
    session.commit()
