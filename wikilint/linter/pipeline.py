"""One run, whatever it does: lint, fix, show a diff, record or prune a baseline.

The CLI and the Python API both go through :class:`Run`, so every kind of run reads the
same sources with the same corpus options, executors, cache, time budget and baseline. A
run never prints and never picks an output format; it yields results for a reporter.
"""

from __future__ import annotations

import itertools
import os
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from wikilint.linter.baseline import Baseline, BaselineError, load_baseline
from wikilint.linter.config import ConfigError, Settings
from wikilint.linter.corpora import CorpusOptions, DocumentSource, Input
from wikilint.linter.executors import default_jobs, run
from wikilint.linter.fixer import FixError, FixOutcome, fix_text
from wikilint.linter.registry import RegistryError
from wikilint.linter.results import FileResult, internal_error_result, not_written
from wikilint.linter.rule import Rule
from wikilint.linter.runner import Linter
from wikilint.linter.sources import (
    Source,
    SourceError,
    UsageError,
    collect_sources,
    decode_with_encoding,
    iter_inputs,
    read_bytes,
    read_source,
)
from wikilint.linter.titles import SiteKnowledge
from wikilint.linter.writeback import NotWritten, Snapshot, Tree, write_back

#: What stops a run before it starts: a bad configuration, path, plugin or baseline (exit 2).
RUN_ERRORS = (ConfigError, UsageError, RegistryError, BaselineError)

#: Up to this many plain files, a run stays in-process: a worker pool costs more than it saves.
IN_PROCESS_UP_TO = 8


@dataclass(frozen=True)
class RunOptions:
    """How to run, as opposed to what to check (that is :class:`Settings`)."""

    #: Worker processes; None: in this process for a few files, else one per core.
    jobs: int | None = None
    executor: str = "local"
    scheduler: str | None = None
    corpus: CorpusOptions = field(default_factory=CorpusOptions)
    #: Where cached results live; None: no cache.
    cache_dir: Path | None = None
    #: A baseline to filter findings through; None: the configured one, if any.
    baseline: Path | None = None
    #: Load the baseline (``baseline create`` writes one instead).
    use_baseline: bool = True
    #: The path standard input stands for (``--stdin-filename``).
    stdin_filename: str | None = None


@dataclass
class FixedFile:
    """A file after fixing: its text before and after, and what is left to report."""

    path: str
    before: str
    after: str
    fixed: int
    result: FileResult
    encoding: str = "utf-8"
    bom: bytes = b""
    #: How many findings of each code the fixes removed.
    codes: Counter[str] = field(default_factory=Counter)

    #: Read from standard input: the fixed text goes to standard output, no file is written.
    stdin: bool = False
    #: The file as it was just before it was read: it is written back only if still so.
    snapshot: Snapshot | None = None
    #: A page of a live wiki: only ever shown as a diff, never written anywhere.
    live: bool = False

    @property
    def changed(self) -> bool:
        return self.after != self.before


