"""A per-document census of citations, for reporters and corpus audits.

It answers questions such as "how many articles have no usable reference at all" without
a rule: the numbers come straight from the document model.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from wikilint.linter.document import Document


@dataclass(frozen=True)
class CitationSummary:
    markers: int
    entries: int
    empty_entries: int
    #: Distinct ref names (wikitext's ``<ref name>``; a Markdown article has none).
    named_refs: int
    has_reference_list: bool
    #: ``{{cite …}}`` and ``{{citation}}`` templates by kind, e.g. ``{"cite web": 3}``.
    cite_templates: dict[str, int] = field(default_factory=dict)

    @property
    def usable_entries(self) -> int:
        return self.entries - self.empty_entries

    def to_dict(self) -> dict[str, Any]:
        return {
            "markers": self.markers,
            "entries": self.entries,
            "empty_entries": self.empty_entries,
            "usable_entries": self.usable_entries,
            "named_refs": self.named_refs,
            "has_reference_list": self.has_reference_list,
            "cite_templates": dict(sorted(self.cite_templates.items())),
        }


def summarize_citations(document: Document) -> CitationSummary:
    names = {(entry.group, entry.name) for entry in document.entries if entry.name}
    names |= {(marker.group, marker.name) for marker in document.markers if marker.name}
    kinds: Counter[str] = Counter()
    for template in document.templates:
        kind = " ".join(template.name.replace("_", " ").lower().split())
        if kind.startswith("cite ") or kind == "citation":
            kinds[kind] += 1
    return CitationSummary(
        markers=len(document.markers),
        entries=len(document.entries),
        empty_entries=sum(1 for entry in document.entries if entry.is_empty),
        named_refs=len(names),
        has_reference_list=bool(document.reference_lists),
        cite_templates=dict(kinds),
    )
