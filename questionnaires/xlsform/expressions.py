"""The few XPath expressions of an XLSForm that our definitions can say, read and written.

``relevant``: ``${q} = 'x'``, ``selected(${q}, 'x')``, ``${q} != 'x'``, ``${q} = ''`` (not
answered), ``${q} != ''`` (answered), combined with ``and``, ``or``, ``not(...)`` and brackets,
becomes our ``show_if``. ``constraint``: ``. >= 0 and . <= 10`` (one side or both) becomes
``min``/``max``, and ``string-length(.) <= 200`` a text's ``max_length``. Anything else is
refused, never guessed: pyxform without Java does not check XPath, so this module is what stands
between a form and an expression it cannot keep.

``not`` is kept exactly, pushed down to the leaves: "not x" of a choice question is "not
answered, or any of its other options", since a question left blank has none selected.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

_TOKEN = re.compile(
    r"""\s*(?:
        (?P<ref>\$\{[^}]*\})
      | (?P<string>'[^']*'|"[^"]*")
      | (?P<number>-?\d+(?:\.\d+)?)
      | (?P<op>!=|<=|>=|=|<|>)
      | (?P<punct>[(),])
      | (?P<word>[A-Za-z_][A-Za-z0-9_:-]*)
      | (?P<dot>\.)
    )""",
    re.VERBOSE,
)

# What a question is, as conditions need it: its kind ("select_one", "select_multiple", or
# anything else) and its option codes in order.
QuestionInfo = tuple[str, Sequence[str]]


class ExpressionError(ValueError):
    """An expression we cannot keep; the message says what would be accepted instead."""


#: What a person is told can be written, after what could not be read.
WRITABLE = (
    "write a condition as ${question} = 'option', ${question} != 'option' or "
    "selected(${question}, 'option'), joined with and, or and not(...)"
)


def _unreadable(expression: str, detail: str) -> ExpressionError:
    return ExpressionError(f"'{expression.strip()}' cannot be read ({detail}): {WRITABLE}")


@dataclass(frozen=True)
class _Token:
    kind: str
    text: str


def _tokens(expression: str) -> list[_Token]:
    found: list[_Token] = []
    position = 0
    text = expression.strip()
    while position < len(text):
        match = _TOKEN.match(text, position)
        if not match or match.end() == position:
            raise _unreadable(expression, f"at '{text[position:]}'")
        kind = match.lastgroup or ""
        found.append(_Token(kind, match.group(kind)))
        position = match.end()
    return found


class _Parser:
    """Recursive descent over ``or`` > ``and`` > ``not(...)`` / brackets / comparisons."""

    def __init__(self, expression: str) -> None:
        self.expression = expression
        self.tokens = _tokens(expression)
        self.at = 0

    def peek(self) -> _Token | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def take(self, kind: str | None = None, text: str | None = None) -> _Token:
        token = self.peek()
        if token is None or (kind and token.kind != kind) or (text and token.text != text):
            wanted = text or kind or "more"
            got = f"'{token.text}'" if token else "the end"
            raise _unreadable(self.expression, f"{wanted} was expected, not {got}")
        self.at += 1
        return token

    def is_word(self, word: str) -> bool:
        token = self.peek()
        return token is not None and token.kind == "word" and token.text == word

    def parse(self) -> Any:
        tree = self.or_()
        if self.peek() is not None:
            raise _unreadable(self.expression, f"'{self.peek().text}' is left over")  # type: ignore[union-attr]
        return tree

    def or_(self) -> Any:
        parts = [self.and_()]
        while self.is_word("or"):
            self.take()
            parts.append(self.and_())
        return parts[0] if len(parts) == 1 else ("or", parts)

    def and_(self) -> Any:
        parts = [self.unary()]
        while self.is_word("and"):
            self.take()
            parts.append(self.unary())
        return parts[0] if len(parts) == 1 else ("and", parts)

    def unary(self) -> Any:
        token = self.peek()
        if token is None:
            raise _unreadable(self.expression, "it ends too early")
        if token.kind == "punct" and token.text == "(":
            self.take()
            inner = self.or_()
            self.take("punct", ")")
            return inner
        if self.is_word("not"):
            self.take()
            self.take("punct", "(")
            inner = self.or_()
            self.take("punct", ")")
            return ("not", inner)
        if self.is_word("selected"):
            self.take()
            self.take("punct", "(")
            ref = self.operand()
            self.take("punct", ",")
            value = self.operand()
            self.take("punct", ")")
            return ("selected", ref, value)
        left = self.operand()
        op = self.take("op").text
        right = self.operand()
        return ("compare", op, left, right)

    def operand(self) -> tuple[str, str]:
        """("ref", name), ("string", text), ("number", text), ("dot", "."), ("length", ".")."""
        token = self.take()
        if token.kind == "ref":
            return ("ref", token.text[2:-1].strip())
        if token.kind == "string":
            return ("string", token.text[1:-1])
        if token.kind in ("number", "dot"):
            return (token.kind, token.text)
        if token.kind == "word" and token.text == "string-length":
            self.take("punct", "(")
            inner = self.operand()
            self.take("punct", ")")
            if inner[0] != "dot":
                raise ExpressionError(
                    f"string-length only of '.' (this question) in '{self.expression}'"
                )
            return ("length", ".")
        raise ExpressionError(
            f"'{token.text}' in '{self.expression}' is not something our forms can check: "
            "use ${question}, 'text', numbers, and, or, not() and selected()"
        )


# -- relevant -> show_if ------------------------------------------------------------------------

_OPPOSITE = {"=": "!=", "!=": "="}


def relevant_to_condition(
    expression: str, lookup: Callable[[str], tuple[str, QuestionInfo] | None]
) -> dict[str, Any]:
    """Our ``show_if`` for a ``relevant`` expression. ``lookup`` gives, for a name written in
    ``${...}``, our question id and what the question is (None: no earlier question of that
    name). Raises ``ExpressionError`` saying what cannot be kept."""
    tree = _Parser(expression).parse()
    return _simplify(_condition(tree, lookup, negate=False, expression=expression))


def _leaf(
    ref: tuple[str, str],
    lookup: Callable[[str], tuple[str, QuestionInfo] | None],
    expression: str,
) -> tuple[str, QuestionInfo]:
    if ref[0] != "ref":
        raise ExpressionError(f"compare a question (${{name}}) with a value in '{expression}'")
    found = lookup(ref[1])
    if found is None:
        raise ExpressionError(
            f"'${{{ref[1]}}}' in '{expression}' is not a question earlier in the form"
        )
    return found


def _any_of(question: str, info: QuestionInfo, codes: list[str], negate: bool) -> dict[str, Any]:
    if not negate:
        return {"question": question, "any_of": codes}
    # Not any of these: left blank, or one of the other options (exact for one choice or many).
    rest = [c for c in info[1] if c not in codes]
    blank = {"question": question, "answered": False}
    return {"any": [blank, {"question": question, "any_of": rest}]} if rest else blank


def _condition(
    tree: Any,
    lookup: Callable[[str], tuple[str, QuestionInfo] | None],
    negate: bool,
    expression: str,
) -> dict[str, Any]:
    head = tree[0]
    if head in ("and", "or"):
        parts = [_condition(t, lookup, negate, expression) for t in tree[1]]
        # De Morgan: not (a and b) is (not a) or (not b).
        combined = "all" if (head == "and") != negate else "any"
        return {combined: parts}
    if head == "not":
        return _condition(tree[1], lookup, not negate, expression)
    if head == "selected":
        _, ref, value = tree
        question, info = _leaf(ref, lookup, expression)
        if info[0] not in ("select_one", "select_multiple"):
            raise ExpressionError(
                f"selected() in '{expression}' needs a select_one or select_multiple question"
            )
        if value[0] != "string" or not value[1]:
            raise ExpressionError(f"selected() needs an option name in quotes in '{expression}'")
        return _any_of(question, info, [value[1]], negate)
    _, op, left, right = tree
    if left[0] != "ref" and right[0] == "ref":
        left, right = right, left
    if op not in _OPPOSITE or right[0] != "string":
        raise ExpressionError(
            f"'{expression}' compares with '{op}'; our conditions only say whether a question "
            "was answered or which options were chosen (= or != with a value in quotes)"
        )
    question, info = _leaf(left, lookup, expression)
    op_negated = (op == "!=") != negate
    if right[1] == "":
        return {"question": question, "answered": op_negated}
    if info[0] == "select_multiple":
        raise ExpressionError(
            f"'{expression}' compares a select_multiple with '='; "
            f"use selected(${{{left[1]}}}, '{right[1]}')"
        )
    if info[0] != "select_one":
        raise ExpressionError(
            f"'{expression}' compares a question that is not a choice with a value; our "
            "conditions can only say whether it was answered (= '' or != '')"
        )
    return _any_of(question, info, [right[1]], op_negated)


def _simplify(condition: dict[str, Any]) -> dict[str, Any]:
    """Flatten nested all/any, merge ``any`` leaves on one question into one ``any_of``, and
    unwrap a combination of one."""
    for key in ("all", "any"):
        if key not in condition:
            continue
        parts: list[dict[str, Any]] = []
        for part in (_simplify(p) for p in condition[key]):
            parts.extend(part.get(key, [part]))
        if key == "any":
            merged: list[dict[str, Any]] = []
            for part in parts:
                last = merged[-1] if merged else None
                if (
                    last is not None
                    and "any_of" in part
                    and "any_of" in last
                    and last["question"] == part["question"]
                ):
                    new = [code for code in part["any_of"] if code not in last["any_of"]]
                    codes = [*last["any_of"], *new]
                    merged[-1] = {"question": last["question"], "any_of": codes}
                else:
                    merged.append(part)
            parts = merged
        return parts[0] if len(parts) == 1 else {key: parts}
    return condition


# -- show_if -> relevant ------------------------------------------------------------------------


def condition_to_relevant(condition: Mapping[str, Any]) -> str:
    """The ``relevant`` expression of our ``show_if``, read back by ``relevant_to_condition``
    into the same condition."""
    return _relevant(condition, inside=None)


def _relevant(condition: Mapping[str, Any], inside: str | None) -> str:
    if "all" in condition or "any" in condition:
        key = "all" if "all" in condition else "any"
        joined = f" {'and' if key == 'all' else 'or'} ".join(
            _relevant(c, inside=key) for c in condition[key]
        )
        return f"({joined})" if inside is not None else joined
    ref = f"${{{condition['question']}}}"
    if "answered" in condition:
        return f"{ref} != ''" if condition["answered"] else f"{ref} = ''"
    codes = list(condition["any_of"])
    text = " or ".join(f"selected({ref}, '{code}')" for code in codes)
    return f"({text})" if len(codes) > 1 and inside is not None else text


# -- constraint -> bounds -----------------------------------------------------------------------


def constraint_to_bounds(expression: str, kind: str) -> dict[str, Any]:
    """``min``/``max`` (integer, decimal) or ``max_length`` (text) of a ``constraint``.

    ``kind`` is the question's XLSForm type (integer, decimal, text). Raises ``ExpressionError``
    for anything but ranges."""
    tree = _Parser(expression).parse()
    parts = tree[1] if tree[0] == "and" else [tree]
    bounds: dict[str, Any] = {}
    for part in parts:
        if part[0] != "compare" or part[1] not in ("<", "<=", ">", ">="):
            raise ExpressionError(_NOT_A_RANGE.format(expression=expression))
        _, op, left, right = part
        if right[0] in ("dot", "length"):
            left, right = right, left
            op = {"<": ">", "<=": ">=", ">": "<", ">=": "<="}[op]
        if left[0] not in ("dot", "length") or right[0] != "number":
            raise ExpressionError(_NOT_A_RANGE.format(expression=expression))
        value = _number(right[1])
        if left[0] == "length":
            if kind != "text" or op not in ("<", "<="):
                raise ExpressionError(
                    f"'{expression}': string-length(.) < or <= a number is a text's longest length"
                )
            key, value = "max_length", int(value) - (1 if op == "<" else 0)
            if value < 1:
                raise ExpressionError(f"'{expression}' leaves no length to write")
        else:
            if kind not in ("integer", "decimal"):
                raise ExpressionError(
                    f"'{expression}': a range of numbers needs an integer or decimal question"
                )
            key = "min" if op in (">", ">=") else "max"
            if op in ("<", ">"):
                # Our bounds include their ends; a strict bound is one whole number in.
                if kind != "integer" or not isinstance(value, int):
                    raise ExpressionError(
                        f"'{expression}': use >= or <= (our bounds include their ends)"
                    )
                value = value + 1 if op == ">" else value - 1
        if key in bounds:
            raise ExpressionError(f"'{expression}' gives {key} twice")
        bounds[key] = value
    return bounds


_NOT_A_RANGE = (
    "'{expression}' is not a range our forms can check: write '. >= 0 and . <= 10' (one side "
    "or both) for a number, or 'string-length(.) <= 200' for a text"
)


def _number(text: str) -> int | float:
    value = float(text)
    return int(value) if value.is_integer() and "." not in text else value


def bounds_to_constraint(question: Mapping[str, Any]) -> str:
    """The ``constraint`` of our ``min``/``max`` or ``max_length`` ("" when there is none)."""
    parts = []
    if question.get("min") is not None:
        parts.append(f". >= {_format(question['min'])}")
    if question.get("max") is not None:
        parts.append(f". <= {_format(question['max'])}")
    if question.get("max_length") is not None:
        parts.append(f"string-length(.) <= {int(question['max_length'])}")
    return " and ".join(parts)


def _format(value: float) -> str:
    return str(value)
