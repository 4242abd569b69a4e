"""The API described as OpenAPI 3.1: every endpoint, its parameters, what it answers and the
bearer scheme. Served at ``/api/v1/openapi.json`` and read by the people's page at ``/api/v1/``;
a test holds it to the URL map (every API route in it, nothing else) and validates it."""

from __future__ import annotations

from typing import Any

from analysis.frames import TIDY_COLUMNS
from surveyapp.services.api import MOST_RESPONSES, PAGE_RESPONSES

VERSION = "1.0.0"


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _nullable(kind: str, **more: Any) -> dict[str, Any]:
    return {"type": [kind, "null"], **more}


def _object(properties: dict[str, Any], required: list[str] | None = None) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": properties,
        "required": required if required is not None else list(properties),
    }


_TEXT = {"type": "string"}
_INT = {"type": "integer"}
_DATE = _nullable("string", format="date")
_MOMENT = _nullable("string", format="date-time")

_TIDY_TYPES: dict[str, Any] = {
    "response_id": _INT,
    "version": _INT,
    "number": _nullable("number"),
    "date": _DATE,
    "condition_met": _nullable("boolean"),
    "submitted_at": _MOMENT,
}

SCHEMAS: dict[str, Any] = {
    "Error": _object(
        {
            "error": _object(
                {
                    "code": {
                        "type": "string",
                        "description": "missing_token, malformed_header, unknown_token, "
                        "revoked_token, expired_token, account_deactivated, forbidden, "
                        "not_found, method_not_allowed, bad_request, too_many_requests, "
                        "unavailable, failed",
                    },
                    "message": {"type": "string", "description": "What to do about it."},
                }
            )
        }
    ),
    "Instrument": _object(
        {
            "questionnaire": _TEXT,
            "version": _INT,
            "title": _TEXT,
            "open_online": {"type": "boolean"},
            "content_sha256": _TEXT,
        }
    ),
    "Study": _object(
        {
            "slug": _TEXT,
            "name": _TEXT,
            "description": _nullable("string"),
            "demo": {"type": "boolean"},
            "closes_on": _DATE,
            "created_at": _MOMENT,
            "instruments": {"type": "array", "items": _ref("Instrument")},
        }
    ),
    "Returns": _object(
        {
            "questionnaire": _TEXT,
            "version": _INT,
            "by_channel": {"type": "object", "additionalProperties": _INT},
            "total": _INT,
            "in_progress": _INT,
            "earliest": _MOMENT,
            "latest": _MOMENT,
        }
    ),
    "StudyList": _object({"studies": {"type": "array", "items": _ref("Study")}}),
    "StudyDetail": {
        "allOf": [
            _ref("Study"),
            _object({"returns": {"type": "array", "items": _ref("Returns")}}),
        ]
    },
    "InstrumentList": _object(
        {
            "study": _TEXT,
            "instruments": {
                "type": "array",
                "items": {
                    "allOf": [
                        _ref("Instrument"),
                        _object(
                            {
                                "definition": {
                                    "type": "object",
                                    "description": "The definition as published (the "
                                    "format of questionnaires/README.md).",
                                }
                            }
                        ),
                    ]
                },
            },
        }
    ),
    "TidyRow": _object({name: _TIDY_TYPES.get(name, _nullable("string")) for name in TIDY_COLUMNS}),
    "ResponsesPage": _object(
        {
            "study": _TEXT,
            "columns": {"type": "array", "items": _TEXT},
            "responses": {"type": "integer", "description": "Responses on this page."},
            "rows": {"type": "array", "items": _ref("TidyRow")},
            "limit": _INT,
            "next_cursor": _nullable(
                "string", description="Pass as 'cursor' for the next page; null on the last."
            ),
        }
    ),
    "TableRow": _object(
        {
            "label": _TEXT,
            "count": _nullable("integer"),
            "percent": _nullable("integer"),
            "shown": _TEXT,
            "kind": _TEXT,
            "routed_count": _nullable("integer"),
            "routed_percent": _nullable("integer"),
        }
    ),
    "AppendixTable": _object(
        {
            "appendix": {"type": "integer", "description": "Its number: 'Appendix 1' is 1."},
            "questionnaire": _TEXT,
            "question_id": _TEXT,
            "number": _nullable("string"),
            "title": _TEXT,
            "rows": {"type": "array", "items": _ref("TableRow")},
            "base": _INT,
            "multiple": {"type": "boolean"},
            "notes": {"type": "array", "items": _TEXT},
            "written": {
                "anyOf": [
                    {"type": "null"},
                    _object(
                        {
                            "under": _TEXT,
                            "answers": {"type": "array", "items": _ref("TableRow")},
                        }
                    ),
                ]
            },
            "routed_base": _nullable("integer"),
            "routed_who": _nullable("string"),
        }
    ),
    "Appendix": _object(
        {
            "study": _TEXT,
            "title": _TEXT,
            "tables": {"type": "array", "items": _ref("AppendixTable")},
        }
    ),
    "Action": _object(
        {
            "description": _TEXT,
            "owner": _nullable("string"),
            "due_on": _DATE,
            "latest_review": _nullable("string"),
            "latest_review_label": _nullable("string"),
            "latest_review_on": _DATE,
        }
    ),
    "Dispatch": _object(
        {
            "organisation": _TEXT,
            "sent_on": _DATE,
            "deadline": _DATE,
            "extended_to": _DATE,
            "extension_reason": _nullable("string"),
            "received_on": _DATE,
            "working_days_left": _nullable("integer"),
            "working_days_overdue": _nullable("integer"),
            "working_days_late": _nullable("integer"),
            "status": _object({"colour": _TEXT, "reason": _TEXT}),
            "unanswered": {"type": "array", "items": _INT},
            "general_response": _nullable("string"),
            "responses": {
                "type": "array",
                "items": _object(
                    {
                        "recommendation": _nullable("integer"),
                        "stance": _TEXT,
                        "stance_label": _TEXT,
                        "answer": _nullable("string"),
                        "actions": {"type": "array", "items": _ref("Action")},
                    }
                ),
            },
        }
    ),
    "Report": _object(
        {
            "id": _INT,
            "title": _TEXT,
            "study": _nullable("string"),
            "published_on": _DATE,
            "open": {"type": "boolean"},
            "recommendations": {
                "type": "array",
                "items": _object(
                    {
                        "number": _INT,
                        "text": _TEXT,
                        "addressed_to": {"type": "array", "items": _TEXT},
                        "evidence": {
                            "type": "array",
                            "items": _object(
                                {"kind": _TEXT, "label": _TEXT, "base": _nullable("integer")}
                            ),
                        },
                    }
                ),
            },
            "sent_to": {"type": "array", "items": _ref("Dispatch")},
        }
    ),
    "Tracker": _object(
        {
            "as_of": {"type": "string", "format": "date"},
            "reports": {"type": "array", "items": _ref("Report")},
        }
    ),
}

