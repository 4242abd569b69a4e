"""Database models, one module per aggregate. Importing this package registers every table."""

from surveyapp.models.audit import AuditEntry
from surveyapp.models.base import Base
from surveyapp.models.coding import (
    AddedTheme,
    CodingSetup,
    HumanCoding,
    MachineCoding,
    Quote,
    ThemeModel,
)
from surveyapp.models.evaluation import ServiceRecord
from surveyapp.models.findings import (
    REPORT_SECTIONS,
    CachedResult,
    EditedFinding,
    GroupedAnswer,
    ReportSection,
)
from surveyapp.models.jobs import JOB_STATES, Job, StoredFile
from surveyapp.models.paper import (
    HOLDING_RULES,
    QUALITY_RULES,
    Discrepancy,
    PaperBatch,
    PaperEntry,
    PaperForm,
    QualityIssue,
)
from surveyapp.models.people import (
    EMAIL,
    ENDINGS,
    MIN_PASSWORD_LENGTH,
    ROLES,
    SignIn,
    SignInAttempt,
    User,
)
from surveyapp.models.response import (
    CHANNELS,
    STATUSES,
    Answer,
    ContactDetails,
    Response,
)
from surveyapp.models.study import QuestionnaireVersion, Study, StudyInstrument
from surveyapp.models.tracker import (
    EVIDENCE_KINDS,
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
    "CHANNELS",
    "EMAIL",
    "ENDINGS",
    "EVIDENCE_KINDS",
    "HOLDING_RULES",
    "JOB_STATES",
    "MIN_PASSWORD_LENGTH",
    "QUALITY_RULES",
    "REPORT_SECTIONS",
    "ROLES",
    "STATUSES",
    "Action",
    "ActionReview",
    "AddedTheme",
    "Answer",
    "AuditEntry",
    "Base",
    "CachedResult",
    "CodingSetup",
    "ContactDetails",
    "Discrepancy",
    "Dispatch",
    "EditedFinding",
    "Evidence",
    "GroupedAnswer",
    "HumanCoding",
    "Job",
    "MachineCoding",
    "Organisation",
    "OrganisationContact",
    "PaperBatch",
    "PaperEntry",
    "PaperForm",
    "QualityIssue",
    "QuestionnaireVersion",
    "Quote",
    "Recommendation",
    "RecommendationAddressee",
    "RecommendationResponse",
    "Report",
    "ReportSection",
    "Response",
    "ServiceRecord",
    "SignIn",
    "SignInAttempt",
    "StoredFile",
    "Study",
    "StudyInstrument",
    "ThemeModel",
    "User",
]
