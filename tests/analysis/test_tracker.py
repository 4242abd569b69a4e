"""Tracker statuses as of a given day, with the England calendar injected.

The seed's report: sent Tue 4 Jul 2023, statutory deadline Tue 1 Aug 2023 (20 working days: see
test_working_days.py), reply received Mon 14 Aug 2023 (Aug 2, 3, 4, 7, 8, 9, 10, 11, 14: 9 working
days late).
"""

from __future__ import annotations

from datetime import date

import holidays
import pytest

from analysis.tracker import (
    COLOURS,
    REVIEW_STATE_LABELS,
    REVIEW_STATES,
    STANCE_LABELS,
    STANCES,
    ActionState,
    Status,
    action_status,
    dispatch_status,
    few_answers,
    format_day,
    response_timing,
)

ENGLAND = holidays.country_holidays("GB", subdiv="ENG", years=range(2022, 2026))
SENT = date(2023, 7, 4)
DEADLINE = date(2023, 8, 1)
RECEIVED = date(2023, 8, 14)
LATER = date(2023, 9, 1)  # a Friday, after the reply


def timing(as_of, received_on=None, extended_to=None, sent_on=SENT):
    return response_timing(sent_on, received_on, extended_to, as_of, ENGLAND)


def action(due_on=None, review=None, reviewed_on=None):
    return ActionState(
        "Publish the access policy", "Head of Patient Experience", due_on, review, reviewed_on
    )


# --- labels and formatting ---------------------------------------------------------------------


def test_every_stance_and_review_state_has_a_label():
    assert tuple(STANCE_LABELS) == STANCES
    assert STANCE_LABELS["partly_accepted"] == "Partly accepted"
    assert STANCE_LABELS["already_in_place"] == "Already in place"
    assert STANCE_LABELS["no_response"] == "No response"
    assert tuple(REVIEW_STATE_LABELS) == REVIEW_STATES
    assert [REVIEW_STATE_LABELS[s] for s in REVIEW_STATES] == ["Done", "In progress", "Not done"]


def test_days_are_printed_without_a_leading_zero():
    assert format_day(date(2023, 8, 1)) == "1 Aug 2023"
    assert format_day(date(2024, 12, 25)) == "25 Dec 2024"
    assert [format_day(date(2024, m, 9)).split()[1] for m in range(1, 13)] == [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ]  # fmt: skip


def test_a_status_colour_must_be_known():
    assert COLOURS == ("grey", "green", "amber", "red")
    with pytest.raises(ValueError, match="colour"):
        Status("blue", "?")


def test_a_review_state_must_be_known():
    with pytest.raises(ValueError, match="latest_review"):
        action(review="finished")


# --- response timing ---------------------------------------------------------------------------


def test_timing_while_awaited():
    t = timing(as_of=date(2023, 7, 25))  # Tue: Jul 26, 27, 28, 31, Aug 1 left
    assert (t.deadline, t.effective_deadline) == (DEADLINE, DEADLINE)
    assert t.working_days_left == 5
    assert t.working_days_overdue is None and t.working_days_late is None
    assert not t.received and t.on_time is None and t.met_extension is None


def test_timing_overdue():
    t = timing(as_of=date(2023, 8, 4))  # Fri: Aug 2, 3, 4 past the deadline
    assert t.working_days_overdue == 3
    assert t.working_days_left is None


def test_timing_of_the_seed_reply():
    t = timing(as_of=LATER, received_on=RECEIVED)
    assert t.received
    assert t.working_days_late == 9
    assert t.on_time is False
    assert t.met_extension is None
    assert t.working_days_left is None and t.working_days_overdue is None


def test_timing_of_the_seed_reply_with_an_extension_to_14_august():
    t = timing(as_of=LATER, received_on=RECEIVED, extended_to=date(2023, 8, 14))
    assert t.effective_deadline == date(2023, 8, 14)
    assert t.met_extension is True
    assert t.on_time is True
    assert t.working_days_late == 9  # still counted from the statutory deadline


def test_timing_with_an_extension_missed():
    t = timing(as_of=LATER, received_on=RECEIVED, extended_to=date(2023, 8, 11))
    assert t.met_extension is False
    assert t.on_time is False


def test_a_reply_dated_after_as_of_is_not_yet_received():
    t = timing(as_of=date(2023, 8, 10), received_on=RECEIVED)
    assert not t.received
    assert t.working_days_overdue == 7  # Aug 2, 3, 4, 7, 8, 9, 10
    assert t.on_time is None


# --- dispatch status: before the reply ---------------------------------------------------------


