"""Database models, one module per aggregate. Importing this package registers every table."""

from surveyapp.models.base import Base
from surveyapp.models.people import ROLES, User
from surveyapp.models.response import (
    ANSWER_STATES,
    CHANNELS,
    STATUSES,
    Answer,
    ContactDetails,
    Response,
)
from surveyapp.models.study import QuestionnaireVersion, Study, StudyInstrument

__all__ = [
    "ANSWER_STATES",
    "CHANNELS",
    "ROLES",
    "STATUSES",
    "Answer",
    "Base",
    "ContactDetails",
    "QuestionnaireVersion",
    "Response",
    "Study",
    "StudyInstrument",
    "User",
]
