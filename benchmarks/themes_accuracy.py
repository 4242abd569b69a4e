"""How well free-text theming and sentiment agree with human coders, and how fast they run,
on comments coded in the format of the NHS Friends and Family Test file (see
``benchmarks/fft_data.py`` and ``../shared/data/fft-themes/README.md``).

    .venv/bin/python -m benchmarks.themes_accuracy                     # 5-fold CV, all modes
    .venv/bin/python -m benchmarks.themes_accuracy --cv 10 --mode trained
    .venv/bin/python -m benchmarks.themes_accuracy --split-by-trust    # train on one, test on other
    .venv/bin/python -m benchmarks.themes_accuracy --train A.csv --test B.csv

Splits: ``--train`` and ``--test`` (the same path, or ``--cv K``: K-fold cross-validation of
that file, folds stratified loosely on each comment's rarest label); ``--split-by-trust``: from
``--data``, train on every other trust and test on each trust in turn (with two trusts: both
directions); otherwise K-fold cross-validation of ``--data`` (default the FFT dev file).
Figures are pooled over the test folds.

Modes (``--mode``, repeatable; default all three):

- ``rules``: the codebook's rules alone (``--codebook``, default ``nhs_experience``). A comment's
  predicted labels are the union of the ``maps_to`` of every theme the rules matched, plus
  "Labelling not possible" when the answer is not applicable (empty, "n/a", "nothing"...:
  ``analysis.themes.rules.is_not_applicable``). Nothing is trained.
- ``trained``: ``ThemeClassifier()`` learning from the training comments' labels alone.
- ``combined``: ``ThemeClassifier(codebook, use_rules=True)``: the rule hits are features too.

Printed: per label precision, recall, F1 and support (sorted by support), micro- and macro-F1
(macro over labels present in the test comments); 3-class sentiment accuracy and Cohen's kappa
of the rules and of ``SentimentModel`` trained on the training comments (comments without a
sentiment are skipped); training seconds; and end-to-end comments per second on one core for
theming + sentiment + anonymisation (``analysis.themes.anonymise``, when it exists) of every
comment in the file: each step timed on its own, best of three runs after a warm-up (with the
trained sentiment model in the trained and combined modes, the rules' in rules mode). Prints
figures; asserts nothing. The question kind comes from the ``FFT question`` column; the
export's placeholder "Did not answer" is read as an empty answer (``benchmarks/fft_data.py``).
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
    os.environ[_var] = "1"  # one core: before numpy is imported, so its BLAS obeys

import argparse  # noqa: E402
import time  # noqa: E402
from collections import Counter  # noqa: E402
from collections.abc import Callable, Sequence  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
from sklearn.metrics import (  # noqa: E402
    accuracy_score,
    cohen_kappa_score,
    precision_recall_fscore_support,
)
from sklearn.model_selection import StratifiedKFold  # noqa: E402

from analysis.themes.anonymise import Anonymiser  # noqa: E402
from analysis.themes.classifier import ThemeClassifier  # noqa: E402
from analysis.themes.codebook import Codebook, CodebookError, load_codebook  # noqa: E402
from analysis.themes.rules import RuleCoder  # noqa: E402
from analysis.themes.sentiment import SentimentModel, rule_sentiments  # noqa: E402
from benchmarks.fft_data import Coded, combine, read_coded  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT / ".." / "shared" / "data" / "fft-themes" / "fft_v6_dev.csv"
MODES = ("rules", "trained", "combined")
NOT_APPLICABLE_LABEL = "Labelling not possible"
REPEATS = 3  # each step's time is the best of this many runs (after one to warm up)
Split = tuple[str, Coded, Coded]  # name, training comments, test comments


@dataclass
class Outcome:
    """One mode's predictions pooled over the test parts, with what they cost."""

    true: list[tuple[str, ...]] = field(default_factory=list)
    predicted: list[tuple[str, ...]] = field(default_factory=list)
    fit_seconds: list[float] = field(default_factory=list)
    ends: list[int] = field(default_factory=list)  # where each split's rows end
    model: Callable[[list[str], list[str]], list[tuple[str, ...]]] | None = None


