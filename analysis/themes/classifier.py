"""A multi-label theme classifier that learns from answers people have coded, alone
("trained") or with a codebook's rules ("combined"). Labels are any strings: theme keys in the
app, another framework's categories in a benchmark.

Features: TF-IDF over word 1-2-grams of lemmas (the lookup table the rules use), over character
2-5-grams within words (misspellings, word forms), and over lemmas tagged with the question
kind ("improve:staff" weighs differently from "good:staff"); the kind; whether the answer says
nothing (per kind); in combined mode a column per codebook theme the rules found. One linear
SVM per label; each label's threshold is tuned on out-of-fold scores of the training answers
(internal cross-validation) for micro-F1, and pulled towards 0 when it has few examples.

A label seen fewer than ``min_count`` times is not learned: in combined mode the rules give it
(a theme whose key is the label, or that ``maps_to`` it; labels of the same kind nobody has
used yet are added so), in trained mode it is never predicted. ``to_bytes``/``from_bytes``
keep a trained classifier (pickle) for the database.
"""

from __future__ import annotations

import itertools
import pickle
import re
from collections.abc import Collection, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np

from analysis.themes.codebook import Codebook
from analysis.themes.nlp import lemma_pipeline, lowered
from analysis.themes.rules import RuleCoder, is_not_applicable, with_ancestors

if TYPE_CHECKING:
    from scipy import sparse

FORMAT = 1  # bumped when a pickled classifier can no longer be read by this code
SMALL = 200  # fewer training answers than this: words seen once are kept too
KIND_WORDS_WEIGHT = 0.5  # the kind-tagged lemmas refine the plain ones; they do not replace them


