"""The command line: parse options, call the library, format the results. Nothing else."""

from __future__ import annotations

import functools
import gc
import itertools
import os
import sys
from dataclasses import replace
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click

from repair import __version__

# The library is imported inside the commands: `repair --version` and `--help` need none of
# it, and a check loads only what it uses.
if TYPE_CHECKING:
    from repair import cache, runner
    from repair.report import FileReport
    from repair.settings import Resolver


class UserError(click.ClickException):
    """A usage, configuration or rule-pack problem: reported in one line, exit code 2."""

    exit_code = 2


def _split(values: Sequence[str]) -> tuple[str, ...]:
    return tuple(v.strip() for value in values for v in value.split(",") if v.strip())


def _resolver(lang: str | None, select: Sequence[str], ignore: Sequence[str], house_style: Sequence[str],
              config_path: Path | None) -> Resolver:
    from repair.settings import CommandLine, Resolver

    styles = []
    for item in _split(house_style):
        if "=" not in item:
            raise click.BadParameter(f"{item!r}: expected GROUP=STYLE, e.g. kyiv=kiev", param_hint="--house-style")
        group, style = item.split("=", 1)
        styles.append((group.strip(), style.strip()))
    return Resolver(CommandLine(lang, _split(select), _split(ignore), tuple(styles), config_path))


def _checked(resolver: Resolver, items: list[tuple[str, Path | None, runner.Options]]) -> None:
    """Load every pack the files may need up front, so a broken pack, config or selector
    stops the run once instead of failing file by file. Options that name no rule, style
    or pack of the user's need no check: the built-in packs are tested, and loading all of
    them would cost a one-file run (a pre-commit hook) more than checking the file."""
    from repair import packs, runner
    from repair.kinds import PackError

    for options in {item[2] for item in items}:
        if not (options.lang or options.select or options.ignore or options.house_style or options.extend_packs):
            continue
        rules = []
        for lang in [options.lang] if options.lang else packs.languages(options.extend_packs):
            try:
                runner.engine_for(replace(options, lang=lang))
                rules.extend(packs.load(lang, options.extend_packs, dict(options.house_style)).rules)
            except PackError as exc:
                raise UserError(f"rule packs: {exc}") from None
        styles = {}
        for rule in rules:
            if rule.meta.kind == "spelling":
                styles.setdefault(rule.group, set()).update(rule.forms)
        for group, style in options.house_style:
            if group not in styles or style not in styles[group]:
                known = ", ".join(f"{g}={'/'.join(sorted(v))}" for g, v in sorted(styles.items()))
                raise UserError(f"house-style {group}={style}: no such spelling group or style (known: {known})")
        unknown = packs.unknown_selectors(rules, options.select + options.ignore)
        if unknown:
            raise UserError(f"select/ignore: no rule, id prefix or category {', '.join(map(repr, unknown))} "
                            "in the rule packs (see `repair rules`)")


def common(func):  # type: ignore[no-untyped-def]
    """Options shared by the commands that read articles, turned into one `resolver`."""

    @functools.wraps(func)
    def wrapper(*args, lang, select, ignore, house_style, config_path, **kwargs):  # type: ignore[no-untyped-def]
        from repair.config import ConfigError

        try:
            resolver = _resolver(lang, select, ignore, house_style, config_path)
            resolver.options_for(None)
        except ConfigError as exc:
            raise UserError(str(exc)) from None
        return func(*args, resolver=resolver, **kwargs)

    for decorator in reversed(
        [
            click.option("--lang", default=None, help="Language of the articles (its rule pack); default from config, else en."),
            click.option("--select", multiple=True, help="Only these rules: ids, names, id prefixes or categories (comma-separated)."),
            click.option("--ignore", multiple=True, help="Skip these rules: ids, names, id prefixes or categories."),
            click.option("--house-style", multiple=True, help="Preferred spelling of a name group, e.g. kyiv=kiev."),
            click.option("--config", "config_path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
                         help="Use this configuration file instead of searching for one."),
            click.option("-j", "--jobs", type=click.IntRange(1), default=os.cpu_count() or 1, show_default="number of cores",
                         help="Worker processes for many files."),
            click.option("--stdin-filename", default="-", help="Name to report for text read from '-'."),
        ]
    ):
        wrapper = decorator(wrapper)
    return wrapper


