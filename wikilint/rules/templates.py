"""TPL: template rules."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import ClassVar

from wikilint.linter.document import Dialect, Document
from wikilint.linter.finding import Diagnostic
from wikilint.linter.rule import Option, Rule


def template_key(name: str) -> str:
    """Template names compare like page titles: `_` is a space, the first letter is caseless."""
    name = " ".join(name.replace("_", " ").split())
    return name[:1].upper() + name[1:]


class StrayTemplate(Rule):
    """## What it does
    Flags a `{{…}}` template left in converted Markdown, where no template can work, and in
    wikitext the templates named in the `stray-templates` option (by default `{{-}}`).

    ## Why is this bad?
    The converter does not expand templates, so whatever it leaves is raw markup that shows
    as literal braces to a reader. In wikitext, `{{-}}` (a clear-floats break) is a layout
    hack that editors remove in favour of `{{clear}}` or no break at all.

    ## Example
    ```markdown
    ## 參考文獻

    {{-}}
    ```

    ## Use instead
    ```markdown
    ## 參考文獻
    ```

    ## Options
    - `stray-templates` (wikitext only): names of templates to flag; default `["-"]`.
    """

    code = "TPL001"
    name = "stray-template"
    options: ClassVar[Mapping[str, Option]] = {
        "stray-templates": Option(["-"], "wikitext templates to flag, by name"),
    }

    def check(self, document: Document) -> Iterator[Diagnostic]:
        if document.dialect is Dialect.MARKDOWN:
            for template in document.templates:
                yield Diagnostic(template.span, f"template {{{{{template.name}}}}} left by the conversion")
            return
        stray = {template_key(name) for name in self.settings["stray-templates"]}
        for template in document.templates:
            if template_key(template.name) in stray:
                yield Diagnostic(template.span, f"stray template {{{{{template.name}}}}}")


RULES = (StrayTemplate,)
