"""Sentiment of answers, by lexicon and rules and by a trained model, on hand-written answers."""

from __future__ import annotations

import pickle

import pytest

from analysis.themes.sentiment import (
    SENTIMENTS,
    SentimentModel,
    question_kind,
    rule_sentiment,
    rule_sentiments,
)


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("How could we improve?", "improve"),
        ("What could we do better?", "improve"),
        ("What would you change about the service?", "improve"),
        ("What was good?", "good"),
        ("What went well?", "good"),
        ("What did you like most about the service?", "good"),
        ("FFT Why?", "general"),
        ("Is there anything else you would like to tell us?", "general"),
        ("What was good and what could be better?", "general"),
        (None, "general"),
    ],
)
def test_question_kind(question, kind):
    assert question_kind(question) == kind


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The staff were lovely and kind", "positive"),
        ("The wait was awful and the receptionist was rude", "negative"),
        ("I went on a Tuesday", "mixed"),
        ("Not good at all", "negative"),  # negation
        ("The staff were not helpful", "negative"),
        # what follows "but" weighs more, as VADER has it
        ("The nurse was lovely but the wait was terrible", "negative"),
        ("The wait was terrible but the nurse was lovely", "positive"),
        ("Quick,caring,polite", "positive"),  # glued punctuation and service words
        ("I was in pain and the ambulance came", "mixed"),  # the condition, not the service
        ("n/a", "mixed"),
        ("Nothing", "mixed"),
        ("Nothing, it was perfect", "positive"),  # not "nothing ... perfect" negated
    ],
)
def test_rule_sentiment_of_general_answers(text, expected):
    assert rule_sentiment(text, "general") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("More staff at weekends", "mixed"),  # a suggestion, not a complaint
        ("Shorter waiting times", "mixed"),
        ("Better communication", "mixed"),  # "better" asks; it does not praise
        ("Please phone back when you say you will", "mixed"),
        ("Nothing", "positive"),
        ("No", "positive"),
        ("Nothing at all", "positive"),
        ("Can\u2019t think of anything", "positive"),
        ("Nothing, it was perfect", "positive"),
        ("Nothing really, all good", "positive"),
        ("Keep up the good work", "positive"),
        ("Nothing, but the wait was awful", "mixed"),
        ("The staff were rude and unhelpful", "negative"),  # a complaint all the same
        ("n/a", "mixed"),
        ("No comment", "mixed"),
    ],
)
def test_rule_sentiment_of_answers_to_an_improve_question(text, expected):
    assert rule_sentiment(text, "improve") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The food", "positive"),  # naming it answers what was good
        ("Nothing", "negative"),
        ("The staff were rude", "negative"),
        ("n/a", "mixed"),
        # Being kept waiting has no negative word, but it is no praise (issue 16).
        ("It took a long time to hear back after the referral.", "negative"),
        ("Never heard back from anyone", "negative"),
        ("I had a long wait but it was worth it", "positive"),
        ("Nobody rang me back", "negative"),
        ("No-one called me back", "negative"),
        # ... but the same words denied are praise, and a long time is not always a wait.
        ("I was never kept waiting", "positive"),
        ("Not kept waiting at all", "positive"),
        ("I did not have to wait a long time", "positive"),
        ("Staff who have known me a long time", "positive"),
    ],
)
def test_rule_sentiment_of_answers_to_a_good_question(text, expected):
    assert rule_sentiment(text, "good") == expected


def test_rule_sentiments_take_one_kind_or_one_per_answer():
    texts = ["Nothing", "Nothing", "Nothing"]
    assert rule_sentiments(texts) == ["mixed"] * 3
    assert rule_sentiments(texts, "improve") == ["positive"] * 3
    assert rule_sentiments(texts, ["improve", "good", "general"]) == [
        "positive",
        "negative",
        "mixed",
    ]
    with pytest.raises(ValueError, match="2 question kinds for 3 answers"):
        rule_sentiments(texts, ["improve", "good"])
    assert rule_sentiments([]) == []


# A coding convention the rules do not share: like NHS analysts, these coders call every
# suggestion negative ("More staff" to "How could we improve?" is a complaint to them).
TRAIN = [
    ("More staff on the ward", "negative"),
    ("More staff at night", "negative"),
    ("More staff at weekends please", "negative"),
    ("Shorter waiting times", "negative"),
    ("Shorter waits for the phone", "negative"),
    ("Shorter queues at reception", "negative"),
    ("Better communication between teams", "negative"),
    ("Better parking at the clinic", "negative"),
    ("Quicker replies to letters", "negative"),
    ("Quicker transport home", "negative"),
    ("Answer the phone sooner", "negative"),
    ("Call back when you say", "negative"),
    ("Nothing, the staff were wonderful", "positive"),
    ("Nothing at all, brilliant service", "positive"),
    ("Nothing", "positive"),
    ("No, everything was great", "positive"),
    ("Keep doing what you are doing, excellent", "positive"),
    ("All good, thank you", "positive"),
    ("Nothing to change, lovely staff", "positive"),
    ("Cannot fault it, very kind nurses", "positive"),
    ("Not sure", "mixed"),
    ("I only came once", "mixed"),
    ("It depends on the day", "mixed"),
    ("Some days fine, some days not", "mixed"),
    ("Hard to say really", "mixed"),
    ("I don't know", "mixed"),
]
TEST = [
    ("More staff in the evenings", "negative"),
    ("Shorter waiting lists", "negative"),
    ("Better communication with my GP", "negative"),
    ("Quicker replies to emails", "negative"),
    ("More staff at reception", "negative"),
    ("Nothing, the nurses were wonderful", "positive"),
    ("All good, thank you so much", "positive"),
    ("Not sure really", "mixed"),
]


def _accuracy(predicted: list[str], expected: list[str]) -> float:
    return sum(p == e for p, e in zip(predicted, expected, strict=True)) / len(expected)


def test_trained_model_learns_the_coders_convention_the_rules_do_not_share():
    texts, labels = zip(*TRAIN, strict=True)
    model = SentimentModel().fit(list(texts), list(labels), "improve")
    test_texts, expected = zip(*TEST, strict=True)
    predicted = model.predict(list(test_texts), "improve")
    rules = rule_sentiments(list(test_texts), "improve")
    assert set(predicted) <= set(SENTIMENTS)
    assert _accuracy(predicted, list(expected)) >= _accuracy(rules, list(expected))
    assert _accuracy(predicted, list(expected)) >= 0.75
    assert model.predict([]) == []


def test_trained_model_is_deterministic_and_checks_its_labels():
    texts, labels = zip(*TRAIN, strict=True)
    kinds = ["improve"] * len(texts)
    first = (
        SentimentModel(seed=3).fit(texts, labels, kinds).predict([t for t, _ in TEST], "improve")
    )
    again = (
        SentimentModel(seed=3).fit(texts, labels, kinds).predict([t for t, _ in TEST], "improve")
    )
    assert first == again
    model = SentimentModel().fit(texts, labels, kinds)
    kept = pickle.loads(pickle.dumps(model))  # the app keeps it in the database so
    assert kept.predict([t for t, _ in TEST], "improve") == model.predict(
        [t for t, _ in TEST], "improve"
    )
    with pytest.raises(ValueError, match="sentiment labels must be"):
        SentimentModel().fit(["Lovely", "Awful"], ["good", "bad"])