class ThemeClassifier:
    """Learns themes from coded answers (``fit``) and predicts them (``predict``, ``scores``).
    ``mode`` is "combined" when a codebook is given with ``use_rules``, else "trained"."""

    def __init__(
        self,
        codebook: Codebook | None = None,
        *,
        use_rules: bool = True,
        seed: int = 0,
        min_count: int = 3,
        folds: int = 3,
        C: float = 0.5,
        shrink: float = 20.0,
    ) -> None:
        self.codebook = codebook
        self.mode = "combined" if codebook is not None and use_rules else "trained"
        self.seed = seed
        self.min_count = min_count
        self.folds = folds
        self.C = C
        self.shrink = shrink
        self.labels: tuple[str, ...] = ()  # every label it can give, sorted
        self.learned: tuple[str, ...] = ()  # the labels with a model; the others are the rules'
        self.themes: tuple[str, ...] = ()  # codebook theme keys, one feature column each
        self._coder: RuleCoder | None = None

    def fit(
        self,
        texts: Sequence[str],
        labels: Sequence[Collection[str]],
        kinds: Sequence[str] | str | None = None,
    ) -> ThemeClassifier:
        """Learn from answers and the labels people gave them (any strings, any number each)."""
        texts = [t or "" for t in texts]
        if len(labels) != len(texts):
            raise ValueError(f"{len(labels)} label sets for {len(texts)} answers")
        counts: dict[str, int] = {}
        for row in labels:
            for label in set(row):
                counts[label] = counts.get(label, 0) + 1
        self.learned = tuple(sorted(k for k, n in counts.items() if n >= self.min_count))
        if self.mode == "combined":
            self.themes = tuple(t.key for t in self._book.themes())
        self.labels = tuple(sorted(set(counts) | self._rule_labels(set(counts))))
        y = np.array([[label in row for label in self.learned] for row in labels], dtype=bool)
        y = y.reshape(len(texts), len(self.learned))
        features, _ = self._features(texts, kinds_for(kinds, len(texts)), fit=True)
        self.weights, self.bias = _train(features, y, self.C, self.seed)
        self.thresholds = self._tuned_thresholds(features, y)
        return self

    @property
    def _book(self) -> Codebook:
        """The codebook, which only a classifier combined with the rules reads."""
        if self.codebook is None:
            raise ValueError("this classifier was trained without a codebook: it has no rules")
        return self.codebook

    def _rule_labels(self, seen: set[str]) -> set[str]:
        """The labels the rules can give that are of the kind people used: theme keys if any
        label is one, the categories themes map to if any label is one of those."""
        if self.mode != "combined":
            return set()
        keys = set(self.themes)
        mapped = {m for theme in self._book.themes() for m in theme.maps_to}
        return (keys if seen & keys else set()) | (mapped if seen & mapped else set())

    def _tuned_thresholds(self, features: sparse.csr_matrix, y: np.ndarray) -> np.ndarray:
        """Per learned label, the decision threshold that maximises micro-F1 on out-of-fold
        scores, shrunk towards 0 for labels with few examples."""
        from sklearn.model_selection import KFold

        if features.shape[0] < 2 * self.folds or not y.shape[1]:
            return np.zeros(y.shape[1])
        scores = np.zeros(y.shape, dtype=np.float64)
        for train, held in KFold(self.folds, shuffle=True, random_state=self.seed).split(y):
            weights, bias = _train(features[train], y[train], self.C, self.seed)
            scores[held] = features[held] @ weights.T + bias
        # A threshold tuned on a few examples is noisy and travels badly to another service,
        # so it is pulled towards the model's own 0 the fewer examples there were.
        positives = y.sum(axis=0)
        return tune_thresholds(scores, y) * positives / (positives + self.shrink)

    def _features(
        self, texts: list[str], kinds: list[str], fit: bool = False
    ) -> tuple[sparse.csr_matrix, list[tuple[str, ...]]]:
        """One row per answer (the text's TF-IDF blocks, the answer features, rule hits), and
        the theme keys the rules found in each answer (none when there is no codebook)."""
        from scipy import sparse
        from sklearn.feature_extraction.text import TfidfVectorizer

        tokens = [words_of(t) for t in texts]
        tagged = list(zip(kinds, tokens, strict=True))
        if fit:
            if not any(tokens):
                raise ValueError("nothing to learn from: none of the answers has a word")
            min_df = min_df_for(len(texts))
            self.text = TextFeatures(min_df=min_df)
            self.kind_words = TfidfVectorizer(
                analyzer=kind_lemmas, min_df=min_df, sublinear_tf=True
            )
            self.kinds = tuple(sorted(set(kinds)))
            text, tagged = self.text.fit_transform(tokens), self.kind_words.fit_transform(tagged)
            self.kind_words.stop_words_ = None  # only for introspection; it bloats the pickle
        else:
            text, tagged = self.text.transform(tokens), self.kind_words.transform(tagged)
        blocks = [text, tagged * KIND_WORDS_WEIGHT, _answer_features(texts, kinds, self.kinds)]
        hits: list[tuple[str, ...]] = [()] * len(texts)
        if self.themes:
            if self._coder is None:
                self._coder = RuleCoder(self._book)
            hits = [coding.codes for coding in self._coder.code_many(texts)]
            blocks.append(self._rule_features(hits))
        return sparse.hstack(blocks, format="csr", dtype=np.float64), hits

    def _rule_features(self, hits: list[tuple[str, ...]]) -> sparse.csr_matrix:
        """A column per codebook theme: 1 where the rules found it (or one of its children)."""
        from scipy import sparse

        index = {key: i for i, key in enumerate(self.themes)}
        rows, columns = [], []
        for row, codes in enumerate(hits):
            for key in with_ancestors(self._book, codes):
                if key in index:
                    rows.append(row)
                    columns.append(index[key])
        shape = (len(hits), len(self.themes))
        return sparse.csr_matrix((np.ones(len(rows)), (rows, columns)), shape=shape)

    def _given_by_rules(self, codes: tuple[str, ...]) -> set[str]:
        """The labels rule codes give: the theme keys and the categories they map to."""
        given = set(codes)
        for key in codes:
            theme = self._book.theme(key)
            if theme is not None:
                given.update(theme.maps_to)
        return given

    def _margins(self, texts: Sequence[str], kinds: Sequence[str] | str | None) -> np.ndarray:
        """Per answer and label (``self.labels`` order): decision value past the tuned
        threshold; +inf/-inf for a label only the rules give, as they give it or not."""
        texts = [t or "" for t in texts]
        features, hits = self._features(texts, kinds_for(kinds, len(texts)))
        margins = np.full((len(texts), len(self.labels)), -np.inf)
        learned = features @ self.weights.T.astype(np.float64) + self.bias - self.thresholds
        position = {label: j for j, label in enumerate(self.labels)}
        margins[:, [position[label] for label in self.learned]] = learned
        if self.themes:
            given = [self._given_by_rules(codes) for codes in hits]
            for label in set(self.labels) - set(self.learned):
                column = [label in row for row in given]
                margins[:, position[label]] = np.where(column, np.inf, -np.inf)
        return margins

    def scores(
        self, texts: Sequence[str], kinds: Sequence[str] | str | None = None
    ) -> list[dict[str, float]]:
        """Per answer, a score in 0..1 for every label, 0.5 and above predicted: a logistic
        of the margin past the tuned threshold (1 or 0 for a label only the rules give)."""
        if not len(texts):
            return []
        with np.errstate(over="ignore"):
            probabilities = 1.0 / (1.0 + np.exp(-2.0 * self._margins(texts, kinds)))
        return [dict(zip(self.labels, map(float, row), strict=True)) for row in probabilities]

    def predict(
        self, texts: Sequence[str], kinds: Sequence[str] | str | None = None
    ) -> list[tuple[str, ...]]:
        """Per answer, the labels predicted, highest score first (possibly none)."""
        if not len(texts):
            return []
        predicted = []
        for row in self._margins(texts, kinds):
            chosen = np.flatnonzero(row >= 0)
            chosen = chosen[np.argsort(-row[chosen], kind="stable")]
            predicted.append(tuple(self.labels[j] for j in chosen))
        return predicted

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state["_coder"] = None  # spaCy matchers are rebuilt from the codebook when needed
        state["format"] = FORMAT
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        if state.pop("format", None) != FORMAT:
            raise ValueError("this theme classifier was saved by another version: train it again")
        self.__dict__.update(state)

    def to_bytes(self) -> bytes:
        """The trained classifier as bytes (pickle), to keep in the database."""
        return pickle.dumps(self, protocol=pickle.HIGHEST_PROTOCOL)

    @classmethod
    def from_bytes(cls, data: bytes) -> ThemeClassifier:
        """A classifier kept by ``to_bytes``. Unpickling runs code: only ever load bytes
        this application wrote itself."""
        model = pickle.loads(data)
        if not isinstance(model, cls):
            raise ValueError("these bytes do not hold a theme classifier")
        return model


