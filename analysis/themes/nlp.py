"""The spaCy pipelines theming runs on, built once per process.

Everything works with ``spacy.blank("en")`` and the lookup lemmatizer (``spacy-lookups-data``):
no model is downloaded, ever. Its lookup tables are case-sensitive, so text is lower-cased
before it is lemmatised (``lowered``). A trained English pipeline (``en_core_web_sm``) is used
only for named entities (people's names in quotes), and only when it is installed.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language


log = logging.getLogger(__name__)
TRAINED = ("en_core_web_sm", "en_core_web_md", "en_core_web_lg")


@lru_cache(maxsize=1)
def lemma_pipeline() -> Language:
    """Tokenizer and lookup lemmatizer: "waited", "waits", "waiting" all become "wait"."""
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()
    return nlp


@lru_cache(maxsize=1)
def entity_pipeline() -> Language | None:
    """An installed trained pipeline with named entities, or None (never downloaded)."""
    import spacy

    for name in TRAINED:
        if spacy.util.is_package(name):
            try:
                return spacy.load(name, disable=["lemmatizer", "parser"])
            except OSError:  # pragma: no cover - a broken install
                log.warning("spaCy pipeline %s is installed but does not load", name)
    return None


def lowered(text: str) -> str:
    """``text`` in lower case with every character in its place (a few characters grow when
    lower-cased, which would shift the evidence offsets; those are kept as they are)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
