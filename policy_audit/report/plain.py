"""A stored report as plain data, read back and rendered without pydantic.

Importing pydantic and building the report models costs a cached run more than everything else it
does, so the cache keeps a report as the models' dumped data, and a run that reuses it reads that
data through `Record` views with the models' attribute names. Every format reads a report only by
attribute, so a view renders as the model it was dumped from; anything that builds a new report
(suppressions, a baseline, the config's name) first turns the view back into the model (`as_model`).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, TypeVar, cast

if TYPE_CHECKING:
    from .models import Report

Data = dict[str, Any]
T = TypeVar("T")


class Record:
    """One model's fields as read-only attributes (lists of models as lists of records)."""

    def __init__(self, fields: Data) -> None:
        self.__dict__.update(fields)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"a stored report is read-only ({name})")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Record) and vars(self) == vars(other)

    __hash__ = None  # type: ignore[assignment]  # as mutable data: not a set member


class PlainReport(Record):
    """A `Report` read back from its dumped data, which it keeps for JSON and for `as_model`."""

    data: Data

    def __init__(self, data: Data) -> None:
        s = data["summary"]
        summary = {**s, "baseline": _maybe(s["baseline"]), "areas": _records(s["areas"])}
        super().__init__({
            **data,
            "packs": _records(data["packs"]), "rules": _records(data["rules"]),
            "results": [Record({**r, "evidence": _records(r["evidence"])}) for r in data["results"]],
            "findings": [Record({**f, "evidence": _records(f["evidence"]), "suppressed": _maybe(f["suppressed"])})
                         for f in data["findings"]],
            "documents": _records(data["documents"]), "summary": Record(summary),
            "coverage": [Record({**row, "cells": _records(row["cells"])}) for row in data["coverage"]],
        })
        self.__dict__["data"] = data

    def json(self, indent: int | None = None) -> str:
        """The data as the model's `model_dump_json` writes it (UTF-8 as is, C0 controls escaped)."""
        if len(self.data["documents"]) >= NATIVE_FROM:
            text = native_json(self.data, indent)
            if text is not None:
                return text
        return python_json(self.data, indent)


NATIVE_FROM = 200  # documents from which the models' own serialiser is worth importing (about 25 ms)


def python_json(data: Data, indent: int | None) -> str:
    """`data` as JSON by the standard library (its indented form is pure Python: slow on big reports)."""
    if indent is None:
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return json.dumps(data, ensure_ascii=False, indent=indent)


def native_json(data: Data, indent: int | None) -> str | None:
    """`data` as JSON by pydantic's compiled serialiser (the same bytes, several times faster), or None
    when a string holds a lone surrogate, which it cannot encode."""
    import pydantic_core

    try:
        return pydantic_core.to_json(data, indent=indent).decode("utf-8")
    except ValueError:
        return None


def _records(items: list[Data]) -> list[Record]:
    return [Record(item) for item in items]


def _maybe(item: Data | None) -> Record | None:
    return None if item is None else Record(item)


def dump(report: Report) -> Data:
    """A report as the plain data a `PlainReport` reads (what the cache stores)."""
    return report.model_dump()


def view(data: Data) -> Report:
    """Stored data as a report every format renders (a `PlainReport`, read as the model it was dumped from)."""
    return cast("Report", PlainReport(data))


def as_model(report: T) -> T:
    """The report model itself: a view is validated back into one (the same values), a model is returned as is."""
    if isinstance(report, PlainReport):
        from .models import Report as Model

        return cast(T, Model.model_validate(report.data))
    return report
