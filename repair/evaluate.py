"""`repair eval`: score the rules against an annotated corpus (see corpus/FORMAT.md).

A finding overlapping a gold span is a true positive; a finding outside every gold span is
a false positive; a gold span no finding reaches is a miss. Fix accuracy counts repairable
gold spans whose text, after `fix --unsafe-fixes`, reads as the expected text.
"""

from __future__ import annotations

import difflib
import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import regex

from repair import packs, runner
from repair.model import CATEGORIES, Finding, Safety

_ANNOTATION = regex.compile(r"⟦([^⟦⟧|]*)\|([^⟦⟧|]*)\|([^⟦⟧|]*)⟧")


class CorpusError(Exception):
    """A corpus file that does not follow the format; the message names it."""


@dataclass(frozen=True)
class Gold:
    start: int
    end: int
    replacement: str | None  # None: flag only
    category: str


@dataclass
class Article:
    path: Path
    lang: str
    text: str  # the damaged input
    expected: str
    gold: list[Gold]


def parse(path: Path, lang: str) -> Article:
    raw = path.read_text(encoding="utf-8")
    parts_in: list[str] = []
    parts_out: list[str] = []
    gold: list[Gold] = []
    pos = length = 0
    for match in _ANNOTATION.finditer(raw):
        original, replacement, category = match.groups()
        if category not in CATEGORIES:
            raise CorpusError(f"{path}: unknown category {category!r} at offset {match.start()}")
        before = raw[pos:match.start()]
        parts_in.append(before)
        parts_out.append(before)
        length += len(before)
        kept = replacement == "="
        gold.append(Gold(length, length + len(original), None if kept else replacement, category))
        parts_in.append(original)
        parts_out.append(original if kept else replacement)
        length += len(original)
        pos = match.end()
    parts_in.append(raw[pos:])
    parts_out.append(raw[pos:])
    text = "".join(parts_in)
    if "⟦" in text or "⟧" in text:
        raise CorpusError(f"{path}: malformed annotation (⟦original|replacement|category⟧)")
    return Article(path, lang, text, "".join(parts_out), gold)


def normalise(text: str) -> str:
    """Compare texts as an editor would: emptied lines gone, runs of blank lines as one."""
    text = regex.sub(r"[ \t]+\n", "\n", text)
    return regex.sub(r"\n{3,}", "\n\n", text).strip("\n")


def _overlaps(finding: Finding, gold: Gold) -> bool:
    if gold.start == gold.end:
        return finding.start <= gold.start <= finding.end
    if finding.start == finding.end:
        return gold.start <= finding.start <= gold.end
    return finding.start < gold.end and gold.start < finding.end


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    gold: int = 0
    found: int = 0
    repairable: int = 0
    repaired: int = 0

    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    def recall(self) -> float | None:
        return self.found / self.gold if self.gold else None

    def accuracy(self) -> float | None:
        return self.repaired / self.repairable if self.repairable else None


@dataclass
class Result:
    by_lang: dict[str, dict[str, Score]] = field(default_factory=dict)
    clean_files: int = 0
    clean_changed: list[str] = field(default_factory=list)
    clean_flagged: list[str] = field(default_factory=list)
    exact_files: int = 0
    defective_files: int = 0
    notes: list[str] = field(default_factory=list)

    def totals(self, lang: str | None = None) -> Score:
        total = Score()
        for code, cats in self.by_lang.items():
            if lang is None or code == lang:
                for s in cats.values():
                    for name in vars(total):
                        setattr(total, name, getattr(total, name) + getattr(s, name))
        return total

    def to_text(self, verbose: bool = False) -> str:
        def pct(value: float | None) -> str:
            return "   -  " if value is None else f"{value:6.3f}"

        out = []
        for lang, cats in sorted(self.by_lang.items()):
            out.append(f"language {lang}")
            out.append(f"  {'category':<22} {'prec':>6} {'recall':>6} {'fixacc':>6}   tp  fp gold miss")
            for cat in CATEGORIES:
                s = cats.get(cat)
                if s and (s.tp or s.fp or s.gold):
                    out.append(f"  {cat:<22} {pct(s.precision())} {pct(s.recall())} {pct(s.accuracy())} {s.tp:4d}{s.fp:4d}{s.gold:5d}{s.gold - s.found:5d}")
            t = self.totals(lang)
            out.append(f"  {'ALL':<22} {pct(t.precision())} {pct(t.recall())} {pct(t.accuracy())} {t.tp:4d}{t.fp:4d}{t.gold:5d}{t.gold - t.found:5d}")
        out.append(f"defective files repaired exactly: {self.exact_files}/{self.defective_files}")
        out.append(f"clean files unchanged and without findings: {self.clean_files - len(set(self.clean_changed) | set(self.clean_flagged))}/{self.clean_files}")
        if verbose:
            out.extend(self.notes)
        return "\n".join(out)

    def to_json(self) -> str:
        data = {
            lang: {cat: {"precision": s.precision(), "recall": s.recall(), "fix_accuracy": s.accuracy(), **vars(s)} for cat, s in cats.items()}
            for lang, cats in self.by_lang.items()
        }
        return json.dumps({"by_lang": data, "clean_files": self.clean_files, "clean_changed": self.clean_changed,
                           "clean_flagged": self.clean_flagged, "exact_files": self.exact_files,
                           "defective_files": self.defective_files}, indent=1)