def _stdin_report(options: runner.Options, name: str) -> FileReport:
    from repair import runner, source
    from repair.report import FileReport

    data = sys.stdin.buffer.read()
    try:
        text = source.decode(data).text
    except source.InputError as exc:
        return FileReport(name, errors=[str(exc)])
    return runner.check_text(name, text, options)


def run() -> None:
    """The `repair` command: `main`, with two savings a short-lived process can afford.

    The garbage collector waits for 100,000 new objects instead of 700: loading a pack makes
    about that many, and every default pass walks them again (~12 ms of a one-file check).
    At the end the process exits without tearing its modules and packs down object by object
    (~14 ms): by then output is flushed, files are written and closed, and workers are joined.
    """
    gc.set_threshold(100_000, 10, 10)
    try:
        main()
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 0 if exc.code is None else 1
        if not isinstance(exc.code, int | None):
            print(exc.code, file=sys.stderr)
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except OSError:  # a closed pipe (`repair check | head`): nothing more can be said
            code = code or 1
    os._exit(code)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="repair")
def main() -> None:
    """Detect and repair machine-made damage in translated news articles."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@common
@click.option("--format", "fmt", type=click.Choice(["text", "json", "github", "sarif"]), default="text", show_default=True)
@click.option("-q", "--quiet", is_flag=True, help="Print findings only, no summary.")
@click.option("--statistics", "show_stats", is_flag=True, help="Print how often each rule fired.")
@click.option("--show-suppressed", is_flag=True, help="Also list findings silenced by remembered review decisions.")
@click.option("--show-config", is_flag=True, help="Print the resolved settings and stop.")
@click.option("--no-cache", is_flag=True, help="Check every file again, even those unchanged since the last run.")
def check(paths: tuple[str, ...], resolver: Resolver, jobs: int, stdin_filename: str, fmt: str, quiet: bool,
          show_stats: bool, show_suppressed: bool, show_config: bool, no_cache: bool) -> None:
    """Report defects in PATHS (files or directories; '-' reads standard input)."""
    from repair import runner
    from repair.report import FileReport, JsonWriter, Tally, to_github, to_sarif, to_text

    if show_config:
        import json

        first = Path(paths[0]) if paths and paths[0] != "-" else None
        shown = {**resolver.config_for(first).show(), **_options_json(resolver.options_for(first))}
        click.echo(json.dumps(shown, ensure_ascii=False, indent=1))
        return
    if not paths:
        raise click.UsageError("no paths given (use '-' for standard input)")
    items = resolver.files([p for p in paths if p != "-"])
    _checked(resolver, items + [("-", None, resolver.options_for(None))])
    results = None if no_cache else _store(items)
    reports: Iterable[FileReport] = runner.check_many(items, jobs, results)
    if "-" in paths:
        reports = itertools.chain([_stdin_report(resolver.options_for(None), stdin_filename)], reports)
    # each report is written as it arrives: a tree's findings are never all held at once
    tally = Tally()
    if fmt == "json":
        writer = JsonWriter(sys.stdout.write)
        for report in reports:
            tally.add(report)
            writer.add(report)
        writer.close()
    elif fmt == "sarif":
        kept = []
        for report in reports:
            tally.add(report)
            kept.append(report)
        click.echo(to_sarif(kept, [r for o in {i[2] for i in items} | {resolver.options_for(None)} for r in runner.engine_for(o).rules]))
    else:
        render = to_github if fmt == "github" else to_text
        for report in reports:
            tally.add(report)
            if report.findings or (fmt == "github" and report.errors):
                click.echo("\n".join(render([report])))
    if fmt == "text":
        if show_stats:
            for line in tally.statistics():
                click.echo(line)
        if show_suppressed:
            for line in tally.suppressed:
                click.echo(line)
        _stale(tally.paths, resolver, stdin_filename)
        if not quiet:
            files = f"{tally.files} file{'s' * (tally.files != 1)}"
            if tally.findings:
                click.echo(f"Found {tally.findings} finding{'s' * (tally.findings != 1)} in {files}: "
                           f"{tally.safe} fixable with `repair fix`, {tally.unsafe} more with --unsafe-fixes.", err=True)
            else:
                click.echo(f"All clean: {files} checked.", err=True)
    if results is not None:
        results.save()
    for path, error in tally.errors:
        click.echo(f"{path}: error: {error}", err=True)
    sys.exit(2 if tally.errors else 1 if tally.findings else 0)


def _store(items: list[tuple[str, Path | None, runner.Options]]) -> cache.Results | None:
    """The result store for these files' build of the rules (their extra packs included)."""
    from repair import cache

    return cache.Results.open({pack for _, _, options in items for pack in options.extend_packs})


