"""`{% coverage_cell cell label suppress_small %}`: one cell of the coverage tables.

The coverage page has up to 60 cells; rendered through an included template each cost more than
the page's queries (issue 14), so the cell is built here, with the same markup and escaping.
Only presentation: the states, shares and deadlines come from encounters.rules.
"""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from encounters.rules import CoverageCell, Share, State

register = template.Library()


def _count(share: Share, suppress_small: bool) -> str:
    if suppress_small and share.is_small:
        return "c"
    return f"{share.met} of {share.total}"


@register.simple_tag
def coverage_cell(cell: CoverageCell, label: str = "", suppress_small: bool = False) -> SafeString:
    share, judgement = cell.share, cell.judgement
    if suppress_small and share.is_small:
        return mark_safe('<span title="Fewer than 6 learners">c</span>\n')
    if judgement is None:
        return mark_safe('<span class="status status-grey">No learners</span>\n')
    on_the_way = judgement.state == State.ON_THE_WAY
    parts = [
        format_html('<span class="{}">{}</span>', judgement.css, judgement.label),
        format_html(
            '\n<br><span class="small">{}%{}, {} of {}</span>\n',
            share.percent,
            " so far" if on_the_way else "",
            share.met,
            share.total,
        ),
    ]
    if on_the_way:
        parts.append(
            format_html(
                '<progress class="coverage-progress" max="100" value="{}" aria-label="BM{}{}: {}%'
                ' so far"></progress><span class="small">Due {}</span>',
                share.percent,
                cell.number,
                f", {label}" if label else "",
                share.percent,
                judgement.deadline.words,
            )
        )
    parts.append("\n")
    if cell.is_mixed:
        parts.append(
            format_html(
                '<br><span class="small">Due this year: {}; on the way: {}</span>',
                _count(cell.due, suppress_small),
                _count(cell.later, suppress_small),
            )
        )
    parts.append("\n")
    return mark_safe("".join(str(part) for part in parts))  # each part is escaped above
