"""Responses: saving answers page by page and submitting, storing a whole return at once,
finding a response, changes after the first save (audited), contact details kept apart, one
response as staff see it, and the tidy answer frame analysis reads."""

from surveyapp.services.responses.changes import (
    confirm_issue,
    correct_answer,
    record_quality,
    replace_answers,
    response_history,
    void_response,
)
from surveyapp.services.responses.contacts import (
    contact_list,
    contact_record,
    kept_until,
    months_after,
    purge_expired_contacts,
    study_contacts_end,
)
from surveyapp.services.responses.finding import (
    find_by_reference,
    find_in_progress,
    locate_response,
    open_form,
)
from surveyapp.services.responses.frames import COUNTED, held_back, tidy_frame
from surveyapp.services.responses.record import ResponseRecord, response_record
from surveyapp.services.responses.saving import (
    add_answers,
    answer_row,
    complete_answers,
    new_response,
    save_page,
)

__all__ = [
    "COUNTED",
    "ResponseRecord",
    "add_answers",
    "answer_row",
    "complete_answers",
    "confirm_issue",
    "contact_list",
    "contact_record",
    "correct_answer",
    "find_by_reference",
    "find_in_progress",
    "held_back",
    "kept_until",
    "locate_response",
    "months_after",
    "new_response",
    "open_form",
    "purge_expired_contacts",
    "record_quality",
    "replace_answers",
    "response_history",
    "response_record",
    "save_page",
    "study_contacts_end",
    "tidy_frame",
    "void_response",
]