# -- splits ------------------------------------------------------------------------------


def cv_splits(data: Coded, folds: int, seed: int) -> list[Split]:
    """K folds of ``data``, stratified on each comment's rarest label (strata with fewer
    than K comments are pooled, and joined to the largest if still too few)."""
    counts = Counter(label for row in data.labels for label in row)
    strata = [min(row, key=lambda x: (counts[x], x)) if row else "(none)" for row in data.labels]
    sizes = Counter(strata)
    strata = [s if sizes[s] >= folds else "(rare)" for s in strata]
    if 0 < strata.count("(rare)") < folds:
        largest = Counter(strata).most_common(1)[0][0]
        strata = [largest if s == "(rare)" else s for s in strata]
    splitter = StratifiedKFold(folds, shuffle=True, random_state=seed)
    return [
        (f"fold {i + 1} of {folds}", data.subset(train), data.subset(test))
        for i, (train, test) in enumerate(splitter.split(np.zeros(len(data)), strata))
    ]


def trust_splits(data: Coded) -> list[Split]:
    """Per trust: train on the others, test on it."""
    trusts = sorted(set(data.trusts) - {""})
    if len(trusts) < 2:
        raise SystemExit("--split-by-trust needs a Trust column with at least two trusts")
    splits = []
    for trust in trusts:
        test = [i for i, t in enumerate(data.trusts) if t == trust]
        train = [i for i, t in enumerate(data.trusts) if t != trust]
        others = "+".join(t for t in trusts if t != trust)
        splits.append((f"train {others}, test {trust}", data.subset(train), data.subset(test)))
    return splits


# -- theming -----------------------------------------------------------------------------


def rules_predictor(codebook: Codebook) -> Callable[[list[str], list[str]], list[tuple[str, ...]]]:
    """Labels by the rules alone: the ``maps_to`` of matched themes, and the not-applicable
    label for an answer that says nothing."""
    coder = RuleCoder(codebook)
    maps = {theme.key: theme.maps_to for theme in codebook.themes()}

    def predict(texts: list[str], kinds: list[str]) -> list[tuple[str, ...]]:
        rows = []
        for coding in coder.code_many(texts):
            labels = dict.fromkeys(label for key in coding.codes for label in maps.get(key, ()))
            if coding.not_applicable:
                labels[NOT_APPLICABLE_LABEL] = None
            rows.append(tuple(labels))
        return rows

    return predict


def run_mode(mode: str, splits: list[Split], codebook: Codebook | None, seed: int) -> Outcome:
    """Train (unless rules) and predict on every split; predictions pooled."""
    outcome = Outcome()
    for _, train, test in splits:
        if mode == "rules":
            outcome.model = outcome.model or rules_predictor(codebook)
        else:
            started = time.perf_counter()
            classifier = ThemeClassifier(codebook if mode == "combined" else None, seed=seed)
            classifier.fit(train.texts, train.labels, train.kinds)
            outcome.fit_seconds.append(time.perf_counter() - started)
            outcome.model = classifier.predict
        outcome.true.extend(test.labels)
        outcome.predicted.extend(outcome.model(test.texts, test.kinds))
        outcome.ends.append(len(outcome.true))
    return outcome


def split_lines(outcome: Outcome, splits: list[Split], names: Sequence[str]) -> list[str]:
    """Micro- and macro-F1 of each split on its own."""
    lines, start = [], 0
    for (name, _, _), end in zip(splits, outcome.ends, strict=True):
        part = Outcome(outcome.true[start:end], outcome.predicted[start:end])
        scores = label_scores(part, names)
        lines.append(
            f"{'':<10}{name}: micro-F1 {scores['micro']:.3f}  macro-F1 {scores['macro']:.3f}"
        )
        start = end
    return lines


