"""The ``wikilint`` command: a thin click layer over :mod:`wikilint.api`.

Exit codes: 0 no findings; 1 findings (an unreadable input is a finding too); 2 a usage or
configuration error, with the reason on stderr; 130 and 143 a run stopped by Ctrl-C or SIGTERM.
"""

from __future__ import annotations

import contextlib
import difflib
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO, cast

import click

from wikilint._version import __version__
from wikilint.api import (
    CACHE_FOLDER,
    RUN_ERRORS,
    CacheError,
    ClientOptions,
    CorpusOptions,
    FileResult,
    FixedFile,
    Run,
    RunOptions,
    WikiSource,
    WikiTargets,
    load_registry,
    needs_contact,
    remove_caches,
    split_targets,
    unusable_folder,
    wiki_source,
    with_excerpts,
)
from wikilint.linter.atomic import atomic_text_file
from wikilint.linter.config import (
    DIALECTS,
    Settings,
    discover_settings,
    load_settings,
    parse_size,
)
from wikilint.linter.report import REPORTERS, make_reporter
from wikilint.linter.report.escape import visible, visible_path
from wikilint.linter.report.load import SavedReportError, open_saved_report
from wikilint.linter.report.progress import StdoutProxy, with_progress
from wikilint.linter.summary import Summary
from wikilint.server.docs import rule_help
from wikilint.server.workers import MAX_WORKERS as MAX_SERVER_WORKERS

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class _DefaultToCheck(click.Group):
    """``wikilint PATHS…`` means ``wikilint check PATHS…``, as in ruff's early releases, and
    ``wikilint --help`` shows what a newcomer runs: the check's usage and options."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if not args or (args[0] not in self.commands and args[0] != "--version"):
            args = ["check", *args]
        return super().parse_args(ctx, args)

    def main(self, *args: Any, **kwargs: Any) -> Any:
        with _sigterm_interrupts():
            return super().main(*args, **kwargs)

    def invoke(self, ctx: click.Context) -> Any:
        """Ctrl-C or SIGTERM: the run unwinds (workers stopped, temporary files removed), then
        one line and the shell's status for that signal, 128 + its number."""
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt as interrupt:
            number = getattr(interrupt, "signal", signal.SIGINT)
            click.echo(f"wikilint: interrupted ({signal.Signals(number).name})", err=True)
            ctx.exit(128 + number)


class _Terminated(KeyboardInterrupt):
    signal = signal.SIGTERM