def kinds_for(kinds: Sequence[str] | str | None, count: int) -> list[str]:
    """``kinds`` (of question: "improve", "good", "general"...) as one per answer: a single
    kind is repeated; None means "general"."""
    if kinds is None or isinstance(kinds, str):
        return [kinds or "general"] * count
    kinds = list(kinds)
    if len(kinds) != count:
        raise ValueError(f"{len(kinds)} question kinds for {count} answers")
    return kinds


def min_df_for(answers: int) -> int:
    """How many training answers a word must be in to be a feature: 2 (a word seen once
    teaches little), or 1 when there are only a few dozen answers to learn from."""
    return 2 if answers >= SMALL else 1


_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)?")


def words_of(text: str) -> list[str]:
    """The lower-cased words of ``text`` ("Didn't wait, 2 hours!" -> didn't, wait, 2, hours)."""
    return _WORD.findall(lowered(text))


@lru_cache(maxsize=200_000)
def lemma(word: str) -> str:
    """``word``'s lemma in the lookup table the rules use ("waited" -> "wait"). The table is
    read directly: running spaCy's pipeline would cost more than the rest of the classifier."""
    lemmatizer: Any = lemma_pipeline().get_pipe("lemmatizer")
    table = lemmatizer.lookups.get_table("lemma_lookup")
    return table.get(word, word)