def _options_json(options: runner.Options) -> dict[str, object]:
    return {"resolved": {"lang": options.lang, "select": list(options.select), "ignore": list(options.ignore),
                         "house-style": dict(options.house_style)}}


def _stale(paths: Sequence[str], resolver: Resolver, stdin_filename: str) -> None:
    """Decisions made under an older version of their rule deserve a second look."""
    from repair import decisions, runner
    from repair.journal import find_root

    folders = {os.path.dirname(p) for p in paths if p != stdin_filename}  # many files, a few folders
    roots = {find_root(Path(folder or ".")) for folder in folders}
    for root in sorted(roots):
        for note in runner.stale_decisions(decisions.for_root(root), resolver.options_for(root)):
            click.echo(f"{root}: stale decision: {note}", err=True)


def _interactive(paths: list[str], resolver: Resolver, show_diff: bool, stdin: bool) -> list[runner.FixOutcome]:
    from repair import runner
    from repair.model import Safety
    from repair.report import FileReport

    if show_diff or stdin:
        raise click.UsageError("--interactive works on files, without --diff or '-'")
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise click.UsageError("--interactive needs a terminal (use `repair fix --diff` in scripts)")
    from repair import interactive

    outcomes = []
    for display, path, options in resolver.files(paths):
        if path is None:
            outcomes.append(runner.FixOutcome(FileReport(display, errors=["no such file or directory"])))
            continue
        result = interactive.review(display, path, options, Safety.UNSAFE)
        outcomes.append(result.outcome)
        if result.quit:
            break
    return outcomes


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@common
@click.option("--unsafe-fixes", is_flag=True, help="Also apply fixes that need a human look.")
@click.option("--diff", "show_diff", is_flag=True, help="Print a unified diff of the fixes and write nothing.")
@click.option("-i", "--interactive", is_flag=True, help="Review each fix at the terminal (safe and unsafe ones).")
@click.option("--show-fixes", is_flag=True, help="List every fix applied.")
@click.option("--no-cache", is_flag=True, help="Read every file, even those the result store says have nothing to fix.")
def fix(paths: tuple[str, ...], resolver: Resolver, jobs: int, stdin_filename: str, unsafe_fixes: bool,
        show_diff: bool, interactive: bool, show_fixes: bool, no_cache: bool) -> None:
    """Apply safe fixes to PATHS (and unsafe ones with --unsafe-fixes)."""
    from repair import runner, source
    from repair.model import Safety
    from repair.report import FileReport, to_text

    if not paths:
        raise click.UsageError("no paths given (use '-' for standard input)")
    allowed = Safety.UNSAFE if unsafe_fixes else Safety.SAFE
    items = resolver.files([p for p in paths if p != "-"])
    options = resolver.options_for(None)
    _checked(resolver, items + [("-", None, options)])
    outcomes: list[runner.FixOutcome] = []
    if interactive:
        outcomes = _interactive([p for p in paths if p != "-"], resolver, show_diff, "-" in paths)
        paths = ()
        items = []
    if "-" in paths and not interactive:
        data = sys.stdin.buffer.read()
        try:
            src = source.decode(data)
            outcome = runner.fix_text(stdin_filename, src.text, options, allowed)
            if not show_diff:
                sys.stdout.buffer.write(src.encode(outcome.fixed if outcome.fixed is not None else src.text))
            outcomes.append(outcome)
            if show_diff and outcome.fixed is not None:
                click.echo(runner.unified_diff(stdin_filename, src.text, outcome.fixed), nl=False)
        except source.InputError as exc:
            outcomes.append(runner.FixOutcome(FileReport(stdin_filename, errors=[str(exc)])))
    results = None if no_cache or interactive else _store(items)
    for outcome in runner.fix_many(items, jobs, allowed, not show_diff, results):
        if not show_fixes:
            outcome.applied_findings = []  # not kept for the whole run
        outcomes.append(outcome)
        if outcome.diff:
            click.echo(outcome.diff, nl=False)
    changed = [o for o in outcomes if o.changed]
    for o in changed:
        rules = ", ".join(f"{rule}×{n}" for rule, n in sorted(o.by_rule.items()))
        verb = "would fix" if show_diff else "fixed"
        unsafe = sum(1 for f in o.report.findings if f.safety is Safety.UNSAFE)
        left = f"; {unsafe} unsafe fix{'es' * (unsafe != 1)} left (--unsafe-fixes)" if unsafe else ""
        click.echo(f"{o.report.path}: {verb} {o.applied} ({rules}){left}", err=True)
        if show_fixes:
            for f in o.applied_findings:
                click.echo(f"  {f.rule} {f.name}: “{f.original}” → “{f.replacement}”", err=True)
    remaining = [o.report for o in outcomes]
    left = sum(len(r.findings) for r in remaining)
    if left:
        for line in to_text(remaining):
            click.echo(line, err=True)
        click.echo(f"{left} finding{'s' * (left != 1)} left for a human (or --unsafe-fixes).", err=True)
    for report in remaining:
        for error in report.errors:
            click.echo(f"{report.path}: error: {error}", err=True)
    sys.exit(2 if any(r.errors for r in remaining) else 1 if changed or left else 0)


