"""Blocks inside blocks, rendered: nothing is lost, nothing is invented."""

from __future__ import annotations

from markupsafe import escape

from generator.load import parse_source
from generator.parse import parse
from generator.render.flow import Flow
from generator.render.html import Picture

TEXT = """---
title: T
---

![a pill](pill) Take it.

- Step one
- ## Bring this
  ![a card](card) Your card.

> Ask us.
>
> ---
>
> We can help.
"""


def rendered(picture) -> list[str]:
    document = parse(parse_source(TEXT, "x.md", "booklet"))
    flow = Flow(text=lambda block: escape(block.text), picture=picture)
    return [str(flow.block(block)) for block in document.blocks]


def test_a_heading_in_a_list_is_bold_words_and_a_rule_in_a_quote_prints_nothing() -> None:
    assert rendered(lambda cue: None) == [
        "<p>Take it.</p>",  # a picture that cannot be found is left out here; the checker reports it
        "<ul><li>Step one</li><li><p><strong>Bring this</strong></p><p>Your card.</p></li></ul>",
        '<blockquote class="quote-box"><p>Ask us.</p><p>We can help.</p></blockquote>',
    ]


def test_a_picture_in_a_list_is_drawn_small_left_of_its_words() -> None:
    def picture(cue):
        return Picture(src=f"/icons/{cue.target}.svg", alt=cue.alt, decorative=cue.target == "pill", name=cue.target)

    html = rendered(picture)
    assert html[0] == '<p><img class="flow-picture" src="/icons/pill.svg" alt="a pill" role="presentation">Take it.</p>'
    assert '<p><img class="flow-picture" src="/icons/card.svg" alt="a card">Your card.</p>' in html[1]