@contextlib.contextmanager
def _sigterm_interrupts() -> Iterator[None]:
    """SIGTERM (a CI timeout, ``docker stop``) stops a run the way Ctrl-C does."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def terminate(number: int, frame: object) -> None:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)  # one is enough: let the clean-up finish
        raise _Terminated()

    previous = signal.signal(signal.SIGTERM, terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _codes(values: tuple[str, ...]) -> tuple[str, ...] | None:
    """``--select A,B --select C`` → ``("A", "B", "C")``; None when the option was not given."""
    if not values:
        return None
    return tuple(code.strip() for value in values for code in value.split(",") if code.strip())


def _corpus_options(command: Callable[..., None]) -> Callable[..., None]:
    """The options that say which documents of a dump or corpus a run reads (check and baseline alike)."""
    for option in reversed([
        click.option("--namespace", "namespaces", type=int, multiple=True,
                     help="XML dumps: namespace numbers to lint (repeatable).  [default: 0, articles]"),
        click.option("--text-field", default="text", show_default=True,
                     help="JSONL corpora: the field holding the text."),
        click.option("--title-field", default="title", show_default=True,
                     help="JSONL corpora: the field holding the title."),
    ]):
        command = option(command)
    return command


def _corpus(namespaces: tuple[int, ...], text_field: str, title_field: str) -> CorpusOptions:
    return CorpusOptions(frozenset(namespaces or (0,)), text_field, title_field)


def _wiki_options(command: Callable[..., None]) -> Callable[..., None]:
    """The options that read pages of a live wiki through its Action API."""
    for option in reversed([
        click.option("--site", metavar="HOST",
                     help="The wiki of --page, --pages-from and --category: a host (zh.wikipedia.org) or a URL "
                     "(its api.php is found). HTTPS only, but for a loopback address."),
        click.option("--page", "pages", multiple=True, metavar="TITLE", help="A page of --site to lint (repeatable)."),
        click.option("--pages-from", type=click.Path(exists=True, dir_okay=False, path_type=Path), metavar="FILE",
                     help="Lint the pages of --site named in FILE, one title a line."),
        click.option("--category", "categories", multiple=True, metavar="NAME",
                     help="Lint the pages of this category of --site (repeatable); see --depth and --namespace."),
        click.option("--depth", type=click.IntRange(min=0), default=0, show_default=True,
                     help="Subcategory levels a --category walk descends."),
        click.option("--limit", type=click.IntRange(min=1), default=None, help="Lint at most N live pages."),
        click.option("--max-rps", type=click.FloatRange(min=0), default=1.0, show_default=True,
                     help="Requests a second to one wiki (one at a time); 0 for no limit: only for your own wiki."),
        click.option("--user-agent", envvar="WIKILINT_USER_AGENT", metavar="TEXT",
                     help="Who you are, for the wiki's operators, with a contact: 'MyAudit/1.0 (me@example.org)'. "
                     "Wikimedia asks for one.  [env: WIKILINT_USER_AGENT]"),
        click.option("--retries", type=click.IntRange(min=0), default=4, show_default=True,
                     help="Retries of a request the wiki does not answer (with backoff) before its pages are "
                     "reported not fetched (WL008)."),
    ]):
        command = option(command)
    return command


@click.group(cls=_DefaultToCheck, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="wikilint")
def main() -> None:
    """Lint wiki articles: wikitext and Wikipedia articles converted to Markdown."""


_OTHER_COMMANDS = """\b
Other commands (each with --help):
  wikilint rules               list every rule
  wikilint rule CODE           one rule's documentation
  wikilint baseline create     record today's findings
  wikilint baseline prune      drop what is fixed from a baseline
  wikilint report REPORT       render a saved json/jsonl report (e.g. -f html -o audit.html)
  wikilint clean               remove the cache
  wikilint server              the language server, for editors"""


@main.command(epilog=_OTHER_COMMANDS)
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@click.option("-f", "--format", "--output-format", "output_format", type=click.Choice(sorted(REPORTERS)),
              default=None,
              help="Report format: text shows each finding in its source line, concise one line per finding, "
              "jsonl streams one finding per line.  [default: github under GitHub Actions, else text]")
@click.option("--color", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True,
              help="Colour the text output; auto colours a terminal only (NO_COLOR and FORCE_COLOR are honoured).")
@click.option("-q", "--quiet", count=True,
              help="Print only the findings, no summary; -qq prints nothing (the exit code says it all).")
@click.option("--silent", is_flag=True, help="Print nothing; the same as -qq.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the report to FILE instead of standard output.")
@click.option("--select", multiple=True, metavar="CODES",
              help="Rules to enable: codes, prefixes, names or ALL, comma-separated (replaces the config's).")
@click.option("--ignore", multiple=True, metavar="CODES",
              help="Rules to disable: codes, prefixes or names, comma-separated (replaces the config's).")
@click.option("--dialect", type=click.Choice(DIALECTS), default=None,
              help="Read every input as this dialect instead of detecting it.  [default: auto]")
@click.option("--config", "config_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Use this pyproject.toml or wikilint.toml instead of the nearest one.")
@click.option("--force-exclude", is_flag=True,
              help="Apply `exclude` to files named on the command line too (the pre-commit hooks do).")
@click.option("--respect-gitignore/--no-respect-gitignore", default=True, show_default=True,
              help="Skip the files git ignores (.gitignore, .git/info/exclude) when walking folders.")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings.")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info"]), default="warning", show_default=True,
              help="The least severe finding that makes the run fail (exit 1); the others are still reported.")
@click.option("--statistics", is_flag=True,
              help="Count findings and files per rule, and list the files with the most, instead of each finding.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Worker processes; 1 lints in this process.  [default: the number of cores]")
@click.option("--executor", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="Run on local processes, or on a Dask cluster (pip install 'wikilint[dask]').")
@click.option("--scheduler", metavar="ADDRESS",
              help="Dask scheduler address (tcp://host:8786); without it a local Dask cluster is started.")
@_corpus_options
@click.option("--progress/--no-progress", default=None,
              help="Show a progress bar on stderr.  [default: when stderr is a terminal]")
@click.option("--cache/--no-cache", default=True, show_default=True, envvar="WIKILINT_CACHE",
              help="Reuse results for files whose content, wikilint version and configuration are unchanged.")
@click.option("--cache-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where the cache lives.  [default: .wikilint_cache beside the configuration, or here]")
@click.option("--max-file-size", metavar="SIZE", default=None,
              help="Report larger documents (WL005) instead of reading them, e.g. 20MB.  [default: 20MB]")
@click.option("--timeout", type=click.FloatRange(min=0), default=None,
              help="Seconds a document may take before it is reported (WL006); 0 for none.  [default: 60]")
@click.option("--fix", is_flag=True, help="Apply safe fixes to the files, then report what remains.")
@click.option("--unsafe-fixes", is_flag=True, help="With --fix or --diff, apply unsafe fixes too (e.g. SCR001).")
@click.option("--diff", is_flag=True, help="Print the fixes as a unified diff; write nothing. Exit 1 if any.")
@click.option("--show-fixes", is_flag=True, help="With --fix, list what was fixed in each file.")
@click.option("--stdin-filename", metavar="PATH",
              help="The path standard input stands for: its configuration, per-file-ignores, dialect and the path "
              "reported; with --fix, the fixed text goes to standard output and the report to standard error.")
@click.option("--baseline", "baseline_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Report only findings beyond those recorded in this baseline (see `wikilint baseline`).")
@_wiki_options
def check(
    paths: tuple[str, ...],
    output_format: str | None,
    color: str,
    quiet: int,
    silent: bool,
    output: Path | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    dialect: str | None,
    config_file: Path | None,
    exit_zero: bool,
    statistics: bool,
    jobs: int | None,
    executor: str,
    scheduler: str | None,
    progress: bool | None,
    cache: bool,
    cache_dir: Path | None,
    max_file_size: str | None,
    timeout: float | None,
    fix: bool,
    unsafe_fixes: bool,
    diff: bool,
    baseline_file: Path | None,
    show_fixes: bool,
    fail_on: str,
    stdin_filename: str | None,
    force_exclude: bool,
    respect_gitignore: bool,
    site: str | None,
    pages: tuple[str, ...],
    pages_from: Path | None,
    categories: tuple[str, ...],
    depth: int,
    limit: int | None,
    max_rps: float,
    user_agent: str | None,
    retries: int,
    **corpus: Any,
) -> None:
    """Lint PATHS: files, folders, XML dumps (.xml, .xml.bz2, .xml.gz), JSON Lines corpora
    (.jsonl, .jsonl.gz), - for standard input, or page URLs of a live wiki (default: the
    current folder). --site with --page, --pages-from or --category reads a live wiki too.

    `wikilint PATHS` is the same as `wikilint check PATHS`. Exit 0: no findings; 1: findings;
    2: a usage or configuration error."""
    output_format = output_format or ("github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text")
    if select and not _codes(select):
        raise _Fatal("--select names no rule: give codes, prefixes, names or ALL (comma-separated)")
    _warn_idle_flags(
        unsafe_fixes=unsafe_fixes and not (fix or diff), scheduler=scheduler is not None and executor != "dask",
        show_fixes=show_fixes and not fix, statistics=statistics and output_format not in _STATISTICS_FORMATS,
        output_format=output_format,
    )
    view = _View(_use_color(color, output), 2 if silent else min(quiet, 2), fail_on)
    options = RunOptions(
        jobs=jobs, executor=executor, scheduler=scheduler,
        corpus=_corpus(**corpus), baseline=baseline_file, stdin_filename=stdin_filename,
    )
    files, urls = split_targets(paths)
    wanted = WikiTargets(tuple(urls), site, pages, pages_from, categories, depth, limit, options.corpus.namespaces)
    if site and not (pages or pages_from or categories):
        raise _Fatal("--site names the wiki of --page, --pages-from or --category; give one of them")
    run = _start(tuple(files), config_file, options, cache, cache_dir, lambda settings: settings.override(
        select=_codes(select), ignore=_codes(ignore), dialect=dialect, timeout=timeout,
        force_exclude=force_exclude, respect_gitignore=respect_gitignore, user_agent=user_agent,
        max_file_size=parse_size(max_file_size, "--max-file-size") if max_file_size else None,
    ), wanted if wanted.any else None, lambda settings: ClientOptions(settings.user_agent, max_rps, retries=retries))
    live = run.documents if isinstance(run.documents, WikiSource) else None
    if not run.sources and live is None:
        _warn(f"no files to lint under {', '.join(files or ('.',))}")
    if fix or diff:
        _fix_files(run, unsafe=unsafe_fixes, diff_only=diff, output_format=output_format, output=output,
                   statistics=statistics, exit_zero=exit_zero, view=view, show_fixes=show_fixes)
        return
    results: Iterable[FileResult] = run.lint()
    if progress or (progress is None and sys.stderr.isatty()):
        results = with_progress(results, run.document_count)
    summary = _report(results, run, output_format, output, statistics, view)
    if live is not None and view.quiet == 0:
        _tell_fetched(live)
    if view.fails(summary) and not exit_zero:
        sys.exit(EXIT_FINDINGS)


#: The formats --statistics shapes; the machine formats always list every finding.
_STATISTICS_FORMATS = ("text", "concise")


def _warn(message: str) -> None:
    click.echo(f"wikilint: warning: {visible(message)}", err=True)


def _warn_idle_flags(
    *, unsafe_fixes: bool, scheduler: bool, show_fixes: bool, statistics: bool, output_format: str
) -> None:
    """One line on stderr for each flag given where it does nothing; the run goes on."""
    if unsafe_fixes:
        _warn("--unsafe-fixes does nothing without --fix or --diff")
    if scheduler:
        _warn("--scheduler does nothing without --executor dask")
    if show_fixes:
        _warn("--show-fixes does nothing without --fix")
    if statistics:
        _warn(f"--statistics shapes the text and concise formats only; -f {output_format} lists every finding")


@dataclass(frozen=True)
class _View:
    """How the human formats are shown: in colour or not, and how much (``quiet``: 0, 1 or 2)."""

    color: bool = False
    quiet: int = 0
    fail_on: str = "warning"

    def fails(self, summary: Summary) -> bool:
        """Whether the findings include one at least as severe as ``fail_on``."""
        levels = _SEVERITIES[: _SEVERITIES.index(self.fail_on) + 1]
        return any(summary.by_severity.get(level) for level in levels)


_SEVERITIES = ("error", "warning", "info")


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _use_color(choice: str, output: Path | None) -> bool:
    """Colour only on a terminal (never in a file), unless asked: NO_COLOR and FORCE_COLOR as everywhere."""
    if choice == "never" or output is not None:
        return False
    if choice == "always":
        return True
    if os.environ.get("NO_COLOR"):
        return False
    return bool(os.environ.get("FORCE_COLOR")) or sys.stdout.isatty()


def _wiki(targets: WikiTargets, options: ClientOptions) -> WikiSource | None:
    """The live pages to lint, if any; exit 2 for a site that may not be used."""
    try:
        source = wiki_source(targets, options)
    except RUN_ERRORS as error:
        raise _Fatal(str(error)) from error
    if source is not None and not options.user_agent:
        for host in needs_contact(source):
            _warn(f"no --user-agent: {host} asks clients to name themselves with a contact "
                  "(--user-agent 'MyAudit/1.0 (me@example.org)' or WIKILINT_USER_AGENT)")
    return source


def _tell_fetched(source: WikiSource) -> None:
    for site in source.sites:
        click.echo(f"wikilint: {visible(site.name)}: {source.fetched} pages fetched, {source.cached} from the cache, "
                   f"in {source.requests} requests", err=True)


def _start(
    paths: tuple[str, ...], config_file: Path | None, options: RunOptions, cache: bool, cache_dir: Path | None,
    adjust: Callable[[Settings], Settings] = lambda settings: settings, live: WikiTargets | None = None,
    client: Callable[[Settings], ClientOptions] = lambda settings: ClientOptions(settings.user_agent),
) -> Run:
    """Settings from the configuration and the options, and the run they make; exit 2 on a bad one.
    ``live``: pages of live wikis to lint too, read with the ``client`` options the settings give."""
    targets = list(paths) or ([] if live is not None else ["."])
    stand_in = [options.stdin_filename if target == "-" and options.stdin_filename else target for target in targets]
    try:
        settings = adjust(load_settings(config_file) if config_file else discover_settings(stand_in))
        folder = cache_dir or settings.root / CACHE_FOLDER
        if cache and (problem := unusable_folder(folder)):
            _warn(problem)
        elif cache:
            options = RunOptions(**{**options.__dict__, "cache_dir": folder})
        documents = _wiki(live, client(settings)) if live is not None else None
        return Run(targets, settings, options, documents)
    except RUN_ERRORS as error:
        raise _Fatal(str(error)) from error


def _report(results: Iterable[FileResult], run: Run, output_format: str, output: Path | None,
            statistics: bool, view: _View, to_stderr: bool = False) -> Summary:
    """Report the results; ``to_stderr`` when standard output carries a fixed text instead."""
    summary = Summary()
    with _report_stream(output, to_stderr) as stream:
        reporter = make_reporter(output_format, stream, statistics=statistics, rules=run.rules, color=view.color,
                                 quiet=view.quiet)
        try:
            for result in results:
                summary.add(result)
                reporter.add(result)
        except RuntimeError as error:  # e.g. the Dask extra is missing or the scheduler is unreachable
            raise _Fatal(str(error)) from error
        summary.skipped.update(run.skipped)
        if run.baseline is not None:
            summary.baseline_absorbed = run.baseline.absorbed
        reporter.finish(summary)
    return summary


def _fix_files(
    run: Run, *, unsafe: bool, diff_only: bool, output_format: str, output: Path | None, statistics: bool,
    exit_zero: bool, view: _View, show_fixes: bool = False,
) -> None:
    """--fix and --diff: files only, one at a time, each written back atomically."""
    fixed = changed = 0
    results: list[FileResult] = []
    fixed_files: list[FixedFile] = []
    from_stdin = False  # then stdout carries the fixed text and the report goes to stderr
    try:
        for outcome in run.fix(unsafe, diff_only):
            if outcome.changed and not diff_only and not outcome.stdin:
                run.write(outcome)  # a file left as it is comes back unchanged, with a WL007 finding saying why
            if outcome.changed:
                changed += 1
                fixed += outcome.fixed
                fixed_files.append(outcome)
                if diff_only:
                    sys.stdout.write("".join(difflib.unified_diff(
                        outcome.before.splitlines(keepends=True), outcome.after.splitlines(keepends=True),
                        fromfile=f"a/{visible_path(outcome.path)}", tofile=f"b/{visible_path(outcome.path)}",
                    )))
            if outcome.stdin and not diff_only:
                sys.stdout.write(outcome.after)  # the fixed text, as an editor's formatter call expects
                from_stdin = True
            results.append(outcome.result)
    except RUN_ERRORS as error:
        raise _Fatal(str(error)) from error
    if fixed and view.quiet < 2:
        verb = "Would fix" if diff_only else "Fixed"
        click.echo(f"{verb} {_count(fixed, 'finding')} in {_count(changed, 'file')}.", err=True)
        if show_fixes and not diff_only:
            for outcome in fixed_files:
                click.echo(f"  {visible_path(outcome.path)}:", err=True)
                for code, count in sorted(outcome.codes.items()):
                    click.echo(f"    {count} × {code}", err=True)
    if diff_only:
        sys.exit(EXIT_FINDINGS if changed and not exit_zero else EXIT_CLEAN)
    summary = _report(results, run, output_format, output, statistics, view, to_stderr=from_stdin)
    if view.fails(summary) and not exit_zero:
        sys.exit(EXIT_FINDINGS)


@contextlib.contextmanager
def _report_stream(output: Path | None, to_stderr: bool = False) -> Iterator[TextIO]:
    """Standard output, or FILE written atomically: a failed run leaves no half report."""
    if output is None and to_stderr:
        yield sys.stderr
        return
    if output is None:
        yield cast(TextIO, StdoutProxy())  # a progress bar may reroute stdout above itself meanwhile
        return
    try:
        with atomic_text_file(output) as stream:
            yield stream
    except OSError as error:
        raise _Fatal(f"cannot write {output}: {error.strerror or error}") from error


@main.group("baseline")
def baseline_group() -> None:
    """Record today's findings so that a gate fails only on new ones."""


