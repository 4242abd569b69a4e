"""Tab passes over a "please specify" box unless its "Other" is keyed: the rule the entry
screen's script follows (the browser test keys a whole form by these sequences)."""

from __future__ import annotations

from questionnaires import load_definition
from surveyapp.paper.keying import tab_enters_specify
from surveyapp.paper.keystrokes import key_sequence, keystrokes

PATIENT = load_definition("patient", 1)
WARD = next(q for q in PATIENT.questions() if q.id == "ward")
OTHER = str(WARD.options.index(WARD.other_option) + 1)


def test_tab_enters_the_specify_box_only_when_other_is_keyed_or_it_holds_words():
    assert tab_enters_specify(WARD, OTHER)
    assert tab_enters_specify(WARD, f"1 {OTHER}")
    assert not tab_enters_specify(WARD, "1")
    assert not tab_enters_specify(WARD, "")  # words alone are keyed with Other's number too
    assert not tab_enters_specify(WARD, "?")
    assert tab_enters_specify(WARD, "", "Crystal Palace")  # correcting: already typed


def test_a_specify_box_passed_over_costs_no_tab_and_one_keyed_after_other_costs_one():
    boxes = {"ward": "1", "anything_else": "x"}
    passed = key_sequence(PATIENT, boxes)
    every = key_sequence(PATIENT, boxes, skip_specify=False)
    tabs = [sum(1 for _, key in keys if key == "Tab") for keys in (passed, every)]
    specify_boxes = sum(1 for q in PATIENT.questions() if q.other_option is not None)
    # every specify box before the last box keyed is passed over
    assert 0 < tabs[1] - tabs[0] <= specify_boxes
    chosen = key_sequence(PATIENT, {**boxes, "ward": OTHER, "ward_other": "Penge"})
    assert ("type", "Penge") in chosen and ("press", "Shift+Tab") not in chosen
    # Words keyed without Other's number: Tab goes past, Shift+Tab comes back.
    stray = key_sequence(PATIENT, {**boxes, "ward_other": "Penge"})
    assert ("press", "Shift+Tab") in stray
    assert keystrokes(stray) == keystrokes(passed) + len("Penge") + 1 + 1