def label_scores(outcome: Outcome, names: Sequence[str]) -> dict[str, np.ndarray]:
    """Precision, recall, F1 and support per label in ``names``."""
    index = {name: i for i, name in enumerate(names)}
    true = np.zeros((len(outcome.true), len(names)), dtype=bool)
    predicted = np.zeros_like(true)
    for row, (t, p) in enumerate(zip(outcome.true, outcome.predicted, strict=True)):
        true[row, [index[x] for x in t if x in index]] = True
        predicted[row, [index[x] for x in p if x in index]] = True
    precision, recall, f1, support = precision_recall_fscore_support(
        true, predicted, average=None, zero_division=0
    )
    tp, fp, fn = (true & predicted).sum(), (~true & predicted).sum(), (true & ~predicted).sum()
    micro = 2 * tp / max(1, 2 * tp + fp + fn)
    present = support > 0
    macro = float(f1[present].mean()) if present.any() else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "support": support,
            "micro": micro, "macro": macro}  # fmt: skip


def print_labels(title: str, scores: dict, names: Sequence[str]) -> None:
    """The per-label table, largest support first."""
    print(f"\n  {title}")
    print(f"    {'label':<58} {'prec':>5} {'rec':>5} {'F1':>5} {'support':>7}")
    for i in np.argsort(-scores["support"], kind="stable"):
        if scores["support"][i] == 0 and scores["precision"][i] == 0:
            continue
        print(
            f"    {names[i][:58]:<58} {scores['precision'][i]:5.2f} {scores['recall'][i]:5.2f}"
            f" {scores['f1'][i]:5.2f} {int(scores['support'][i]):7d}"
        )


# -- sentiment ---------------------------------------------------------------------------


def sentiment_figures(
    splits: list[Split], seed: int, train: bool
) -> tuple[list[str], float, SentimentModel | None]:
    """Accuracy and kappa of the rules (and of a model trained per split), pooled and per
    split when there are several: summary lines, the mean seconds to train a model, and the
    last split's model (None without training)."""
    pooled: dict[str, list[str]] = {"true": [], "rules": [], "trained": []}
    lines, seconds, model = [], [], None
    for name, training, test in splits:
        rows = [i for i, s in enumerate(test.sentiments) if s]
        texts, kinds = [test.texts[i] for i in rows], [test.kinds[i] for i in rows]
        part = {"true": [test.sentiments[i] for i in rows], "rules": rule_sentiments(texts, kinds)}
        if train:
            coded = training.subset([i for i, s in enumerate(training.sentiments) if s])
            started = time.perf_counter()
            model = SentimentModel(seed=seed).fit(coded.texts, coded.sentiments, coded.kinds)
            seconds.append(time.perf_counter() - started)
            part["trained"] = model.predict(texts, kinds)
        for key, values in part.items():
            pooled[key].extend(values)
        if len(splits) > 1:
            methods = [m for m in ("rules", "trained") if m in part]
            lines += [f"  {name}: " + _agreement(m, part["true"], part[m]) for m in methods]
    methods = ["rules"] + (["trained"] if train else [])
    summary = [_agreement(m, pooled["true"], pooled[m]) for m in methods]
    return summary + lines, float(np.mean(seconds)) if seconds else 0.0, model


def _agreement(name: str, true: list[str], predicted: list[str]) -> str:
    if not true:
        return f"sentiment {name}: no comments with a sentiment"
    accuracy, kappa = accuracy_score(true, predicted), cohen_kappa_score(true, predicted)
    return f"sentiment {name:<8} accuracy {accuracy:.3f}  kappa {kappa:.3f}  (n={len(true)})"


# -- throughput --------------------------------------------------------------------------


def anonymiser() -> Callable[[list[str]], object] | None:
    """``Anonymiser().anonymise_many``, whose speed is measured beside the coding's."""
    return Anonymiser().anonymise_many


def _timed(step: Callable[[], object]) -> float:
    started = time.perf_counter()
    step()
    return time.perf_counter() - started


