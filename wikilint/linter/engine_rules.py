"""WL: problems of the linting itself, which the engine emits; they have no ``check`` logic.

They are rules only so that they are documented, listed and configured like every other
(``wikilint rule WL001``, SARIF's rule table); they live in the engine because the engine,
not a plugin, decides when they happen. Each says whether it can be switched off
(``always_on``) and hidden by a suppression comment (``suppressible``).
"""

from __future__ import annotations

from collections.abc import Iterator

from wikilint.linter.document import Dialect, Document
from wikilint.linter.finding import Diagnostic, Severity
from wikilint.linter.rule import Rule


class _EngineRule(Rule):
    #: An unchecked input is never silent: these cannot be deselected or suppressed.
    always_on = True
    suppressible = False
    dialects = frozenset(Dialect)

    def check(self, document: Document) -> Iterator[Diagnostic]:
        return iter(())


class UnreadableFile(_EngineRule):
    """## What it does
    Reports an input that could not be read or decoded as UTF-8: a missing permission, a
    directory loop, a path that is not a regular file (a FIFO or a device, never opened),
    binary content, bytes that are not UTF-8.

    ## Why is this bad?
    Nothing in the file was checked. A linter that skipped it silently would pass a gate it
    never looked at, so the file is listed in the report with the reason and the run fails.

    ## Example
    A file saved as GBK instead of UTF-8:
    ```text
    seeds/a.txt:1:1: WL001 cannot decode as UTF-8: invalid start byte 0xb3 at byte 0
    ```

    ## Use instead
    Convert the file to UTF-8 (`iconv -f GBK -t UTF-8`).
    """

    code = "WL001"
    name = "unreadable-file"
    severity = Severity.ERROR


class InternalError(_EngineRule):
    """## What it does
    Reports a front end or a rule that failed on this document, naming which one; the other
    rules still run and the other files are still linted.

    ## Why is this bad?
    Part of the document went unchecked. mwparserfromhell gives up on some real pages
    (`ParserError`), and any rule can meet input its author did not foresee; the failure is
    a finding rather than a traceback that would stop a corpus run or a CI gate.

    ## Example
    ```text
    a.wiki:1:1: WL004 rule LNK001 (mixed-link-style) failed: IndexError: list index out of range
    ```

    ## Use instead
    Report the failure with the article attached; meanwhile the rest of the report stands.
    """

    code = "WL004"
    name = "internal-error"
    severity = Severity.ERROR




class UnusedSuppression(_EngineRule):
    """## What it does
    Reports a `<!-- wikilint-disable… -->` comment that suppresses no finding.

    ## Why is this bad?
    A stale suppression hides the next real problem on its lines, and tells readers a
    problem exists that does not.

    ## Example
    ```markdown
    <!-- wikilint-disable-next-line REF001 -->
    平壤是朝鮮的首都。
    ```

    ## Use instead
    Remove the comment.
    """

    code = "WL002"
    always_on = False
    name = "unused-suppression"


class UnknownSuppressionCode(_EngineRule):
    """## What it does
    Reports a code or name in a `<!-- wikilint-… -->` comment that matches no rule.

    ## Why is this bad?
    The comment suppresses nothing, usually because of a typo (`REF01`), so the finding it
    was meant for still fails the gate.

    ## Example
    ```markdown
    <!-- wikilint-disable-line empty-refrence -->
    ```

    ## Use instead
    ```markdown
    <!-- wikilint-disable-line empty-reference -->
    ```
    """

    code = "WL003"
    always_on = False
    name = "unknown-suppression-code"



class FileTooLarge(_EngineRule):
    """## What it does
    Reports a document (a file, standard input, a page of a dump, a line of a JSONL corpus)
    larger than the `max-file-size` setting (default 20 MB); it is not read whole, nor parsed.

    ## Why is this bad?
    No real article is that large (the largest Wikipedia articles are under 1 MB of
    wikitext); such a file is usually a dump, a log or generated data linted by mistake,
    and parsing it would hold up the whole run.

    ## Example
    ```text
    big.wiki:1:1: WL005 file is 52.4 MB, over max-file-size (20.0 MB); not linted
    ```

    ## Use instead
    Lint dumps as dumps (`wikilint dump.xml.bz2`), or raise `max-file-size`.
    """

    code = "WL005"
    suppressible = True
    name = "file-too-large"
    severity = Severity.ERROR


class Timeout(_EngineRule):
    """## What it does
    Reports a document whose linting took longer than the `timeout` setting (default 60
    seconds); its findings are dropped and the run goes on with the next document.

    ## Why is this bad?
    Some inputs make parsers slow beyond reason (mwparserfromhell takes minutes on
    thousands of unclosed tags). One such page must not stall a corpus run or a CI gate.

    ## Example
    ```text
    hostile.wiki:1:1: WL006 linting took longer than 60 s; stopped
    ```

    ## Use instead
    Look at the page: it is usually broken markup; or raise `timeout`.
    """

    code = "WL006"
    suppressible = True
    name = "timeout"
    severity = Severity.ERROR


class FixNotWritten(_EngineRule):
    """## What it does
    Reports a file `--fix` left as it was, and why: you may not write it (it is read-only,
    or another user's), it is a symbolic link that leads out of the linted folders, it
    changed while its fixes were computed, or writing it failed. The file's findings are
    reported as if no fix had been applied.

    ## Why is this bad?
    The fixes you asked for were not made. Rewriting such a file anyway would change a file
    its owner protected, reach outside the folders you named, or throw away the edit made
    meanwhile.

    ## Example
    ```text
    a.md:1:1: WL007 fix not written: the file changed while it was being fixed; run again
    ```

    ## Use instead
    Run `--fix` again once nothing else edits the file, or fix it as a user who may write it.
    """

    code = "WL007"
    name = "fix-not-written"
    severity = Severity.ERROR


class PageUnavailable(_EngineRule):
    """## What it does
    Reports a page of a live wiki that could not be linted, and why: a missing, deleted or
    invalid title, a redirect, a hidden revision, content that is not wikitext, or a wiki that
    stopped answering (the findings on the pages fetched before stay in the report).

    ## Why is this bad?
    Nothing of the page was checked. An audit that skipped it silently would pass a page it
    never saw, so the page is listed with the reason and the run fails.

    ## Example
    ```text
    zh.wikipedia.org#古巴与朝鲜关系:1:1: WL008 the page is a redirect to 古巴與朝鮮關係; not linted
    127.0.0.1:8080#平壤:1:1: WL008 not fetched: the wiki stopped answering (ConnectionError)
    ```

    ## Use instead
    Correct the title, lint the redirect's target, or run again once the wiki answers.
    """

    code = "WL008"
    name = "page-unavailable"
    severity = Severity.ERROR


ENGINE_RULES = (
    UnreadableFile, UnusedSuppression, UnknownSuppressionCode, InternalError, FileTooLarge, Timeout, FixNotWritten,
    PageUnavailable,
)