def _articles(directory: Path, lang: str | None) -> list[Article]:
    langs = [lang] if lang else sorted(p.name for p in directory.iterdir() if p.is_dir() and p.name in packs.languages())
    if not langs:
        raise CorpusError(f"{directory}: no language folders (expected e.g. {directory}/en/defective/*.txt)")
    return [parse(path, code) for code in langs for path in sorted((directory / code).rglob("*.txt"))]


def _window_ok(article: Article, gold: Gold, findings: list[Finding]) -> bool:
    """Does applying the findings that touch this gold span give the gold repair there?"""
    near = [f for f in findings if _overlaps(f, gold) and f.fixable]
    if not near:
        return False
    start = min([gold.start] + [f.start for f in near])
    end = max([gold.end] + [f.end for f in near])
    golds = [g for g in article.gold if start <= g.start and g.end <= end and g.replacement is not None]
    expected = _edit(article.text, start, end, [(g.start, g.end, g.replacement or "") for g in golds])
    got = _edit(article.text, start, end, [(f.start, f.end, f.replacement or "") for f in _chosen(near)])
    return " ".join(expected.split()) == " ".join(got.split())


def _chosen(findings: list[Finding]) -> list[Finding]:
    from repair.apply import choose

    return choose(findings)[0]


def _edit(text: str, start: int, end: int, edits: list[tuple[int, int, str]]) -> str:
    out, pos = [], start
    for s, e, r in sorted(edits):
        if s < pos:
            continue
        out.append(text[pos:s])
        out.append(r)
        pos = e
    out.append(text[pos:end])
    return "".join(out)


def run(directory: Path, lang: str | None = None) -> Result:
    result = Result()
    for article in _articles(directory, lang):
        options = runner.Options(lang=article.lang)  # the corpus folder names the language
        cats = result.by_lang.setdefault(article.lang, defaultdict(Score))
        report = runner.check_text(str(article.path), article.text, options)
        findings = report.findings
        fixed = runner.fix_text(str(article.path), article.text, options, Safety.UNSAFE)
        name = str(article.path)
        if not article.gold:
            result.clean_files += 1
            if fixed.fixed is not None:
                result.clean_changed.append(name)
            if findings:
                result.clean_flagged.append(name)
        else:
            result.defective_files += 1
            if normalise(fixed.report.text) == normalise(article.expected):
                result.exact_files += 1
        for finding in findings:
            if any(_overlaps(finding, g) for g in article.gold):
                cats[finding.category].tp += 1
            else:
                cats[finding.category].fp += 1
                result.notes.append(f"FP   {_where(article, finding.start)} {finding.rule} {finding.name}: {finding.original!r} -> {finding.replacement!r}")
        for gold in article.gold:
            score = cats[gold.category]
            score.gold += 1
            if any(_overlaps(f, gold) for f in findings):
                score.found += 1
            else:
                result.notes.append(f"MISS {_where(article, gold.start)} [{gold.category}] {article.text[gold.start:gold.end]!r} -> {gold.replacement!r}")
            if gold.replacement is not None:
                score.repairable += 1
                if _window_ok(article, gold, findings):
                    score.repaired += 1
                elif any(_overlaps(f, gold) for f in findings):
                    result.notes.append(f"BADFIX {_where(article, gold.start)} [{gold.category}] {article.text[gold.start:gold.end]!r} -> {gold.replacement!r}")
        if article.gold and normalise(fixed.report.text) != normalise(article.expected) and len(result.notes) < 5000:
            diff = difflib.unified_diff(normalise(article.expected).splitlines(), normalise(fixed.report.text).splitlines(), "expected", "fixed", lineterm="", n=0)
            result.notes.append(f"DIFF {article.path}\n  " + "\n  ".join(list(diff)[2:12]))
    return result


def _where(article: Article, offset: int) -> str:
    line = article.text.count("\n", 0, offset) + 1
    return f"{article.path.name}:{line}"