@main.command(name="rules")
@click.option("--lang", default="en", show_default=True)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def rules_command(lang: str, fmt: str) -> None:
    """List the rules of a language: id, name, category, fix safety, message."""
    from repair import packs
    from repair.kinds import PackError

    try:
        pack = packs.load(lang)
    except PackError as exc:
        raise UserError(str(exc)) from None
    if fmt == "json":
        import json

        click.echo(json.dumps([{"id": r.meta.id, "name": r.meta.name, "category": r.meta.category, "fix": r.meta.safety.label,
                                "severity": r.meta.severity, "message": r.meta.message} for r in pack.rules], ensure_ascii=False, indent=1))
        return
    for rule in sorted(pack.rules, key=lambda r: r.meta.id):
        m = rule.meta
        click.echo(f"{m.id}  {m.name:<32} {m.category:<22} {m.safety.label or 'none':<7} {m.message}")


@main.command()
@click.argument("rule")
@click.option("--lang", default="en", show_default=True)
def explain(rule: str, lang: str) -> None:
    """Describe RULE (id or name): what it does, why, examples, fix safety."""
    from repair import packs
    from repair.kinds import PackError

    try:
        pack = packs.load(lang)
    except PackError as exc:
        raise UserError(str(exc)) from None
    matches = [r for r in pack.rules if rule in (r.meta.id, r.meta.name)]
    if not matches:
        raise UserError(f"no rule {rule!r} in the {lang!r} pack (see `repair rules --lang {lang}`)")
    m = matches[0].meta
    safety = {"safe": "safe: applied by `repair fix`.", "unsafe": "unsafe: applied only with --unsafe-fixes; review it.",
              None: "none: reported only; a human repairs it."}[m.safety.label]
    click.echo(f"{m.id} {m.name}\n\nCategory: {m.category}    Severity: {m.severity}    Kind: {m.kind}\n")
    click.echo(f"What it does\n  {m.message}\n")
    if m.description:
        click.echo("Why\n  " + m.description.replace("\n", "\n  ") + "\n")
    click.echo("Examples")
    for ex in m.bad:
        click.echo(f"  bad:   {ex.text}")
        if ex.fixed is not None:
            click.echo(f"  fixed: {ex.fixed}")
    for ex in m.good:
        click.echo(f"  good:  {ex.text}")
    click.echo(f"\nFix safety\n  {safety}\n\nDefined in {m.source}")