def test_not_sent_is_grey():
    assert dispatch_status(None, [], [], LATER) == Status("grey", "Not sent yet")
    # Sent after the day we look from: not sent yet on that day.
    assert (
        dispatch_status(timing(as_of=date(2023, 7, 1)), [], [], date(2023, 7, 1)).colour == "grey"
    )


def test_awaited_with_time_to_spare_is_green():
    as_of = date(2023, 7, 24)  # Mon: Jul 25, 26, 27, 28, 31, Aug 1 left
    assert dispatch_status(timing(as_of), [], [], as_of) == Status(
        "green", "Response due in 6 working days (by 1 Aug 2023)"
    )


def test_awaited_close_to_the_deadline_is_amber():
    as_of = date(2023, 7, 25)
    assert dispatch_status(timing(as_of), [], [], as_of) == Status(
        "amber", "Response due in 5 working days (by 1 Aug 2023)"
    )
    # amber_within is configurable.
    assert dispatch_status(timing(as_of), [], [], as_of, amber_within=4).colour == "green"


def test_awaited_on_the_deadline_day_is_amber_and_due_today():
    assert dispatch_status(timing(DEADLINE), [], [], DEADLINE) == Status(
        "amber", "Response due today (by 1 Aug 2023)"
    )


def test_awaited_under_an_extension():
    as_of = date(2023, 8, 4)  # Fri: Aug 7, 8, 9, 10, 11, 14 left to the extension
    t = timing(as_of, extended_to=date(2023, 8, 14))
    assert dispatch_status(t, [], [], as_of) == Status(
        "green", "Response due in 6 working days (by 14 Aug 2023, extended from 1 Aug 2023)"
    )


def test_no_response_past_the_deadline_is_red():
    as_of = date(2023, 8, 4)
    assert dispatch_status(timing(as_of), [], [], as_of) == Status(
        "red", "No response: 3 working days overdue (due 1 Aug 2023)"
    )
    as_of = date(2023, 8, 2)
    assert dispatch_status(timing(as_of), [], [], as_of).reason == (
        "No response: 1 working day overdue (due 1 Aug 2023)"
    )


def test_no_response_past_the_extension_is_red_and_names_it():
    as_of = date(2023, 8, 16)  # Wed: Aug 15, 16 past the extension
    t = timing(as_of, extended_to=date(2023, 8, 14))
    assert dispatch_status(t, [], [], as_of) == Status(
        "red", "No response: 2 working days overdue (due 1 Aug 2023, extended to 14 Aug 2023)"
    )


def test_timing_must_be_as_of_the_same_day():
    with pytest.raises(ValueError, match="as of"):
        dispatch_status(timing(date(2023, 8, 4)), [], [], LATER)


# --- dispatch status: after the reply ----------------------------------------------------------


def test_reply_late_is_green_and_says_how_late():
    t = timing(LATER, received_on=RECEIVED)
    assert dispatch_status(t, [], [], LATER) == Status(
        "green", "Response received 14 Aug 2023, 9 working days late"
    )


def test_reply_within_the_agreed_extension():
    t = timing(LATER, received_on=RECEIVED, extended_to=date(2023, 8, 14))
    assert dispatch_status(t, [], [], LATER) == Status(
        "green", "Response received 14 Aug 2023, within the agreed extension"
    )
    # An extension to 11 Aug was missed: lateness is then counted from the statutory deadline.
    t = timing(LATER, received_on=RECEIVED, extended_to=date(2023, 8, 11))
    assert dispatch_status(t, [], [], LATER).reason == (
        "Response received 14 Aug 2023, 9 working days late (the extension to 11 Aug 2023 was "
        "missed)"
    )


def test_reply_on_time():
    t = timing(LATER, received_on=date(2023, 7, 28))
    assert dispatch_status(t, [], [], LATER) == Status("green", "Response received 28 Jul 2023")


def test_reply_on_the_weekend_after_the_deadline_is_late_by_no_working_day():
    # Sent Fri 5 Jan 2024 -> due Fri 2 Feb 2024; received Sat 3 Feb.
    as_of = date(2024, 2, 5)
    t = timing(as_of, received_on=date(2024, 2, 3), sent_on=date(2024, 1, 5))
    assert t.deadline == date(2024, 2, 2)
    assert t.working_days_late == 0 and t.on_time is False
    assert dispatch_status(t, [], [], as_of).reason == (
        "Response received 3 Feb 2024, after the deadline"
    )


def test_reply_with_recommendations_unanswered_is_amber():
    t = timing(LATER, received_on=RECEIVED)
    assert dispatch_status(t, ["3", "7"], [], LATER) == Status(
        "amber", "No answer yet to recommendations 3 and 7"
    )
    assert dispatch_status(t, ["6"], [], LATER).reason == ("No answer yet to recommendation 6")
    assert dispatch_status(t, ["2", "3", "7"], [], LATER).reason.endswith("2, 3 and 7")


