"""Per-file settings: the command line's options over the nearest configuration file."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from repair import config, files
from repair.runner import Options


@dataclass(frozen=True)
class CommandLine:
    lang: str | None = None
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    house_style: tuple[tuple[str, str], ...] = ()
    config: Path | None = None


class Resolver:
    """Resolves each file's Options once per configuration file (most runs have one)."""

    def __init__(self, cli: CommandLine) -> None:
        self.cli = cli

    def config_for(self, path: Path | None) -> config.Config:
        return config.for_path(path if path is not None else Path.cwd(), self.cli.config)

    def options_for(self, path: Path | None, cfg: config.Config | None = None) -> Options:
        cfg = cfg or self.config_for(path)
        extra = cfg.ignores_for(path) if path is not None else ()
        return self._options(cfg, extra)

    @lru_cache(maxsize=256)  # noqa: B019 - one resolver per command run
    def _options(self, cfg: config.Config, extra_ignores: tuple[str, ...]) -> Options:
        cli = self.cli
        style = dict(cfg.house_style)
        style.update(cli.house_style)
        return Options(
            lang=cli.lang or cfg.lang,
            select=cli.select or cfg.select,
            ignore=cfg.ignore + cli.ignore + extra_ignores,
            house_style=tuple(sorted(style.items())),
            extend_packs=cfg.extend_packs,
            prose_fields=cfg.prose_fields,
            journal=cfg.journal,
        )

    def files(self, paths: list[str]) -> list[tuple[str, Path | None, Options]]:
        """The files to act on, with their options; excluded and ignored files left out."""
        out = []
        for display, path, explicit in files.discover(paths, self.config_for):
            cfg = self.config_for(path)
            if path is not None and not explicit and cfg.excluded(path):
                continue
            out.append((display, path, self.options_for(path, cfg)))
        return out
