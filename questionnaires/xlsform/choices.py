"""The choices sheet of an XLSForm: its lists, each option's code, label and translations."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from questionnaires.xlsform import columns as c
from questionnaires.xlsform.sheets import CODE, SheetReader, yes_or_no

__all__ = ["ChoiceReader"]


class ChoiceReader(SheetReader):
    """Reads the choices sheet as the reading starts, so questions find their lists."""

    def __init__(self, book: Mapping[str, Any], stem: str) -> None:
        super().__init__(book, stem)
        self.lists = self.read_choices()

    def read_choices(self) -> dict[str, list[dict[str, Any]]]:
        lists: dict[str, list[dict[str, Any]]] = {}
        for index, row in enumerate(self.book.get("choices") or []):
            number = index + 2
            if not row:
                continue
            list_name = row.get(c.LIST_NAME) or row.get("list name")
            code = row.get(c.NAME) or row.get("value")
            if not list_name:
                self.problem("choices", number, c.LIST_NAME, "give the list's name")
                continue
            if code is None:
                self.problem("choices", number, c.NAME, "give the choice's name (its code)")
                continue
            if not CODE.match(code):
                self.problem(
                    "choices",
                    number,
                    c.NAME,
                    f"'{code}' cannot be a code: use letters, digits and _ . + - only",
                )
                continue
            label, translations = self.words(row, c.LABEL, "label")
            if not label:
                self.problem("choices", number, self.label_column, f"choice '{code}' has no label")
                continue
            option: dict[str, Any] = {"code": code, "label": label}
            if row.get(c.SCALE_VALUE) is not None:
                try:
                    option["value"] = int(row[c.SCALE_VALUE])
                except ValueError:
                    self.problem(
                        "choices",
                        number,
                        c.SCALE_VALUE,
                        f"'{row[c.SCALE_VALUE]}' is not a whole number",
                    )
            for column, key in ((c.NOT_APPLICABLE, "na"), (c.EXCLUSIVE, "exclusive")):
                if row.get(column) is not None:
                    flag = yes_or_no(row[column])
                    if flag is None:
                        self.problem("choices", number, column, "write yes or no")
                    else:
                        option[key] = flag
            for column, key in ((c.WRITE_IN, "write_in"), (c.TABLE_LABEL, "table_label")):
                if row.get(column) is not None:
                    option[key] = row[column]
            if translations:
                option["translations"] = translations
            lists.setdefault(list_name, []).append({**option, "_row": number})
        return lists

    def options(self, list_name: str, row: int) -> list[dict[str, Any]] | None:
        if list_name not in self.lists:
            self.problem(
                "survey",
                row,
                c.TYPE,
                f"the choices list '{list_name}' is not on the choices sheet",
            )
            return None
        return [{k: v for k, v in o.items() if k != "_row"} for o in self.lists[list_name]]