def throughput(outcome: Outcome, data: Coded, sentiment: SentimentModel | None) -> str:
    """Comments per second, one core, for theming + sentiment (+ anonymisation) of ``data``."""
    texts, kinds = data.texts, data.kinds
    anonymise = anonymiser()
    steps: dict[str, Callable[[], object]] = {"theming": lambda: outcome.model(texts, kinds)}
    if sentiment is not None:
        steps["sentiment"] = lambda: sentiment.predict(texts, kinds)
    else:
        steps["sentiment"] = lambda: rule_sentiments(texts, kinds)
    if anonymise is not None:
        steps["anonymisation"] = lambda: anonymise(texts)
    rates, total = [], 0.0
    for name, step in steps.items():
        step()  # warm up: pipelines and matchers are built on first use
        seconds = min(_timed(step) for _ in range(REPEATS))
        total += seconds
        rates.append(f"{name} {len(texts) / seconds:,.0f}/s")
    missing = "" if anonymise else "; anonymisation: not available"
    return (
        f"end-to-end {len(texts) / total:,.0f} comments/s on one core ({', '.join(rates)}{missing})"
    )


# -- main --------------------------------------------------------------------------------


def choose_splits(args: argparse.Namespace) -> tuple[str, list[Split], Coded]:
    """The splits the arguments ask for, a title, and all comments they cover."""
    if args.split_by_trust:
        data = read_coded(args.data)
        return f"train on one trust, test on another: {args.data}", trust_splits(data), data
    if args.train and args.test and Path(args.train).resolve() != Path(args.test).resolve():
        if args.cv:
            raise SystemExit("--cv cross-validates one file: give --train and --test the same")
        train, test = read_coded(args.train), read_coded(args.test)
        return (
            f"train {args.train}, test {args.test}",
            [("test", train, test)],
            combine(train, test),
        )
    data = read_coded(args.train or args.test or args.data)
    folds = args.cv or 5
    title = f"{folds}-fold cross-validation: {args.train or args.test or args.data}"
    return title, cv_splits(data, folds, args.seed), data


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", default=str(DEFAULT_DATA), help="coded comments (FFT format)")
    parser.add_argument("--train", help="training comments")
    parser.add_argument("--test", help="test comments (the same path as --train: CV)")
    parser.add_argument("--cv", type=int, help="K-fold cross-validation (default 5)")
    parser.add_argument("--split-by-trust", action="store_true", help="train/test across trusts")
    parser.add_argument("--mode", action="append", choices=MODES, help="default: all three")
    parser.add_argument("--codebook", default="nhs_experience", help="shipped key or YAML path")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    title, splits, data = choose_splits(args)
    modes = args.mode or list(MODES)
    codebook = None
    try:
        codebook = load_codebook(args.codebook)
    except (CodebookError, FileNotFoundError, OSError) as exc:
        print(f"codebook {args.codebook}: not available, so no rules or combined mode")
        print(f"  ({str(exc).splitlines()[0]})")
        modes = [m for m in modes if m == "trained"]
    names = data.label_names
    print(f"{title}\n{len(data)} comments, {len(names)} labels, {len(splits)} split(s)")
    for name, train, test in splits:
        print(f"  {name}: {len(train)} training, {len(test)} test comments")
    trains = any(m != "rules" for m in modes)
    sentiment_lines, sentiment_seconds, sentiment = sentiment_figures(splits, args.seed, trains)
    summary = []
    for mode in modes:
        outcome = run_mode(mode, splits, codebook, args.seed)
        scores = label_scores(outcome, names)
        print_labels(f"{mode}: per label (pooled over {len(splits)} test part(s))", scores, names)
        fit = (
            f"training {np.mean(outcome.fit_seconds):.1f} s"
            if outcome.fit_seconds
            else "no training"
        )
        speed = throughput(outcome, data, sentiment if mode != "rules" else None)
        summary.append(
            f"{mode:<9} micro-F1 {scores['micro']:.3f}  macro-F1 {scores['macro']:.3f}  {fit}"
            f"\n{'':<10}{speed}"
        )
        if len(splits) > 1:
            summary.extend(split_lines(outcome, splits, names))
    print(f"\nSummary: {title}")
    for line in summary:
        print(line)
    for line in sentiment_lines:
        print(line)
    if trains:
        print(f"sentiment training {sentiment_seconds:.1f} s")


if __name__ == "__main__":
    main()
