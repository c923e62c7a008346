"""Holes in kept fragments (committed.render.stitch): what ``cut`` takes out, ``stitch`` puts back
in the same places, whatever the marks' order, repeats and positions (first, last, side by side)."""

from __future__ import annotations

import pytest

from committed.render.stitch import cut, stitch

MARKS = ("<a/>", "<b/>")


@pytest.mark.parametrize("text", ["", "plain\ntext", "<a/>", "<a/><b/>", "x<b/>y\n<a/>z<a/>", "\n<b/>\n", "<a/>end\n"])
def test_stitch_puts_back_what_cut_took_out(text: str) -> None:
    values = ("2026-01-02", "<svg>\n</svg>")
    assert stitch(cut(text, MARKS), values) == text.replace("<a/>", values[0]).replace("<b/>", values[1])