_SLUG = {
    "name": "slug",
    "in": "path",
    "required": True,
    "description": "The study's short name, as in its addresses (/staff/studies/<slug>).",
    "schema": _TEXT,
}


def _error(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": _ref("Error")}},
    }


_REFUSALS = {
    "401": {
        **_error(
            "No token, a malformed Authorization header, or a token unknown, revoked, expired "
            "or of a deactivated account (the code says which)."
        ),
        "headers": {"WWW-Authenticate": {"schema": _TEXT, "description": 'Bearer realm="api"'}},
    },
    "403": _error("The token's user may read no study data (a volunteer)."),
    "429": {
        **_error("The token made its allowance of calls in the last minute."),
        "headers": {
            "Retry-After": {"schema": _INT, "description": "Seconds to wait before calling again."}
        },
    },
}


def _read(
    summary: str,
    description: str,
    schema: str,
    parameters: list[dict[str, Any]] | None = None,
    *,
    study: bool = True,
    bad_request: str | None = None,
) -> dict[str, Any]:
    responses: dict[str, Any] = {
        "200": {
            "description": summary,
            "content": {"application/json": {"schema": _ref(schema)}},
        },
        **_REFUSALS,
    }
    if study:
        responses["404"] = _error("There is no study of that short name.")
    if bad_request:
        responses["400"] = _error(bad_request)
    operation: dict[str, Any] = {
        "summary": summary,
        "description": description,
        "operationId": schema[0].lower() + schema[1:],
        "parameters": ([_SLUG] if study else []) + (parameters or []),
        "responses": responses,
    }
    return {"get": operation}


