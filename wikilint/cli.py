"""The ``wikilint`` command: a thin click layer over :mod:`wikilint.api`.

Exit codes: 0 no findings; 1 findings (an unreadable input is a finding too); 2 a usage or
configuration error, with the reason on stderr.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from wikilint import __version__
from wikilint.linter.config import DIALECTS, ConfigError, Settings, discover_settings, load_settings
from wikilint.linter.registry import RegistryError, load_registry
from wikilint.linter.report import FORMATS
from wikilint.linter.runner import Linter, Report
from wikilint.linter.sources import UsageError, collect_sources

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class _DefaultToCheck(click.Group):
    """``wikilint PATHS…`` means ``wikilint check PATHS…``, as in ruff's early releases."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if not args or (args[0] not in self.commands and args[0] not in ("--help", "-h", "--version")):
            args = ["check", *args]
        return super().parse_args(ctx, args)


def _codes(values: tuple[str, ...]) -> tuple[str, ...] | None:
    """``--select A,B --select C`` → ``("A", "B", "C")``; None when the option was not given."""
    if not values:
        return None
    return tuple(code.strip() for value in values for code in value.split(",") if code.strip())


@click.group(cls=_DefaultToCheck, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="wikilint")
def main() -> None:
    """Lint wiki articles: wikitext and Wikipedia articles converted to Markdown."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@click.option("-f", "--format", "output_format", type=click.Choice(sorted(FORMATS)), default="text",
              show_default=True, help="Report format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True, path_type=Path),
              help="Write the report to FILE instead of standard output.")
@click.option("--select", multiple=True, metavar="CODES",
              help="Rules to enable: codes, prefixes or names, comma-separated (replaces the config's).")
@click.option("--ignore", multiple=True, metavar="CODES",
              help="Rules to disable: codes, prefixes or names, comma-separated (replaces the config's).")
@click.option("--dialect", type=click.Choice(DIALECTS), default=None,
              help="Read every input as this dialect instead of detecting it.  [default: auto]")
@click.option("--config", "config_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Use this pyproject.toml or wikilint.toml instead of the nearest one.")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings.")
@click.option("--statistics", is_flag=True, help="Print the number of findings per rule instead of each finding.")
def check(
    paths: tuple[str, ...],
    output_format: str,
    output: Path | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    dialect: str | None,
    config_file: Path | None,
    exit_zero: bool,
    statistics: bool,
) -> None:
    """Lint PATHS (files, folders, or - for standard input; default: the current folder)."""
    targets = list(paths) or ["."]
    try:
        settings = load_settings(config_file) if config_file else discover_settings(targets)
        settings = settings.override(select=_codes(select), ignore=_codes(ignore), dialect=dialect)
        report = _run(targets, settings)
    except (ConfigError, UsageError, RegistryError) as error:
        raise _Fatal(str(error)) from error
    rendered = _statistics(report) if statistics and output_format == "text" else FORMATS[output_format](report)
    _emit(rendered, output)
    if report.findings and not exit_zero:
        sys.exit(EXIT_FINDINGS)


def _run(targets: list[str], settings: Settings) -> Report:
    linter = Linter(settings, load_registry())
    return linter.lint_sources(collect_sources(targets, settings))


def _statistics(report: Report) -> str:
    counts: dict[tuple[str, str], int] = {}
    for finding in report.findings:
        counts[(finding.code, finding.rule)] = counts.get((finding.code, finding.rule), 0) + 1
    width = max((len(str(count)) for count in counts.values()), default=1)
    lines = [f"{count:>{width}}\t{code}\t{name}" for (code, name), count in sorted(counts.items())]
    from wikilint.linter.report.text_report import summary_line

    lines.append(summary_line(report))
    return "\n".join(lines) + "\n"


def _emit(rendered: str, output: Path | None) -> None:
    if output is None:
        click.echo(rendered, nl=False)
        return
    try:
        output.write_text(rendered, encoding="utf-8")
    except OSError as error:
        raise _Fatal(f"cannot write {output}: {error.strerror or error}") from error


@main.command("rules")
@click.option("-f", "--format", "output_format", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
def list_rules(output_format: str) -> None:
    """List every registered rule."""
    try:
        registry = load_registry()
    except RegistryError as error:
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
    rule = load_registry().get(code_or_name)
    if rule is None:
        raise _Fatal(f"no rule has the code or name {code_or_name!r}; `wikilint rules` lists them")
    click.echo(f"# {rule.name} ({rule.code})\n")
    click.echo(f"Severity: {rule.severity.value}. Dialects: {', '.join(sorted(d.value for d in rule.dialects))}.\n")
    click.echo(rule.documentation())
    if rule.options and "## Options" not in rule.documentation():
        click.echo("\n## Options")
        for key, option in rule.options.items():
            click.echo(f"- `{key}`: {option.description}; default {option.default!r}")


class _Fatal(click.ClickException):
    """A usage or configuration error: message on stderr, exit 2."""

    exit_code = EXIT_ERROR

    def show(self, file: Any = None) -> None:
        click.echo(f"wikilint: error: {self.format_message()}", err=True)
