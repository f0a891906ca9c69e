"""`repair fix --interactive`: review each proposed fix at a terminal.

Keys: a accept, r reject (remembered), e edit the replacement, A accept all of this rule,
R reject all of this rule, s skip the rest of this file, q quit (saving what was decided).
After every accepted fix the text is checked again, so later proposals see the new text.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import click

from repair import decisions, source
from repair.apply import apply
from repair.model import Finding, Safety
from repair.report import FileReport
from repair.runner import FixOutcome, Options, engine_for, for_text, save
from repair.formats import format_for

KEYS = {"a": "accept", "r": "reject", "e": "edit", "A": "accept all of this rule", "R": "reject all of this rule",
        "s": "skip the rest of this file", "q": "quit, saving what was decided", "?": "help"}
MAX_STEPS = 2000


@dataclass
class Review:
    outcome: FixOutcome
    quit: bool = False


def _show(display: str, text: str, finding: Finding) -> None:
    line_start = text.rfind("\n", 0, finding.start) + 1
    line_end = text.find("\n", finding.end)
    line_end = len(text) if line_end < 0 else line_end
    line_no = text.count("\n", 0, finding.start) + 1
    column = finding.start - line_start + 1
    before = text[line_start:line_end]
    after = text[line_start:finding.start] + (finding.replacement or "") + text[finding.end:line_end]
    safety = finding.safety.label
    click.echo("")
    click.echo(click.style(f"{display}:{line_no}:{column}  {finding.rule} {finding.name} ({finding.category}, {safety})", bold=True))
    click.echo(f"  {finding.message}")
    for line in before.splitlines() or [""]:
        click.echo(click.style(f"  - {line}", fg="red"))
    for line in after.splitlines() or ([""] if after == "" and before else []):
        click.echo(click.style(f"  + {line}", fg="green"))


def review(display: str, path: Path, options: Options, allowed: Safety) -> Review:
    try:
        src, raw = source.read(path)
    except source.InputError as exc:
        return Review(FixOutcome(FileReport(display, errors=[str(exc)])))
    options, _ = for_text(display, src.text, options)
    engine = engine_for(options)
    fingerprints = {r.meta.id: r.meta.fingerprint for r in engine.rules}
    decided = decisions.for_file(path)
    text = src.text
    accepted: Counter[str] = Counter()
    auto_accept: set[str] = set()
    auto_reject: set[str] = set()
    quit_all = False
    for _ in range(MAX_STEPS):
        result = engine.check(text, format_for(display), options.lang or "en")
        pending = [f for f in result.findings if f.fixable and f.safety <= allowed and decided.rejected(f, text) is None]
        if not pending:
            break
        finding = pending[0]
        choice = "A" if finding.rule in auto_accept else "R" if finding.rule in auto_reject else None
        if choice is None:
            _show(display, text, finding)
            choice = click.prompt("  [a,r,e,A,R,s,q,?]", type=click.Choice(list(KEYS)), show_choices=False, default="a")
        while choice == "?":
            for key, meaning in KEYS.items():
                click.echo(f"    {key}  {meaning}")
            choice = click.prompt("  [a,r,e,A,R,s,q,?]", type=click.Choice(list(KEYS)), show_choices=False, default="a")
        if choice in ("s", "q"):
            quit_all = choice == "q"
            break
        if choice in ("r", "R"):
            decided.reject(finding, text, fingerprints.get(finding.rule, ""))
            if choice == "R":
                auto_reject.add(finding.rule)
            continue
        if choice == "e":
            edited = click.prompt("  replacement", default=finding.replacement or "", show_default=True)
            finding = dataclasses.replace(finding, replacement=edited)
        if choice == "A":
            auto_accept.add(finding.rule)
        text, _ = apply(text, [finding])
        accepted[finding.rule] += 1
    if decided.items:
        decided.save()
    remaining = [f for f in engine.check(text, format_for(display), options.lang or "en").findings if decided.rejected(f, text) is None]
    changed = text != src.text
    outcome = FixOutcome(FileReport(display, text, remaining), text if changed else None,
                         sum(accepted.values()), dict(accepted), changed=changed)
    if outcome.fixed is not None:
        save(path, raw, src.encode(text), outcome, options.journal)
    return Review(outcome, quit_all)