def test_an_overdue_action_is_red_and_outranks_amber():
    t = timing(LATER, received_on=RECEIVED)
    overdue = action(due_on=date(2023, 8, 31), review="in_progress", reviewed_on=date(2023, 8, 20))
    soon = action(due_on=date(2023, 9, 15))
    # Red wins the colour; the reason still says everything that is wrong.
    assert dispatch_status(t, ["3"], [overdue, soon], LATER) == Status(
        "red",
        "1 action overdue; no answer yet to recommendation 3; 1 action due soon",
    )
    assert dispatch_status(t, [], [overdue, overdue], LATER).reason == "2 actions overdue"


def test_actions_due_soon_or_undated_are_amber():
    t = timing(LATER, received_on=RECEIVED)
    soon = action(due_on=date(2023, 9, 15), review="not_done", reviewed_on=date(2023, 8, 30))
    undated = action()
    assert dispatch_status(t, [], [soon], LATER) == Status("amber", "1 action due soon")
    assert dispatch_status(t, ["3"], [soon, soon, undated], LATER) == Status(
        "amber",
        "No answer yet to recommendation 3; 2 actions due soon; 1 action with no due date",
    )


def test_all_actions_done_is_green():
    t = timing(LATER, received_on=RECEIVED)
    done = action(due_on=date(2023, 8, 31), review="done", reviewed_on=date(2023, 8, 30))
    assert dispatch_status(t, [], [done, done], LATER) == Status("green", "All actions done")


def test_actions_on_track_leave_the_reply_figures():
    t = timing(LATER, received_on=RECEIVED)
    done = action(due_on=date(2023, 8, 31), review="done", reviewed_on=date(2023, 8, 30))
    on_track = action(due_on=date(2024, 3, 31), review="in_progress", reviewed_on=date(2023, 8, 30))
    assert dispatch_status(t, [], [done, on_track], LATER) == Status(
        "green", "Response received 14 Aug 2023, 9 working days late"
    )


# --- action status -----------------------------------------------------------------------------


def test_done_is_green_whatever_the_due_date():
    assert action_status(
        action(due_on=date(2023, 8, 1), review="done", reviewed_on=date(2023, 8, 20)), LATER
    ) == Status("green", "Done (reviewed 20 Aug 2023)")
    assert action_status(action(review="done"), LATER) == Status("green", "Done")


def test_a_review_dated_after_as_of_is_not_yet_known():
    later_review = action(due_on=date(2023, 8, 31), review="done", reviewed_on=date(2023, 9, 5))
    assert action_status(later_review, LATER) == Status("red", "Overdue since 31 Aug 2023")
    assert action_status(later_review, date(2023, 9, 5)).colour == "green"


@pytest.mark.parametrize("review", ["in_progress", "not_done", None])
def test_past_due_and_not_done_is_red(review):
    reviewed_on = date(2023, 8, 20) if review else None
    overdue = action(due_on=date(2023, 8, 31), review=review, reviewed_on=reviewed_on)
    assert action_status(overdue, LATER) == Status("red", "Overdue since 31 Aug 2023")


def test_due_soon_is_amber():
    assert action_status(action(due_on=LATER, review="not_done"), LATER) == Status(
        "amber", "Due on 1 Sep 2023 (today)"
    )
    assert action_status(action(due_on=date(2023, 9, 2)), LATER).reason == (
        "Due on 2 Sep 2023 (in 1 day)"
    )
    # 30 calendar days ahead is still soon; 31 is not.
    assert action_status(action(due_on=date(2023, 10, 1)), LATER) == Status(
        "amber", "Due on 1 Oct 2023 (in 30 days)"
    )
    assert action_status(action(due_on=date(2023, 10, 2), review="in_progress"), LATER) == Status(
        "green", "On track: due 2 Oct 2023"
    )
    assert action_status(action(due_on=date(2023, 10, 2)), LATER, due_soon_days=31).colour == (
        "amber"
    )


def test_no_due_date_and_not_done_is_amber():
    assert action_status(action(), LATER) == Status("amber", "No due date set")
    assert action_status(action(review="in_progress"), LATER).colour == "amber"


# --- evidence ----------------------------------------------------------------------------------


def test_few_answers_flags_thin_evidence():
    assert few_answers(4) is True  # recommendation 6 rested on four respondents
    assert few_answers(9) is True
    assert few_answers(10) is False
    assert few_answers(None) is False
    assert few_answers(12, threshold=20) is True
