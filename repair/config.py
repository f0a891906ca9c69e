"""Configuration: `[tool.repair]` in pyproject.toml, or a `.repair.toml`, found by walking up
from each checked file (or named with `--config`). Command-line options win over it.

Every key is checked: an unknown key or a value of the wrong type is an error that names the
file and the key, because a silently ignored setting is worse than none.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import Any

from repair.formats import PROSE_FIELDS
from repair.files import resolved


class ConfigError(Exception):
    """A configuration file that cannot be used; the message names the file and the key."""


_LISTS = {"select", "ignore", "extend-packs", "exclude", "prose-fields", "extensions"}
_KEYS = _LISTS | {"lang", "house-style", "per-file-ignores", "journal"}


@dataclass(frozen=True)
class Config:
    path: Path | None = None  # the file it came from
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    lang: str | None = None
    extend_packs: tuple[Path, ...] = ()
    house_style: tuple[tuple[str, str], ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    exclude: tuple[str, ...] = ()
    prose_fields: tuple[str, ...] = PROSE_FIELDS
    extensions: tuple[str, ...] = (".txt", ".text", ".md", ".markdown", ".html", ".htm")
    journal: bool = True
    root: Path = field(default_factory=Path.cwd)

    def ignores_for(self, path: Path) -> tuple[str, ...]:
        """Rules switched off for this file by `per-file-ignores` (globs relative to the root)."""
        if not self.per_file_ignores:
            return ()
        rel = _relative(path, self.root)
        return tuple(rule for pattern, rules in self.per_file_ignores if _glob(rel, pattern) for rule in rules)

    def excluded(self, path: Path) -> bool:
        if not self.exclude:
            return False
        rel = _relative(path, self.root)
        return any(_glob(rel, pattern) for pattern in self.exclude)

    def show(self) -> dict[str, Any]:
        return {
            "config-file": str(self.path) if self.path else None,
            "select": list(self.select), "ignore": list(self.ignore), "lang": self.lang,
            "extend-packs": [str(p) for p in self.extend_packs], "house-style": dict(self.house_style),
            "per-file-ignores": {k: list(v) for k, v in self.per_file_ignores}, "exclude": list(self.exclude),
            "prose-fields": list(self.prose_fields), "extensions": list(self.extensions), "journal": self.journal,
        }


def _relative(path: Path, root: Path) -> str:
    try:
        return resolved(path).relative_to(resolved(root)).as_posix()
    except ValueError:
        return path.as_posix()


def _glob(rel: str, pattern: str) -> bool:
    pattern = pattern.rstrip("/")
    return fnmatch.fnmatch(rel, pattern) or PurePosixPath(rel).match(pattern) or rel.startswith(pattern + "/")


def _table(path: Path) -> dict[str, Any] | None:
    import tomllib  # deferred: most folders have no configuration file

    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    except OSError as exc:
        raise ConfigError(f"{path}: {exc.strerror}") from None
    if path.name == "pyproject.toml":
        return data.get("tool", {}).get("repair")
    return data.get("tool", {}).get("repair", data) if "tool" in data else data


def parse(path: Path) -> Config:
    table = _table(path)
    if table is None:
        raise ConfigError(f"{path}: no [tool.repair] table")
    unknown = sorted(set(table) - _KEYS)
    if unknown:
        raise ConfigError(f"{path}: unknown key {unknown[0]!r} (known: {', '.join(sorted(_KEYS))})")
    for key in _LISTS & set(table):
        if not isinstance(table[key], list) or not all(isinstance(v, str) for v in table[key]):
            raise ConfigError(f"{path}: `{key}` must be a list of strings")
    if "lang" in table and not isinstance(table["lang"], str):
        raise ConfigError(f"{path}: `lang` must be a string such as \"en\"")
    style = table.get("house-style", {})
    if not isinstance(style, dict) or not all(isinstance(v, str) for v in style.values()):
        raise ConfigError(f"{path}: `house-style` must be a table of group = \"style\", e.g. {{ kyiv = \"kiev\" }}")
    pfi = table.get("per-file-ignores", {})
    if not isinstance(pfi, dict) or not all(isinstance(v, list) and all(isinstance(r, str) for r in v) for v in pfi.values()):
        raise ConfigError(f"{path}: `per-file-ignores` must be a table of \"glob\" = [rules]")
    journal = table.get("journal", True)
    if not isinstance(journal, bool):
        raise ConfigError(f"{path}: `journal` must be true or false")
    root = path.parent
    packs = tuple((root / p).resolve() for p in table.get("extend-packs", []))
    for pack in packs:
        if not pack.is_dir():
            raise ConfigError(f"{path}: `extend-packs`: {pack} is not a folder")
    extensions = tuple(e if e.startswith(".") else f".{e}" for e in table.get("extensions", Config.extensions))
    return Config(
        path=path, select=tuple(table.get("select", ())), ignore=tuple(table.get("ignore", ())),
        lang=table.get("lang"), extend_packs=packs, house_style=tuple(sorted(style.items())),
        per_file_ignores=tuple((k, tuple(v)) for k, v in pfi.items()), exclude=tuple(table.get("exclude", ())),
        prose_fields=tuple(table.get("prose-fields", PROSE_FIELDS)), extensions=extensions, journal=journal, root=root,
    )


@lru_cache(maxsize=256)
def find(folder: Path) -> Config:
    """The configuration that applies in `folder`: the nearest file above it, or the defaults."""
    for candidate in [folder, *folder.parents]:
        dotfile = candidate / ".repair.toml"
        if dotfile.is_file():
            return parse(dotfile)
        pyproject = candidate / "pyproject.toml"
        if pyproject.is_file() and _table(pyproject) is not None:
            return parse(pyproject)
    return Config(root=Path.cwd())


def for_path(path: Path, explicit: Path | None = None) -> Config:
    if explicit is not None:
        return parse(explicit)
    folder = resolved(path)
    return find(folder if folder.is_dir() else folder.parent)