def word_ngrams(words: list[str]) -> list[str]:
    """The lemmas of ``words`` and each pair of neighbouring lemmas."""
    lemmas = [lemma(w) for w in words]
    return lemmas + [f"{a} {b}" for a, b in itertools.pairwise(lemmas)]


def kind_lemmas(answer: tuple[str, list[str]]) -> list[str]:
    """The lemmas of a (question kind, words) pair tagged with the kind ("improve:staff")."""
    kind, words = answer
    return [f"{kind}:{lemma(w)}" for w in words]


class TextFeatures:
    """TF-IDF (sublinear tf, smoothed idf, l2-normalised rows: scikit-learn's) over word 1-2-grams
    of lemmas and over character 2-5-grams within words. A word's character n-grams are
    counted once per distinct word and summed per answer by a sparse product: the counts of
    scikit-learn's ``char_wb`` analyser, several times faster."""

    def __init__(self, chars: tuple[int, int] = (2, 5), min_df: int = 2) -> None:
        from sklearn.feature_extraction.text import TfidfVectorizer

        self.chars = chars
        self.min_df = min_df
        self.words = TfidfVectorizer(analyzer=word_ngrams, min_df=min_df, sublinear_tf=True)

    def fit_transform(self, tokens: list[list[str]]) -> sparse.csr_matrix:
        """Learn vocabularies and weights from training answers (as ``words_of`` gives them)
        and return their rows."""
        from scipy import sparse
        from sklearn.feature_extraction.text import CountVectorizer

        words = self.words.fit_transform(tokens)
        self.words.stop_words_ = None  # only for introspection; it bloats the pickle
        # "\x00" is never a word: it stands in when there are none, so the shapes still work
        known = list(dict.fromkeys(w for row in tokens for w in row)) or ["\x00"]
        self.index = {w: i for i, w in enumerate(known)}
        grams = CountVectorizer(analyzer="char_wb", ngram_range=self.chars)
        per_word = grams.fit_transform(known)
        counts = self._word_counts(tokens, {}) @ per_word
        frequency = np.asarray((counts > 0).sum(axis=0)).ravel()
        kept = np.flatnonzero(frequency >= self.min_df)
        vocabulary = grams.get_feature_names_out()[kept]
        # With a fixed vocabulary, unseen words are split into the kept n-grams only.
        self.grams = CountVectorizer(
            analyzer="char_wb", ngram_range=self.chars, vocabulary=list(vocabulary) or ["  "]
        )
        self.per_word = per_word[:, kept].tocsr()
        self.idf = np.log((1 + len(tokens)) / (1 + frequency[kept])) + 1
        return sparse.hstack([words, self._weighted(counts[:, kept])], format="csr")

    def transform(self, tokens: list[list[str]]) -> sparse.csr_matrix:
        """A row per answer (as ``words_of`` gives them); unseen words' n-grams are counted."""
        from scipy import sparse

        unseen: dict[str, int] = {}
        counts = self._word_counts(tokens, unseen)
        per_word = self.per_word
        if unseen:
            extra = self.grams.transform(list(unseen))[:, : per_word.shape[1]]
            per_word = sparse.vstack([per_word, extra], format="csr")
        chars = self._weighted(counts @ per_word)
        return sparse.hstack([self.words.transform(tokens), chars], format="csr")

    def _word_counts(self, tokens: list[list[str]], unseen: dict[str, int]) -> sparse.csr_matrix:
        """Answers x words counts; words not in ``self.index`` are numbered on in ``unseen``."""
        from scipy import sparse

        rows, columns, known = [], [], len(self.index)
        for row, words in enumerate(tokens):
            for word in words:
                column = self.index.get(word)
                if column is None:
                    column = unseen.setdefault(word, known + len(unseen))
                rows.append(row)
                columns.append(column)
        shape = (len(tokens), known + len(unseen))
        return sparse.csr_matrix((np.ones(len(rows)), (rows, columns)), shape=shape)

    def _weighted(self, counts: sparse.spmatrix) -> sparse.csr_matrix:
        """Counts as sublinear TF-IDF with l2-normalised rows."""
        from scipy import sparse
        from sklearn.preprocessing import normalize

        counts = sparse.csr_matrix(counts, dtype=np.float64)
        counts.data = np.log(counts.data) + 1
        return normalize(sparse.csr_matrix(counts.multiply(self.idf)))


