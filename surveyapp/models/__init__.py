"""Database models, one module per aggregate. Importing this package registers every table."""

from surveyapp.models.audit import AuditEntry
from surveyapp.models.base import Base
from surveyapp.models.coding import (
    SENTIMENTS,
    AddedTheme,
    CodingSetup,
    HumanCoding,
    MachineCoding,
    Quote,
    ThemeModel,
)
from surveyapp.models.findings import EditedFinding
from surveyapp.models.paper import (
    HOLDING_RULES,
    QUALITY_RULES,
    Discrepancy,
    PaperBatch,
    PaperEntry,
    PaperForm,
    QualityIssue,
)
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
from surveyapp.models.tracker import (
    EVIDENCE_KINDS,
    REVIEW_STATES,
    STANCES,
    Action,
    ActionReview,
    Dispatch,
    Evidence,
    Organisation,
    OrganisationContact,
    Recommendation,
    RecommendationAddressee,
    RecommendationResponse,
    Report,
)

__all__ = [
    "SENTIMENTS",
    "AddedTheme",
    "CodingSetup",
    "HumanCoding",
    "MachineCoding",
    "Quote",
    "ThemeModel",
    "HOLDING_RULES",
    "QUALITY_RULES",
    "Discrepancy",
    "PaperBatch",
    "PaperEntry",
    "PaperForm",
    "QualityIssue",
    "ANSWER_STATES",
    "EVIDENCE_KINDS",
    "REVIEW_STATES",
    "STANCES",
    "Action",
    "ActionReview",
    "AuditEntry",
    "Dispatch",
    "EditedFinding",
    "Evidence",
    "Organisation",
    "OrganisationContact",
    "Recommendation",
    "RecommendationAddressee",
    "RecommendationResponse",
    "Report",
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