PATHS: dict[str, Any] = {
    "/api/v1/": {
        "get": {
            "summary": "This API's description for people",
            "description": "A web page listing every endpoint; no token needed.",
            "operationId": "docs",
            "security": [],
            "responses": {"200": {"description": "The page", "content": {"text/html": {}}}},
        }
    },
    "/api/v1/openapi.json": {
        "get": {
            "summary": "This document",
            "description": "The API as OpenAPI 3.1; no token needed.",
            "operationId": "openapi",
            "security": [],
            "responses": {
                "200": {
                    "description": "The document",
                    "content": {"application/json": {"schema": {"type": "object"}}},
                }
            },
        }
    },
    "/api/v1/studies": _read(
        "Every study",
        "Every study, newest first, with its questionnaire versions.",
        "StudyList",
        study=False,
    ),
    "/api/v1/studies/{slug}": _read(
        "One study",
        "The study, its questionnaire versions and their returns per channel.",
        "StudyDetail",
    ),
    "/api/v1/studies/{slug}/instruments": _read(
        "A study's questionnaires",
        "Each questionnaire version of the study with its definition as published: the "
        "canonical content that its SHA-256 freezes.",
        "InstrumentList",
    ),
    "/api/v1/studies/{slug}/responses": _read(
        "A study's answers, a page at a time",
        "The answers of the study's counted responses (submitted online, or keyed and "
        "verified) in the tidy shape: one row per answer value, a response never split over "
        "two pages. Contact details are never included.",
        "ResponsesPage",
        [
            {
                "name": "limit",
                "in": "query",
                "description": f"Responses a page holds (1 to {MOST_RESPONSES}).",
                "schema": {
                    "type": "integer",
                    "minimum": 1,
                    "maximum": MOST_RESPONSES,
                    "default": PAGE_RESPONSES,
                },
            },
            {
                "name": "cursor",
                "in": "query",
                "description": "The 'next_cursor' of the page before; leave out for the first.",
                "schema": _TEXT,
            },
        ],
        bad_request="A limit or cursor that is not as described.",
    ),
    "/api/v1/studies/{slug}/appendix": _read(
        "A study's appendix tables",
        "The numbered appendix tables, as the findings page and the appendix workbook show "
        "them: printed wording, rows with No. and %, the base, notes.",
        "Appendix",
        [
            {
                "name": "instrument",
                "in": "query",
                "description": "Only this questionnaire's tables (e.g. patient); repeat for "
                "several. All of them when left out.",
                "schema": {"type": "array", "items": _TEXT},
                "style": "form",
                "explode": True,
            }
        ],
        bad_request="A questionnaire the study does not have.",
    ),
    "/api/v1/tracker": _read(
        "The recommendations tracker",
        "Every report (or those of one study): its recommendations and who they were "
        "addressed to, when it was sent to each organisation, the deadline and the "
        "red/amber/green status as of a day, the responses received and the actions promised.",
        "Tracker",
        [
            {
                "name": "as_of",
                "in": "query",
                "description": "The day to look from, YYYY-MM-DD (today when left out).",
                "schema": {"type": "string", "format": "date"},
            },
            {
                "name": "study",
                "in": "query",
                "description": "Only the reports of this study (its short name).",
                "schema": _TEXT,
            },
        ],
        study=False,
        bad_request="A day not written YYYY-MM-DD.",
    ),
}
# The tracker names an unknown study in its query, not its path: still a 404.
PATHS["/api/v1/tracker"]["get"]["responses"]["404"] = _error("There is no study of that name.")


def document(organisation: str) -> dict[str, Any]:
    """The OpenAPI 3.1 document of this API, titled with the organisation running it."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": f"{organisation}: read-only API",
            "version": VERSION,
            "description": "Studies, their questionnaires, answers (the tidy shape), appendix "
            "tables and the recommendations tracker, read with a personal access token. "
            "Each token reads what its user may read; volunteers' tokens read no study data.",
        },
        "servers": [{"url": "/"}],
        "security": [{"bearer": []}],
        "paths": PATHS,
        "components": {
            "securitySchemes": {
                "bearer": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "A personal access token (hwt_...) made on /account/tokens.",
                }
            },
            "schemas": SCHEMAS,
        },
    }
