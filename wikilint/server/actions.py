"""Code actions: each fix as a quick fix, a suppression comment per finding, and fix-all.

Edits are computed on the text the findings came from; the server offers them only while
the document is still at that version.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from lsprotocol import types

from wikilint.linter.finding import Applicability, Finding
from wikilint.linter.registry import Registry
from wikilint.server.diagnostics import offsets, to_range
from wikilint.server.positions import LineMap

#: The kind an editor's "fix all on save" asks for (``editor.codeActionsOnSave``).
FIX_ALL_KIND = "source.fixAll.wikilint"


@dataclass(frozen=True)
class Target:
    """The document an action edits: its URI, the version its edits were computed on, and
    whether the client takes versioned edits (``documentChanges``), which it refuses to apply
    to a document that has changed since."""

    uri: str
    version: int | None
    versioned: bool = False


def _edit(target: Target, edits: list[types.TextEdit]) -> types.WorkspaceEdit:
    if target.versioned:
        document = types.OptionalVersionedTextDocumentIdentifier(uri=target.uri, version=target.version)
        return types.WorkspaceEdit(document_changes=[types.TextDocumentEdit(document, list(edits))])
    return types.WorkspaceEdit(changes={target.uri: edits})


def quick_fixes(
    target: Target,
    lines: LineMap,
    chosen: Iterable[tuple[Finding, types.Diagnostic]],
    encoding: str,
    unsafe: bool,
    registry: Registry,
) -> list[types.CodeAction]:
    """For each finding: its fix (unsafe ones only when allowed), and a comment disabling its rule on its line."""
    actions: list[types.CodeAction] = []
    disabling: dict[tuple[str, int], types.CodeAction] = {}
    for finding, diagnostic in chosen:
        fix = finding.fix
        if fix is not None and fix.edits and (fix.applicability is Applicability.SAFE or unsafe):
            safe = fix.applicability is Applicability.SAFE
            title = fix.message or f"Fix {finding.code}"
            actions.append(types.CodeAction(
                title=f"{title} ({finding.code})" if safe else f"{title} ({finding.code}, unsafe)",
                kind=types.CodeActionKind.QuickFix,
                diagnostics=[diagnostic],
                is_preferred=safe,
                edit=_edit(target, [
                    types.TextEdit(to_range(lines, edit.start, edit.end, encoding), edit.content) for edit in fix.edits
                ]),
            ))
        rule = registry.get(finding.code)
        if rule is not None and rule.suppressible and (finding.code, finding.line) not in disabling:
            disabling[finding.code, finding.line] = disable_for_line(target, lines, finding, diagnostic, encoding)
    return actions + list(disabling.values())


def disable_for_line(
    target: Target, lines: LineMap, finding: Finding, diagnostic: types.Diagnostic, encoding: str
) -> types.CodeAction:
    """Put ``<!-- wikilint-disable-next-line CODE -->`` on a line of its own above the finding's.

    Not ``disable-line`` at the end of the line: there a comment can change what the line
    means (an empty reference entry ``1.`` followed by a comment is no longer empty).
    """
    line = lines.position(offsets(finding, lines)[0], encoding)[0]
    start, end = lines.line_bounds(line)
    ending = lines.text[start + len(lines.line_text(line)) : end] or "\n"
    comment = f"<!-- wikilint-disable-next-line {finding.code} -->{ending}"
    at = types.Position(line, 0)
    return types.CodeAction(
        title=f"Disable {finding.code} for this line",
        kind=types.CodeActionKind.QuickFix,
        diagnostics=[diagnostic],
        edit=_edit(target, [types.TextEdit(types.Range(at, at), comment)]),
    )


def fix_all(target: Target, old: str, new: str, encoding: str) -> types.WorkspaceEdit:
    """One edit that turns ``old`` into ``new``: the span between their common prefix and suffix."""
    prefix = 0
    limit = min(len(old), len(new))
    while prefix < limit and old[prefix] == new[prefix]:
        prefix += 1
    suffix = 0
    while suffix < limit - prefix and old[len(old) - 1 - suffix] == new[len(new) - 1 - suffix]:
        suffix += 1
    lines = LineMap(old)
    replaced = to_range(lines, prefix, len(old) - suffix, encoding)
    return _edit(target, [types.TextEdit(replaced, new[prefix : len(new) - suffix])])


def fix_all_action(uri: str, version: int | None) -> types.CodeAction:
    """The fix-all action before its edit is computed (``codeAction/resolve`` fills it in)."""
    return types.CodeAction(
        title="wikilint: fix all safe problems",
        kind=FIX_ALL_KIND,
        data={"uri": uri, "version": version},
    )
