"""``anlaufstelle match``: run the matcher over JSONL files, without the database."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TextIO, TypeVar

from .index import Index
from .model import MatchingInputError, Query, parse_query, parse_record

T = TypeVar("T")

#: Characters of one line of a JSONL file: a person or a query is a few hundred; a longer line
#: is refused before it is parsed (a file of one endless line would fill the memory).
MAX_LINE_CHARS = 1024 * 1024


class InputFileError(Exception):
    """A problem in an input file, already worded for the operator."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:  # argparse would exit; we report through err
        raise InputFileError(f"{self.prog}: {message}")


def _build_parser() -> _Parser:
    parser = _Parser(
        prog="anlaufstelle match",
        description="Match people in QUERIES against RECORDS; one JSON line per query.",
        add_help=False,
    )
    parser.add_argument("--records", required=True, type=Path, help="records.jsonl")
    parser.add_argument("--queries", required=True, type=Path, help="queries.jsonl")
    parser.add_argument("--top", type=int, default=10, help="matches per query (default 10)")
    return parser


def read_jsonl(path: Path, parse: Callable[[dict[str, Any]], T]) -> Iterator[tuple[int, T]]:
    """Parsed lines of a JSONL file with their line numbers; blank lines are skipped."""
    try:
        handle = path.open(encoding="utf-8")
    except OSError as exc:
        raise InputFileError(f"{path}: cannot read: {exc.strerror or exc}") from None
    with handle:
        lineno = 0
        try:
            while True:
                line = handle.readline(MAX_LINE_CHARS + 1)
                if not line:
                    break
                lineno += 1
                if len(line) > MAX_LINE_CHARS:
                    raise InputFileError(
                        f"{path}:{lineno}: line longer than {MAX_LINE_CHARS} characters"
                    )
                if not line.strip():
                    continue
                yield lineno, _parse_line(line, f"{path}:{lineno}", parse)
        except UnicodeDecodeError:
            raise InputFileError(f"{path}:{lineno + 1}: not UTF-8 text") from None


def _parse_line(line: str, where: str, parse: Callable[[dict[str, Any]], T]) -> T:
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputFileError(f"{where}: invalid JSON: {exc.msg}") from None
    except ValueError:
        # Python refuses integers of more than 4,300 digits with a plain ValueError.
        raise InputFileError(f"{where}: invalid JSON: a number with too many digits") from None
    except RecursionError:
        raise InputFileError(f"{where}: invalid JSON: nested too deeply") from None
    if not isinstance(data, dict):
        raise InputFileError(f"{where}: expected a JSON object")
    try:
        return parse(data)
    except MatchingInputError as exc:
        raise InputFileError(f"{where}: {exc}") from None
    except RecursionError:
        # The problem's wording quotes the value, and a deeply nested one cannot be quoted.
        raise InputFileError(f"{where}: a value nested too deeply") from None


def _qid(data: dict[str, Any]) -> tuple[Any, Query]:
    qid = data.get("qid")
    if qid is None or isinstance(qid, bool) or not isinstance(qid, str | int):
        raise MatchingInputError("qid", f"expected a string, got {qid!r}")
    return qid, parse_query(data)


def run_match(argv: list[str], out: TextIO, err: TextIO) -> int:
    """Run ``anlaufstelle match`` with the arguments after ``match``; return the exit code."""
    parser = _build_parser()
    if any(a in ("-h", "--help") for a in argv):
        out.write(parser.format_help())
        return 0
    try:
        args = parser.parse_args(argv)
        if args.top < 1:
            raise InputFileError("anlaufstelle match: --top must be at least 1")
        index = Index()
        seen: dict[str, int] = {}
        for lineno, record in read_jsonl(args.records, parse_record):
            if record.id in seen:
                raise InputFileError(
                    f"{args.records}:{lineno}: field 'id': {record.id!r} already on line "
                    f"{seen[record.id]}"
                )
            seen[record.id] = lineno
            index.add(record)
        queries: list[tuple[Any, Query]] = [q for _, q in read_jsonl(args.queries, _qid)]
    except InputFileError as exc:
        print(str(exc), file=err)
        return 2
    for qid, query in queries:
        matches = [
            {"id": rid, "score": m.score, "duplicate": m.duplicate}
            for rid, m in index.search(query, top=args.top)
        ]
        out.write(json.dumps({"qid": qid, "matches": matches}, ensure_ascii=False) + "\n")
    return 0
