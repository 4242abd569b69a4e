"""The read-only JSON API: personal access tokens (made, listed, revoked; each call's token
checked, rate-limited and audited) and what the API reads out of a study and the tracker."""

from surveyapp.services.api.reading import (
    MOST_RESPONSES,
    PAGE_RESPONSES,
    NotAllowedError,
    PageRequest,
    appendix_tables,
    instruments,
    responses_page,
    studies,
    study,
)
from surveyapp.services.api.tokens import (
    API_CALL,
    LONGEST_DAYS,
    NAME_LENGTH,
    TOKEN_PREFIX,
    NewToken,
    TokenError,
    TooManyCallsError,
    api_caller,
    create_token,
    revoke_token,
    token_state,
    tokens_of,
)
from surveyapp.services.api.tracker_status import tracker_status

__all__ = [
    "API_CALL",
    "LONGEST_DAYS",
    "MOST_RESPONSES",
    "NAME_LENGTH",
    "PAGE_RESPONSES",
    "TOKEN_PREFIX",
    "NewToken",
    "NotAllowedError",
    "PageRequest",
    "TokenError",
    "TooManyCallsError",
    "api_caller",
    "appendix_tables",
    "create_token",
    "instruments",
    "responses_page",
    "revoke_token",
    "studies",
    "study",
    "token_state",
    "tokens_of",
    "tracker_status",
]