@main.command(name="eval")
@click.argument("directory", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--lang", default=None, help="Only this language's folder.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("-v", "--verbose", is_flag=True, help="List each false positive and miss.")
def eval_command(directory: Path, lang: str | None, fmt: str, verbose: bool) -> None:
    """Score the rules on a corpus: precision, recall and fix accuracy per category."""
    from repair import evaluate
    from repair.kinds import PackError

    try:
        result = evaluate.run(directory, lang)
    except (evaluate.CorpusError, PackError) as exc:
        raise UserError(str(exc)) from None
    click.echo(result.to_json() if fmt == "json" else result.to_text(verbose))




def _tracked(paths: tuple[str, ...]) -> list:
    from repair import history
    from repair.journal import JournalError

    try:
        return list(history.tracked(paths))
    except JournalError as exc:
        raise UserError(str(exc)) from None


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--stat", "stat_only", is_flag=True, help="Only a summary line per file.")
@click.option("--color/--no-color", default=None, help="Colour the diff (default: on a terminal).")
def diff(paths: tuple[str, ...], stat_only: bool, color: bool | None) -> None:
    """Show what changed since the recorded originals (all tracked files when no PATHS)."""
    from repair import runner, source
    from repair import history
    from repair.journal import JournalError

    items = _tracked(paths)
    if not items:
        click.echo("No recorded originals.", err=True)
        return
    errors = 0
    for item in items:
        try:
            before, after = history.texts(item)
        except (JournalError, source.InputError) as exc:
            click.echo(f"{item.display}: error: {exc}", err=True)
            errors += 1
            continue
        patch = runner.unified_diff(item.display, before, after)
        if stat_only:
            lines = patch.splitlines()[2:]
            plus = sum(1 for line in lines if line.startswith("+"))
            minus = sum(1 for line in lines if line.startswith("-"))
            click.echo(f"{item.display} | {item.entry.fixes} fixes, +{plus} -{minus}")
            continue
        for line in patch.splitlines(keepends=True):
            style = {"+": "green", "-": "red", "@": "cyan"}.get(line[:1]) if not line.startswith(("+++", "---")) else "bright_white"
            click.echo(click.style(line, fg=style) if style else line, nl=False, color=color)
    sys.exit(2 if errors else 0)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--force", is_flag=True, help="Revert even files edited by hand since the fix.")
def revert(paths: tuple[str, ...], force: bool) -> None:
    """Restore recorded originals byte for byte (all tracked files when no PATHS)."""
    from repair import source
    from repair import history
    from repair.journal import JournalError

    items = _tracked(paths)
    if not items:
        click.echo("No recorded originals.", err=True)
    errors = 0
    for item in items:
        try:
            state = history.revert(item, force)
        except (JournalError, source.InputError, OSError) as exc:
            click.echo(f"{item.display}: error: {exc}", err=True)
            errors += 1
            continue
        note = {"original": "already original", "missing": "restored (it was missing)", "edited": "reverted, hand edits discarded"}.get(state, "reverted")
        click.echo(f"{item.display}: {note}", err=True)
    sys.exit(2 if errors else 0)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
def accept(paths: tuple[str, ...]) -> None:
    """Forget the recorded originals (after publication); the files stay as they are."""
    from repair import history

    items = _tracked(paths)
    for item in items:
        history.accept(item)
        click.echo(f"{item.display}: accepted", err=True)
    if not items:
        click.echo("No recorded originals.", err=True)


@main.command()
def status() -> None:
    """List the files with recorded originals and how many fixes each has had."""
    items = _tracked(())
    if not items:
        click.echo("No recorded originals.", err=True)
        return
    for item in items:
        rules = ", ".join(f"{rule}×{n}" for rule, n in sorted(item.entry.rules.items()))
        click.echo(f"{item.display}: {item.entry.fixes} fix{'es' * (item.entry.fixes != 1)} ({rules}); {item.state()}")