def _answer_features(
    texts: list[str], kinds: list[str], known: tuple[str, ...]
) -> sparse.csr_matrix:
    """Per answer: its question kind (one-hot over the ``known`` kinds), whether it says
    nothing ("n/a", "none") and that within each kind ("Nothing" praises when asked what to
    improve), whether it is empty."""
    from scipy import sparse

    rows = []
    for text, kind in zip(texts, kinds, strict=True):
        hot = [float(kind == k) for k in known]
        says_nothing = float(is_not_applicable(text))
        rows.append(hot + [says_nothing * h for h in hot] + [says_nothing, float(not text.strip())])
    return sparse.csr_matrix(np.asarray(rows, dtype=np.float64).reshape(len(texts), -1))


def _train(
    features: sparse.csr_matrix, y: np.ndarray, C: float, seed: int
) -> tuple[np.ndarray, np.ndarray]:
    """One linear SVM per label column of ``y``: weights (labels x features, float32 to halve
    what is kept) and biases; a label all or none of the answers have gets a constant score."""
    from sklearn.svm import LinearSVC

    weights = np.zeros((y.shape[1], features.shape[1]), dtype=np.float32)
    bias = np.full(y.shape[1], -1.0)
    for j in range(y.shape[1]):
        positives = int(y[:, j].sum())
        if positives in (0, len(y)):
            bias[j] = 1.0 if positives else -1.0
            continue
        model = LinearSVC(C=C, random_state=seed, max_iter=5000).fit(features, y[:, j])
        weights[j], bias[j] = model.coef_[0], model.intercept_[0]
    return weights, bias


def tune_thresholds(scores: np.ndarray, y: np.ndarray, rounds: int = 2) -> np.ndarray:
    """Per label column, a threshold on ``scores`` that maximises micro-F1 over all labels:
    first each label's own best F1, then coordinate ascent on the pooled counts."""
    labels = scores.shape[1]
    thresholds = np.array([_best_threshold(scores[:, j], y[:, j], None) for j in range(labels)])
    for _ in range(rounds):
        for j in range(labels):
            predicted = scores >= thresholds
            own, truth = predicted[:, j], y[:, j]
            rest = (
                int((predicted & y).sum() - (own & truth).sum()),
                int((predicted & ~y).sum() - (own & ~truth).sum()),
                int((~predicted & y).sum() - (~own & truth).sum()),
            )
            thresholds[j] = _best_threshold(scores[:, j], truth, rest)
    return thresholds


def _best_threshold(
    scores: np.ndarray, truth: np.ndarray, rest: tuple[int, int, int] | None
) -> float:
    """The threshold on one label's ``scores`` with the best F1: of that label alone
    (``rest`` None) or pooled with the other labels' (tp, fp, fn) counts ``rest``. Placed
    half way between neighbouring scores; above every score when predicting none is best."""
    if not len(scores):
        return 0.0
    order = np.argsort(-scores, kind="stable")
    ranked, hits = scores[order], truth[order].astype(np.int64)
    tp = np.concatenate([[0], np.cumsum(hits)])  # taking the top 0, 1, ..., n
    fp, fn = np.arange(len(ranked) + 1) - tp, int(hits.sum()) - tp
    more_tp, more_fp, more_fn = rest or (0, 0, 0)
    f1 = 2 * (tp + more_tp) / np.maximum(1, 2 * (tp + more_tp) + fp + more_fp + fn + more_fn)
    # Only cut between different scores: tied answers are all taken or all left.
    valid = np.ones(len(f1), dtype=bool)
    valid[1:-1] = ranked[:-1] > ranked[1:]
    best = int(np.argmax(np.where(valid, f1, -1.0)))
    if best == 0:
        return float(ranked[0] + 1.0)
    if best == len(ranked):
        return float(ranked[-1] - 1e-6)
    return float((ranked[best - 1] + ranked[best]) / 2)
