"""The keying screen's messages come in the order of the paper, so the focus goes to the first
box in error and the summary reads down the form."""

from __future__ import annotations

from questionnaires import load_definition
from surveyapp.paper.keying import fields_in_order, read_keyed

PATIENT = load_definition("patient", 1)


def test_errors_are_in_the_order_of_the_boxes_whatever_found_them():
    order = list(fields_in_order(PATIENT))
    # A control character (found last, by the rule every input keeps) in an early box, and an
    # option that does not exist in a later one.
    keyed = read_keyed(PATIENT, {"referral_reason": "Low\x07", "referral_ease": "9"})
    assert list(keyed.errors) == ["referral_reason", "referral_ease"]
    assert order.index("referral_reason") < order.index("referral_ease")
