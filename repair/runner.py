"""The library API behind the CLI: check or fix one file, or many in worker processes."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from repair import cache, decisions, language, packs, source
from repair.decisions import Decisions
from repair.engine import Engine
from repair.journal import Journal, JournalError
from repair.model import Finding, Safety
from repair.report import FileReport
from repair.formats import PROSE_FIELDS, format_for


@dataclass(frozen=True)
class Options:
    """Everything that decides how one file is checked; equal options share one engine."""

    lang: str | None = None  # None: declared by the document, else detected
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    house_style: tuple[tuple[str, str], ...] = ()
    extend_packs: tuple[Path, ...] = ()
    prose_fields: tuple[str, ...] = PROSE_FIELDS
    journal: bool = True


@dataclass
class FixOutcome:
    report: FileReport
    fixed: str | None = None  # the new text when it differs (dropped once written or diffed)
    applied: int = 0
    by_rule: dict[str, int] = field(default_factory=dict)
    applied_findings: list[Finding] = field(default_factory=list)
    changed: bool = False
    diff: str | None = None  # `fix --diff`: made where the file was fixed


@lru_cache(maxsize=64)
def engine_for(options: Options) -> Engine:
    pack = packs.load(options.lang or "en", options.extend_packs, dict(options.house_style))
    return Engine(packs.select(pack.rules, options.select, options.ignore), options.prose_fields)


def for_text(display: str, text: str, options: Options) -> tuple[Options, language.Choice]:
    """The options with the document's own language filled in."""
    choice = language.choose(text, format_for(display), options.lang)
    return replace(options, lang=choice.lang), choice


def check_text(display: str, text: str, options: Options, decided: Decisions | None = None) -> FileReport:
    options, choice = for_text(display, text, options)
    result = engine_for(options).check(text, format_for(display), options.lang or "en")
    report = FileReport(display, text, result.findings, result.errors, language=choice)
    if decided is not None and decided.items:
        report.findings = [f for f in result.findings if decided.rejected(f, text) is None]
        report.suppressed = [f for f in result.findings if decided.rejected(f, text) is not None]
    return report


def stale_decisions(decided: Decisions, options: Options) -> list[str]:
    """Rejections recorded under another version of their rule: worth a second look."""
    if not decided.items:
        return []
    rules = {r.meta.id: r.meta for lang in packs.languages() for r in engine_for(replace(options, lang=lang)).rules}
    return [
        f"{d['rule']} on “{d['context'][:60]}”: the rule changed since this fix was rejected"
        for d in decided.items
        if d["rule"] in rules and d.get("fingerprint") != rules[d["rule"]].fingerprint
    ]


def check_path(display: str, path: Path | None, options: Options) -> FileReport:
    if path is None:
        return FileReport(display, errors=["no such file or directory"])
    try:
        src, _ = source.read(path)
    except source.InputError as exc:
        return FileReport(display, errors=[str(exc)])
    return check_text(display, src.text, options, decisions.for_file(path)).detach()


def check_many(items: Iterable[tuple[str, Path | None, Options]], jobs: int,
               results: cache.Results | None = None) -> Iterator[FileReport]:
    """`check_path` over many files, in order. With `results`, a file whose bytes, format
    and options match a stored report is not checked again; the rest go to the workers,
    and their reports are stored (unless checking them hit an error, which may not recur)."""
    items = list(items)
    if results is None:
        yield from run_many(check_path, items, jobs)
        return
    keys = [_result_key(display, path, options) for display, path, options in items]
    hit = [key is not None and results.has(key) for key in keys]
    checked = run_many(check_path, [item for item, cached in zip(items, hit) if not cached], jobs)
    for (display, path, options), key, cached in zip(items, keys, hit):
        report = results.get(key) if cached else None  # unpickled only now: one at a time
        if report is not None:
            report.path = display
        else:  # (a stored entry that cannot be read is checked here: the workers never had it)
            report = check_path(display, path, options) if cached else next(checked)
            if key is not None and not report.errors:
                results.put(key, report)
        yield report


