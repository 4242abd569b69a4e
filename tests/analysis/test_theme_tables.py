"""Theme tables, agreement figures (against values worked out by hand), quote ranking and
emerging themes: the pure parts of free-text coding."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.themes.agreement import kappa, machine_scores, micro_scores, theme_agreement
from analysis.themes.codebook import codebook_from_dict
from analysis.themes.discovery import emerging_themes
from analysis.themes.quotes import quote_candidates
from analysis.themes.tables import CODED_COLUMNS, CodedFrameError, theme_appendix, theme_table

CODEBOOK = codebook_from_dict(
    {
        "key": "tiny",
        "title": "Tiny",
        "axes": [
            {
                "id": "experience",
                "title": "Experience",
                "themes": [
                    {"id": "access", "label": "Access"},
                    {"id": "waiting", "label": "Waiting", "parent": "access"},
                    {"id": "face_to_face", "label": "Face to face", "parent": "access"},
                    {"id": "kindness", "label": "Kindness"},
                ],
            },
            {
                "id": "needs",
                "title": "Needs",
                "negated": "drop",
                "themes": [
                    {"id": "housing", "label": "Housing"},
                    {"id": "isolation", "label": "Isolation"},
                ],
            },
        ],
    }
)


def coded(rows) -> pd.DataFrame:
    """rows: (codes, sentiment, not_applicable, coded_by)."""
    return pd.DataFrame.from_records(
        [
            (i, 100 + i, "patient", "anything_else", f"answer {i}", codes, s, na, by)
            for i, (codes, s, na, by) in enumerate(rows, start=1)
        ],
        columns=list(CODED_COLUMNS),
    )


FRAME = coded(
    [
        (("experience.waiting",), "negative", False, "staff"),
        (("experience.waiting", "experience.kindness"), "mixed", False, "rules"),
        (("experience.face_to_face", "needs.housing"), "negative", False, "rules"),
        (("experience.kindness",), "positive", False, "staff"),
        (("needs.housing", "needs.isolation"), "negative", False, "rules"),
        (("needs.isolation",), "mixed", False, "rules"),
        ((), "mixed", True, "rules"),  # "n/a": not in the base
    ]
)


def test_theme_table_counts_answers_rolls_children_up_and_splits_by_sentiment():
    table = theme_table(
        FRAME,
        CODEBOOK,
        "experience",
        questionnaire="patient",
        question_id="anything_else",
        title="Experience: Is there anything else?",
        number="10",
    )
    assert (table.base, table.answers, table.not_applicable, table.by_staff) == (6, 7, 1, 2)
    rows = {
        r.label: (r.depth, r.count, r.percent, r.positive, r.mixed, r.negative) for r in table.rows
    }
    # Access: answers 1, 2, 3 (waiting twice, face to face once) - an answer counts once.
    assert rows["Access"] == (0, 3, 50, 0, 1, 2)
    assert rows["Waiting"] == (1, 2, 33, 0, 1, 1)
    assert rows["Face to face"] == (1, 1, 17, 0, 0, 1)
    assert rows["Kindness"] == (0, 2, 33, 1, 1, 0)
    assert [r.label for r in table.rows] == ["Access", "Waiting", "Face to face", "Kindness"]
    assert table.sentiments == (("positive", 1, 17), ("mixed", 2, 33), ("negative", 3, 50))
    appendix = theme_appendix(table)
    assert appendix.multiple and appendix.base == 6
    assert [r.label for r in appendix.rows][:2] == ["Access", "– Waiting"]
    assert (appendix.questionnaire, appendix.question_id) == (
        "themes",
        "patient.anything_else.experience",
    )


def test_needs_table_lists_the_most_frequent_first():
    table = theme_table(
        FRAME,
        CODEBOOK,
        "needs",
        questionnaire="patient",
        question_id="anything_else",
        title="Needs",
        order="frequency",
        top=1,
    )
    assert [(r.label, r.count, r.percent) for r in table.rows] == [("Housing", 2, 33)]


def test_a_frame_without_the_columns_is_named():
    with pytest.raises(CodedFrameError, match="codes"):
        theme_table(
            FRAME.drop(columns=["codes"]),
            CODEBOOK,
            "needs",
            questionnaire="patient",
            question_id="x",
            title="",
        )


def test_kappa_against_a_hand_computed_value():
    # 10 answers: both yes 4, both no 3, first only 2, second only 1.
    first = [True] * 4 + [False] * 3 + [True] * 2 + [False]
    second = [True] * 4 + [False] * 3 + [False] * 2 + [True]
    # po = 7/10; pe = 0.6*0.5 + 0.4*0.5 = 0.5; kappa = (0.7-0.5)/(1-0.5) = 0.4
    assert kappa(first, second) == pytest.approx(0.4)
    assert kappa([True, True], [True, True]) is None  # undefined: no variation at all
    found = theme_agreement(
        {1: ["a"], 2: ["a", "b"], 3: [], 4: ["b"]},
        {1: ["a"], 2: ["b"], 3: ["a"], 5: ["a"]},
        ["a", "b"],
    )
    a = next(f for f in found if f.theme == "a")
    # answers 1-3 shared: first a,a,- ; second a,-,a -> both 1, first only 1, second only 1
    assert (a.answers, a.both, a.first_only, a.second_only) == (3, 1, 1, 1)
    # po = 1/3; pe = (2/3)(2/3) + (1/3)(1/3) = 5/9; kappa = (1/3 - 5/9) / (4/9) = -0.5
    assert a.kappa == pytest.approx(-0.5)


def test_precision_recall_and_f1_against_hand_computed_values():
    machine = {1: ["a", "b"], 2: ["a"], 3: [], 4: ["b"]}
    human = {1: ["a"], 2: ["b"], 3: ["a"], 4: ["b"]}
    scores = {s.theme: s for s in machine_scores(machine, human, ["a", "b"])}
    # a: predicted {1,2}, actual {1,3}: precision 1/2, recall 1/2, F1 1/2
    assert (scores["a"].precision, scores["a"].recall, scores["a"].f1) == (0.5, 0.5, 0.5)
    # b: predicted {1,4}, actual {2,4}: 1/2, 1/2
    assert scores["b"].support == 2 and scores["b"].f1 == 0.5
    micro = micro_scores(machine, human)
    # hits 2 of 4 predicted, of 4 actual
    assert (micro.precision, micro.recall, micro.f1) == (0.5, 0.5, 0.5)


def test_quotes_prefer_focused_answers_of_a_quotable_length():
    frame = coded(
        [
            (("experience.kindness",), "positive", False, "rules"),
            (
                ("experience.kindness", "experience.waiting", "needs.housing"),
                "positive",
                False,
                "rules",
            ),
            (("experience.kindness",), "negative", False, "rules"),
        ]
    )
    frame.loc[0, "text"] = (
        "The link worker was so kind and took time to listen to everything I said."
    )
    frame.loc[1, "text"] = "Kind, but the wait and my housing were awful."
    ranked = quote_candidates(frame, "experience.kindness", "positive")
    assert [c.answer_id for c in ranked] == [1, 2]
    assert quote_candidates(frame, "experience.waiting", "negative") == []


def test_emerging_themes_group_answers_by_shared_words():
    texts = [
        "The parking at the surgery is impossible",
        "No parking near the surgery building",
        "Parking costs too much at the surgery",
        "Car parking spaces are always full",
        "The bus route to the centre was cancelled",
        "The bus never comes on time to the centre",
        "I missed the bus to the centre twice",
        "The bus stop is far from the centre",
    ]
    groups = emerging_themes(texts, list(range(1, 9)), groups=2)
    words = [set(g.words[:2]) for g in groups]  # lemmas: "parking" is "park"
    assert any("park" in w for w in words) and any("bus" in w for w in words)
    parking = next(g for g in groups if "park" in g.words[:2])
    assert set(parking.answer_ids) == {1, 2, 3, 4}
    assert emerging_themes(texts[:3], [1, 2, 3]) == []  # too few to group


def test_answers_repeated_word_for_word_group_without_a_warning(recwarn):
    # Two answers three times each factorise exactly (the hostile-input walk found it).
    texts = ["waiting list long"] * 3 + ["staff kind helpful"] * 3 + ["z" * 5_000] * 2
    groups = emerging_themes(texts, list(range(8)))
    assert sorted(sorted(g.answer_ids) for g in groups) == [[0, 1, 2], [3, 4, 5]]
    assert not [w for w in recwarn if issubclass(w.category, RuntimeWarning)]


def test_the_same_words_from_several_people_are_one_quote():
    frame = coded([(("experience.kindness",), "positive", False, "rules")] * 3)
    frame["text"] = ["So kind.", "so  kind.", "Kind and patient staff who listened to me."]
    ranked = quote_candidates(frame, "experience.kindness", "positive")
    assert len(ranked) == 2