class Run:
    """The inputs of one run and the engine that checks them; validated when made."""

    def __init__(self, targets: Sequence[str], settings: Settings, options: RunOptions | None = None,
                 documents: DocumentSource | None = None) -> None:
        self.settings = settings
        #: Documents from elsewhere than the paths (pages of a live wiki), linted after them.
        self.documents = documents
        self.options = options or RunOptions()
        self.linter = Linter(settings)  # rejects a bad configuration before any work starts
        self.targets = list(targets)
        self.sources = collect_sources(targets, settings)
        #: The folders linted: a fix never reads or writes through a symbolic link out of them.
        self.tree = Tree(self.targets)
        self.baseline_path = self.options.baseline or settings.baseline
        self.baseline: Baseline | None = None
        if self.options.use_baseline and self.baseline_path:
            self.baseline = load_baseline(self.baseline_path, settings.max_file_size)
        #: Documents left out on purpose (dump redirects, other namespaces), filled while linting.
        self.skipped: Counter[str] = Counter()

    @property
    def rules(self) -> list[type[Rule]]:
        return [type(rule) for rule in self.linter.rules]

    @property
    def streams(self) -> bool:
        """Whether an input is a dump or corpus, whose document count is known only at the end."""
        return self.documents is not None or any(source.is_container for source in self.sources)

    @property
    def document_count(self) -> int | None:
        return None if self.streams else len(self.sources)

    def lint(self, apply_baseline: bool = True) -> Iterator[FileResult]:
        """Every input's result, in input order; what the baseline absorbs is taken out."""
        small = len(self.sources) <= IN_PROCESS_UP_TO and not self.streams
        results = run(
            self._inputs(),
            self.settings,
            jobs=self.options.jobs or (1 if small else default_jobs()),
            executor=self.options.executor,
            scheduler=self.options.scheduler,
            cache_dir=self.options.cache_dir,
        )
        if apply_baseline and self.baseline is not None:
            return (self.baseline.filter(result) for result in results)
        return results

    def _inputs(self) -> Iterator[Input]:
        inputs = iter_inputs(self.sources, self.options.corpus, self.skipped, self.options.stdin_filename)
        if self.documents is None:
            return inputs
        return itertools.chain(inputs, self.documents.inputs(self.skipped, self.options.cache_dir))

    def fix(self, unsafe: bool = False, diff_only: bool = False) -> Iterator[FixedFile]:
        """Fix each file in memory, one at a time; :meth:`write` puts a changed one back.

        Pages of a live wiki are only ever shown as a diff (``diff_only``): wikilint never
        edits a wiki, and asking it to is a usage error raised before any page is fetched.
        """
        if self.documents is not None and not diff_only:
            raise UsageError("--fix never edits a wiki: use --diff to see what it would change in live pages, "
                             "and make the edits on the wiki yourself")
        if any(source.is_container for source in self.sources):
            raise UsageError("--fix and --diff work on files and standard input, not on dumps or JSONL corpora")
        if any(source.is_stdin for source in self.sources) and len(self.sources) > 1:
            raise UsageError("--fix with standard input (-) takes no other path: the fixed text goes to stdout")
        for source in self.sources:
            if source.is_stdin:
                yield self._fix_stdin(source, unsafe)
                continue
            try:
                snapshot = Snapshot.take(self.tree.resolve(source.path))
            except NotWritten as outside:
                finding = not_written(source.path, str(outside))
                yield FixedFile(source.path, "", "", 0, FileResult(source.path, None, [finding], error=str(outside)))
                continue
            try:
                text, encoding, bom = decode_with_encoding(read_bytes(source))
            except SourceError as error:
                result = self.linter.lint_input(Input(source.path, error=str(error)))
                yield FixedFile(source.path, "", "", 0, self._filtered(result))
                continue
            outcome = self._fix_text(text, source.path, unsafe)
            yield FixedFile(source.path, text, outcome.text, outcome.fixed, self._filtered(outcome.result),
                            encoding, bom, outcome.codes, snapshot=snapshot)
        if self.documents is not None:
            yield from self._fix_documents(self.documents, unsafe)

    def _fix_documents(self, documents: DocumentSource, unsafe: bool) -> Iterator[FixedFile]:
        """What fixing each live page would change, in memory only."""
        for item in documents.inputs(self.skipped, self.options.cache_dir):
            if item.text is None:
                yield FixedFile(item.path, "", "", 0, self._filtered(self.linter.lint_input(item)), live=True)
                continue
            outcome = self._fix_text(item.text, item.path, unsafe, item.dialect, item.site)
            outcome.result.revision = item.revision
            outcome.result.contained = True
            yield FixedFile(item.path, item.text, outcome.text, outcome.fixed, self._filtered(outcome.result),
                            codes=outcome.codes, live=True)

    def _fix_stdin(self, source: Source, unsafe: bool) -> FixedFile:
        name = self.options.stdin_filename or source.path
        try:
            text = read_source(source)
        except SourceError as error:
            return FixedFile(name, "", "", 0, self.linter.lint_input(Input(name, error=str(error))), stdin=True)
        outcome = self._fix_text(text, name, unsafe)
        return FixedFile(name, text, outcome.text, outcome.fixed, outcome.result, codes=outcome.codes, stdin=True)

    def _fix_text(
        self, text: str, path: str, unsafe: bool, dialect: str | None = None, site: SiteKnowledge | None = None
    ) -> FixOutcome:
        """The fixed text, or, when the fixes do not converge, the text as it was with its
        findings and a WL004 saying so. ``dialect``: the one the input implies (a wiki page
        is wikitext), unless the settings name one."""
        if self.settings.dialect != "auto" or dialect is None:
            dialect = self.settings.dialect
        try:
            return fix_text(self.linter, text, path, dialect, unsafe, site)
        except FixError as error:
            result = self.linter.lint_text(text, path, dialect, site)
            result.findings.append(internal_error_result(path, str(error)).findings[0])
            return FixOutcome(text, 0, result)

    def write(self, fixed: FixedFile) -> bool:
        """Write a fixed file back atomically, in its own encoding, byte-order mark and line endings.

        A file that may not or must not be written (see :mod:`writeback`) is left as it is:
        then ``fixed`` is made unchanged, its result holds the findings of the unfixed text
        and a WL007 finding saying why, and this returns False. The run goes on either way.
        """
        try:
            if fixed.live:
                raise NotWritten("fix not written: wikilint never edits a wiki")
            if fixed.snapshot is None:
                raise NotWritten("fix not written: the file could not be examined before it was read")
            write_back(fixed.snapshot, fixed.bom + fixed.before.encode(fixed.encoding),
                       fixed.bom + fixed.after.encode(fixed.encoding))
        except NotWritten as reason:
            result = self._filtered(self.linter.lint_text(fixed.before, fixed.path, self.settings.dialect))
            result.findings.append(not_written(fixed.path, str(reason)))
            result.findings.sort()
            fixed.after, fixed.fixed, fixed.codes, fixed.result = fixed.before, 0, Counter(), result
            return False
        return True

    def record_baseline(self, output: Path) -> Baseline:
        """Lint and record every finding in a new baseline at ``output``."""
        baseline = Baseline(Path(os.path.abspath(output)).parent)
        for result in self.lint(apply_baseline=False):
            baseline.record(result)
        baseline.write(output)
        return baseline

    def prune_baseline(self) -> int:
        """Drop what the inputs no longer hit from the loaded baseline; how many findings went.

        Only the entries of the paths this run was given change: other files' stay as recorded.
        """
        if self.baseline is None or self.baseline_path is None:
            raise UsageError("no baseline to prune: give --baseline FILE or set baseline in the configuration")
        dropped = self.baseline.prune(self.lint(apply_baseline=False), self.targets)
        self.baseline.write(self.baseline_path)
        return dropped

    def _filtered(self, result: FileResult) -> FileResult:
        return self.baseline.filter(result) if self.baseline is not None else result