@baseline_group.command("create")
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=Path("wikilint-baseline.json"),
              show_default=True, help="The baseline file to write.")
@click.option("--config", "config_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@_corpus_options
def baseline_create(paths: tuple[str, ...], output: Path, config_file: Path | None, **corpus: Any) -> None:
    """Lint PATHS and record their findings, per file and code, in a baseline."""
    run = _start(paths, config_file, RunOptions(corpus=_corpus(**corpus), use_baseline=False), False, None)
    baseline = run.record_baseline(output)
    total = sum(record.count for codes in baseline.files.values() for record in codes.values())
    click.echo(f"Recorded {total} findings in {len(baseline.files)} files in {visible_path(str(output))}.")


@baseline_group.command("prune")
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@click.option("--baseline", "baseline_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              default=Path("wikilint-baseline.json"), show_default=True)
@click.option("--config", "config_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@_corpus_options
def baseline_prune(paths: tuple[str, ...], baseline_file: Path, config_file: Path | None, **corpus: Any) -> None:
    """Drop baseline entries that PATHS no longer hit, and lower counts to today's; other files' entries stay."""
    run = _start(paths, config_file, RunOptions(corpus=_corpus(**corpus), baseline=baseline_file), False, None)
    dropped = run.prune_baseline()
    click.echo(f"Pruned {dropped} findings from {visible_path(str(baseline_file))}.")


@main.command("report")
@click.argument("report_file", metavar="REPORT", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-f", "--format", "output_format", type=click.Choice(sorted(REPORTERS)), default="html",
              show_default=True, help="The format to render the saved report in.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the report to FILE instead of standard output.")
def render_report(report_file: Path, output_format: str, output: Path | None) -> None:
    """Render REPORT, a report saved with -f json or -f jsonl, in another format without linting
    again: `wikilint report run.jsonl -f html -o audit.html`. Source excerpts come back for the
    files still as they were. Exit 0 when rendered; 2 when REPORT is not a whole json or jsonl report."""
    try:
        saved = open_saved_report(report_file)
        rules = list(load_registry())
    except (SavedReportError, *RUN_ERRORS) as error:
        raise _Fatal(str(error)) from error
    summary = Summary()
    with _report_stream(output) as stream:
        reporter = make_reporter(output_format, stream, rules=rules, version=saved.tool_version or None)
        try:
            for result in with_excerpts(saved.results()):
                summary.add(result)
                reporter.add(result)
            saved.finish(summary)
        except SavedReportError as error:
            raise _Fatal(str(error)) from error
        reporter.finish(summary)


@main.command("clean")
@click.option("--cache-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="A cache folder given to `check --cache-dir`, removed as well.")
@click.option("--config", "config_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="The configuration whose folder holds the default cache.  [default: the nearest one]")
def clean(cache_dir: Path | None, config_file: Path | None) -> None:
    """Remove the cache: .wikilint_cache beside the configuration (or here), and --cache-dir."""
    try:
        settings = load_settings(config_file) if config_file else discover_settings(["."])
    except RUN_ERRORS as error:
        raise _Fatal(str(error)) from error
    folders = dict.fromkeys(os.path.abspath(folder) for folder in (settings.root / CACHE_FOLDER, cache_dir) if folder)
    try:
        removed = remove_caches(Path(folder) for folder in folders)
    except CacheError as error:
        raise _Fatal(str(error)) from error
    except OSError as error:
        raise _Fatal(f"cannot remove {error.filename or 'the cache'}: {error.strerror or error}") from error
    for folder, existed in removed:
        shown = visible_path(str(folder))
        click.echo(f"Removed the cache {shown}." if existed else f"No cache at {shown}.")


@main.command("rules")
@click.option("-f", "--format", "output_format", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
def list_rules(output_format: str) -> None:
    """List every registered rule."""
    try:
        registry = load_registry()
    except RUN_ERRORS as error:
        raise _Fatal(str(error)) from error
    rows: list[dict[str, Any]] = [
        {
            "code": rule.code,
            "name": rule.name,
            "dialects": sorted(dialect.value for dialect in rule.dialects),
            "default": rule.default_enabled,
            "severity": rule.severity.value,
            "fixable": rule.fixable,
            "summary": rule.summary(),
        }
        for rule in registry
    ]
    if output_format == "json":
        import json

        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    click.echo(f"{'code':<7} {'name':<30} {'severity':<8} {'on':<4} {'fix':<4} {'dialects':<19} summary")
    for row in rows:
        state = "on" if row["default"] else "off"
        dialects = ",".join(row["dialects"])
        fixable = "fix" if row["fixable"] else "-"
        columns = f"{row['code']:<7} {row['name']:<30} {row['severity']:<8} {state:<4} {fixable:<4} {dialects:<19}"
        click.echo(f"{columns} {row['summary']}")


@main.command("rule")
@click.argument("code_or_name")
def show_rule(code_or_name: str) -> None:
    """Print the documentation of one rule."""
    try:
        rule = load_registry().get(code_or_name)
    except RUN_ERRORS as error:
        raise _Fatal(str(error)) from error
    if rule is None:
        raise _Fatal(f"no rule has the code or name {code_or_name!r}; `wikilint rules` lists them")
    click.echo(rule_help(rule))


@main.command("server")
@click.option("--max-workers", type=click.IntRange(1, 64), default=MAX_SERVER_WORKERS, show_default=True,
              help="Worker processes that lint open documents at most.")
def server_command(max_workers: int) -> None:
    """Speak the Language Server Protocol on stdin and stdout, for editors."""
    try:
        from wikilint.server.app import serve
    except ImportError as error:  # pragma: no cover - pygls is a dependency
        raise _Fatal(f"the language server needs pygls and lsprotocol: {error}") from error
    try:
        serve(max_workers)
    except RUN_ERRORS as error:
        raise _Fatal(str(error)) from error


class _Fatal(click.ClickException):
    """A usage or configuration error: message on stderr, exit 2."""

    exit_code = EXIT_ERROR

    def show(self, file: Any = None) -> None:
        click.echo(f"wikilint: error: {visible(self.format_message())}", err=True)  # it may quote a path