def fix_many(items: Iterable[tuple[str, Path | None, Options]], jobs: int, allowed: Safety, write: bool,
             results: cache.Results | None = None) -> Iterator[FixOutcome]:
    """`fix_path` over many files, in order. With `results`, a file whose stored report
    (see `check_many`) holds nothing to fix at `allowed` is answered from it: a pipeline that
    fixes a tree again and again only works on what changed."""
    items = list(items)
    settled: dict[int, FileReport] = {}
    if results is not None:
        for index, (display, path, options) in enumerate(items):
            key = _result_key(display, path, options)
            report = results.get(key) if key is not None else None
            if report is not None and not any(f.fixable and f.safety <= allowed for f in report.findings):
                report.path = display
                settled[index] = report
    fixed = run_many(fix_path, [item for index, item in enumerate(items) if index not in settled], jobs, allowed, write)
    for index in range(len(items)):
        report = settled.pop(index, None)
        yield FixOutcome(report) if report is not None else next(fixed)


def _result_key(display: str, path: Path | None, options: Options) -> bytes | None:
    """The store key of a file, or None when its report must not be reused: unreadable, or
    filtered by review decisions (which depend on more than the file's bytes)."""
    if path is None or decisions.for_file(path).items:
        return None
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    return cache.Results.key(raw, format_for(display), options)


def fix_text(display: str, text: str, options: Options, allowed: Safety, decided: Decisions | None = None) -> FixOutcome:
    keep = None
    if decided is not None and decided.items:
        keep = lambda finding, current: decided.rejected(finding, current) is None  # noqa: E731
    options, choice = for_text(display, text, options)
    result = engine_for(options).fix(text, format_for(display), options.lang or "en", allowed, keep)
    by_rule: dict[str, int] = {}
    for finding in result.applied:
        by_rule[finding.rule] = by_rule.get(finding.rule, 0) + 1
    report = FileReport(display, result.text, result.remaining, result.errors, language=choice)
    fixed = result.text if result.text != text else None
    return FixOutcome(report, fixed, len(result.applied), by_rule, result.applied, changed=fixed is not None)


def fix_path(display: str, path: Path | None, options: Options, allowed: Safety, write: bool) -> FixOutcome:
    """Fix one file: with `write`, replace it atomically unless it changed meanwhile, else
    describe the change as a diff. The outcome keeps no text (see FileReport.detach)."""
    if path is None:
        return FixOutcome(FileReport(display, errors=["no such file or directory"]))
    try:
        src, raw = source.read(path)
    except source.InputError as exc:
        return FixOutcome(FileReport(display, errors=[str(exc)]))
    outcome = fix_text(display, src.text, options, allowed, decisions.for_file(path))
    if outcome.fixed is not None:
        if write:
            save(path, raw, src.encode(outcome.fixed), outcome, options.journal)
        else:
            outcome.diff = unified_diff(display, src.text, outcome.fixed)
    outcome.fixed = None
    outcome.report.detach()
    return outcome


def save(path: Path, before: bytes, after: bytes, outcome: FixOutcome, journal: bool = True) -> None:
    """Record the original in the journal, then write the fixed file; either or neither."""
    try:
        if journal:
            Journal.for_file(path).record(path, before, after, outcome.by_rule)
        source.write_atomic(path, after, expected=before)
    except (JournalError, source.InputError, OSError) as exc:
        outcome.report.errors.append(f"not written: {exc}")
        outcome.fixed = None
        outcome.changed = False


def unified_diff(display: str, before: str, after: str) -> str:
    """A unified diff as `git diff` prints it, down to the missing-final-newline marker."""
    import difflib  # deferred: only `fix --diff` and `diff` print one

    lines = difflib.unified_diff(
        before.splitlines(keepends=True), after.splitlines(keepends=True), fromfile=f"a/{display}", tofile=f"b/{display}"
    )
    return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)


def run_many(func: Callable[..., object], items: Iterable[tuple[str, Path | None, Options]], jobs: int, *args: object) -> Iterator:
    """Run `func(display, path, options, *args)` for each file, in order, over `jobs` processes.

    Files go to the workers in chunks: one message per file costs more than checking a
    small article. Forked workers (Linux) inherit the packs and engines this process has
    loaded; spawned ones read them back from the pack cache.
    """
    items = list(items)
    workers = min(jobs, os.cpu_count() or 1, len(items) // 4)
    if workers <= 1:
        for display, path, options in items:
            yield func(display, path, options, *args)
        return
    from concurrent.futures import ProcessPoolExecutor  # deferred: most runs check one file

    chunk = max(1, min(64, len(items) // (workers * 8)))
    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield from pool.map(_call, ((func, item, args) for item in items), chunksize=chunk)


def _call(job: tuple[Callable[..., object], tuple[str, Path | None, Options], tuple[object, ...]]) -> object:
    func, (display, path, options), args = job
    return func(display, path, options, *args)
