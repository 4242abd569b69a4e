"""The demo: studies named like the Bromley one with generated responses (clearly marked as
demo data), its users, blank paper forms to key, and the Bromley report in the tracker."""

from surveyapp.services.demo.studies import (
    DEMO_PASSWORD,
    add_generated_response,
    generate_answers,
    load_demo,
)
from surveyapp.services.demo.tracker import load_demo_tracker

__all__ = [
    "DEMO_PASSWORD",
    "add_generated_response",
    "generate_answers",
    "load_demo",
    "load_demo_tracker",
]
