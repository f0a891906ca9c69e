"""Loading rule packs: TOML files of rules and shared data, one folder per language.

`rules/common/` applies to every language; `rules/<lang>/` to its language; user packs
(`extend-packs`) are folders laid out the same way. Every problem is reported with the
file, the rule and the field, because a pack author has nothing else to go on.
"""

from __future__ import annotations

import hashlib
import pickle
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import regex

from repair import __version__, cache
from repair import checks  # noqa: F401  (registers the structural kinds)
from repair.kinds import REGISTRY, Context, Example, Meta, PackError, Rule, lazy_pattern
from repair.kinds import casing, lines, substitute  # noqa: F401  (register the data kinds)
from repair.kinds.phrases import LiteralSet, PhraseIndex, PhraseScanner
from repair.model import CATEGORIES, SEVERITIES, Safety

BUILTIN = Path(__file__).parent / "rules"
_ID = lazy_pattern(r"^[A-Z]{2}\d{3}$")
_NAME = lazy_pattern(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_META_KEYS = {"id", "name", "kind", "category", "severity", "message", "fix", "description", "examples"}


@dataclass(frozen=True)
class Pack:
    """The rules of one language and the data they were built from."""

    lang: str
    rules: tuple[Rule, ...]
    data: dict[str, Any]


def languages(extra: Sequence[Path] = ()) -> list[str]:
    roots = [BUILTIN, *extra]
    found = {p.name for root in roots if root.is_dir() for p in root.iterdir() if p.is_dir()}
    return sorted(found - {"common"})


def _files(lang: str, extra: Sequence[Path]) -> list[Path]:
    files: list[Path] = []
    for root in (BUILTIN, *extra):
        for folder in ("common", lang):
            files.extend(sorted((root / folder).glob("*.toml")))
    return files


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise PackError(f"{path}: {exc.strerror}") from None


def _parse(path: Path, data: bytes) -> dict[str, Any]:
    import tomllib  # deferred: a pack read back from the cache needs no parsing

    try:
        return tomllib.loads(data.decode())
    except tomllib.TOMLDecodeError as exc:
        raise PackError(f"{path}: not valid TOML: {exc}") from None


def _merge(data: dict[str, Any], extra: dict[str, Any], path: Path) -> None:
    for key, value in extra.items():
        if key not in data:
            data[key] = value
        elif isinstance(data[key], list) and isinstance(value, list):
            data[key] = data[key] + value
        elif isinstance(data[key], dict) and isinstance(value, dict):
            data[key] = {**data[key], **value}
        else:
            raise PackError(f"{path}: data {key!r} is defined twice with different types")


def _examples(raw: Any, bad: bool) -> tuple[Example, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise PackError("`examples.bad` / `examples.good` must be lists")
    out = []
    for item in raw:
        if isinstance(item, str):
            item = {"text": item}
        if not isinstance(item, dict) or not isinstance(item.get("text"), str):
            raise PackError("an example is a string or a table with `text` (and `fixed`)")
        fixed = item.get("fixed")
        if fixed is not None and not isinstance(fixed, str):
            raise PackError("an example's `fixed` must be a string")
        if bad and "⟦" not in item["text"]:
            raise PackError(f"bad example {item['text']!r} marks no span with ⟦ ⟧")
        out.append(Example(item["text"], fixed))
    return tuple(out)


def _meta(table: dict[str, Any], path: Path) -> Meta:
    for key in ("id", "name", "kind", "category", "message"):
        if not isinstance(table.get(key), str) or not table[key]:
            raise PackError(f"`{key}` is required and must be a string")
    if not _ID().match(table["id"]):
        raise PackError(f"id {table['id']!r} must be two capitals and three digits (MT101)")
    if not _NAME().match(table["name"]):
        raise PackError(f"name {table['name']!r} must be kebab-case")
    if table["kind"] not in REGISTRY:
        raise PackError(f"unknown kind {table['kind']!r} (known: {', '.join(sorted(REGISTRY))})")
    if table["category"] not in CATEGORIES:
        raise PackError(f"unknown category {table['category']!r}")
    severity = table.get("severity", "warning")
    if severity not in SEVERITIES:
        raise PackError(f"severity must be one of {', '.join(SEVERITIES)}")
    try:
        safety = Safety.parse(table.get("fix"))
    except KeyError:
        raise PackError("`fix` must be 'safe', 'unsafe' or 'none'") from None
    examples = table.get("examples", {})
    if not isinstance(examples, dict):
        raise PackError("`examples` must be a table with `bad` and `good` lists")
    unknown = set(examples) - {"bad", "good"}
    if unknown:
        raise PackError(f"unknown examples key(s): {', '.join(sorted(unknown))}")
    return Meta(
        id=table["id"],
        name=table["name"],
        kind=table["kind"],
        category=table["category"],
        severity=severity,
        message=table["message"],
        safety=safety,
        description=str(table.get("description", "")).strip(),
        source=str(path),
        fingerprint=_fingerprint(table),
        bad=_examples(examples.get("bad"), True),
        good=_examples(examples.get("good"), False),
    )


def _fingerprint(table: dict[str, Any]) -> str:
    import json  # deferred with the rest of pack building

    return hashlib.sha256(json.dumps(table, sort_keys=True, default=str).encode()).hexdigest()[:12]


def build(files: Iterable[Path], lang: str, house_style: dict[str, str] | None = None) -> Pack:
    """Load the given pack files into rules, checking ids and names are unique."""
    return _build([(path, _parse(path, _read(path))) for path in files], lang, house_style)


def _build(documents: Sequence[tuple[Path, dict[str, Any]]], lang: str, house_style: dict[str, str] | None) -> Pack:
    data: dict[str, Any] = {}
    for path, doc in documents:
        unknown = set(doc) - {"pack", "data", "rule"}
        if unknown:
            raise PackError(f"{path}: unknown top-level key(s): {', '.join(sorted(unknown))}")
        _merge(data, doc.get("data", {}), path)
    ctx = Context(data=data, house_style=dict(house_style or {}))
    rules: list[Rule] = []
    seen: dict[str, Path] = {}
    for path, doc in documents:
        for table in doc.get("rule", []):
            label = table.get("id") or table.get("name") or "?"
            try:
                meta = _meta(table, path)
                cls = REGISTRY[meta.kind]
                unknown = set(table) - _META_KEYS - cls.options
                if unknown:
                    raise PackError(f"unknown key(s) for kind {meta.kind!r}: {', '.join(sorted(unknown))}")
                rule = cls(meta, table, ctx)
            except PackError as exc:
                raise PackError(f"{path}: rule {label}: {exc}") from None
            for key in (meta.id, meta.name):
                if key in seen:
                    raise PackError(f"{path}: rule {label}: {key!r} is already used in {seen[key]}")
                seen[key] = path
            rules.append(rule)
    _link(rules)
    return Pack(lang, tuple(rules), data)


def _link(rules: Sequence[Rule]) -> None:
    """Let the rules of a pack share the work they can share, before the pack is cached: one
    automaton for all their phrase tables and literal sets, one prefilter for the line rules
    of a kind."""
    for cls in {type(rule) for rule in rules}:
        link = getattr(cls, "link", None)
        if link is not None:
            link(rules)
    values = [value for rule in rules for value in vars(rule).values()]
    indexes = [value for value in values if isinstance(value, PhraseIndex)]
    literal_sets = [value for value in values if isinstance(value, LiteralSet)]
    if indexes or literal_sets:
        PhraseScanner.link(indexes, literal_sets)


@lru_cache(maxsize=16)
def _cached(lang: str, extra: tuple[Path, ...], style: tuple[tuple[str, str], ...]) -> Pack:
    files = _files(lang, extra)
    folder = cache.directory()
    try:
        sources = [(path, path.read_bytes()) for path in files]
    except OSError:
        folder = None
    if folder is None:
        return build(files, lang, dict(style))  # (an unreadable file is reported from here)
    key = _cache_key(sources, lang, style)
    entry = folder / f"pack-{lang}-{_digest(repr((extra, style)))[:16]}.pickle"
    try:
        with entry.open("rb") as handle:
            stored_key, pack = pickle.load(handle)
        if stored_key == key and isinstance(pack, Pack):
            return pack
    except Exception:  # noqa: BLE001 - missing, stale or damaged: build it again
        pass
    pack = _build([(path, _parse(path, raw)) for path, raw in sources], lang, dict(style))
    try:
        cache.write(entry, pickle.dumps((key, pack), protocol=pickle.HIGHEST_PROTOCOL))
    except (pickle.PicklingError, TypeError, AttributeError):
        pass  # a kind holding something unpicklable: its pack is simply built every run
    return pack


def _cache_key(sources: Sequence[tuple[Path, bytes]], lang: str, style: tuple[tuple[str, str], ...]) -> str:
    """What a built pack depends on: the pack files' names and bytes, the house style, and
    the code that turns them into rules (repair's own sources, the Python, regex and
    pyahocorasick builds, since compiled patterns and automata are stored in their own form).

    Building the rules means compiling hundreds of patterns, which would cost every run
    ~0.1 s; reading them back costs a few milliseconds.
    """
    import ahocorasick

    automaton = Path(ahocorasick.__file__).stat()  # its pickles are its own too, and it has no version
    digest = hashlib.sha256()
    for part in (__version__, sys.version, regex.__version__, automaton.st_size, automaton.st_mtime_ns, lang, repr(style)):
        digest.update(str(part).encode() + b"\0")
    for path in _code_files():
        digest.update(path.read_bytes())
    for path, raw in sources:
        digest.update(str(path).encode() + b"\0" + hashlib.sha256(raw).digest())
    return digest.hexdigest()


@lru_cache(maxsize=1)
def _code_files() -> list[Path]:
    return sorted(Path(__file__).parent.rglob("*.py"))


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def load(lang: str, extra: Sequence[Path] = (), house_style: dict[str, str] | None = None) -> Pack:
    if lang not in languages(extra):
        raise PackError(f"no rule pack for language {lang!r} (available: {', '.join(languages(extra))})")
    return _cached(lang, tuple(extra), tuple(sorted((house_style or {}).items())))


def select(rules: Iterable[Rule], select: Sequence[str] = (), ignore: Sequence[str] = ()) -> list[Rule]:
    """Keep the rules named (by id, name, category or id prefix) in select and not in ignore."""

    def hit(rule: Rule, keys: Sequence[str]) -> bool:
        meta = rule.meta
        return any(k in (meta.id, meta.name, meta.category, "ALL") or meta.id.startswith(k) for k in keys)

    return [r for r in rules if (not select or hit(r, select)) and not hit(r, ignore)]


def unknown_selectors(rules: Iterable[Rule], keys: Sequence[str]) -> list[str]:
    """The select/ignore keys that name no rule, id prefix or category: typos, which would
    otherwise select nothing and turn a check into a silent pass."""
    metas = [r.meta for r in rules]
    return [k for k in keys if k != "ALL" and k not in CATEGORIES
            and not any(k in (m.id, m.name) or m.id.startswith(k) for m in metas)]
