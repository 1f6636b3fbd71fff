"""Admin-typed Markdown must never carry script onto a page."""

import pytest

from causes.markdown import render_markdown

HOSTILE = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    '<img src=x onerror="alert(1)">',
    "<svg/onload=alert(1)>",
    '<a href="javascript:alert(1)">click</a>',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '<iframe src="https://evil.example"></iframe>',
    '<p style="background:url(javascript:alert(1))">x</p>',
    '<div onclick="alert(1)">x</div>',
    "<body onload=alert(1)>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>",
    "<object data=javascript:alert(1)></object>",
    '<form action="javascript:alert(1)"><button>x</button></form>',
    '![x](x" onerror="alert(1))',
    "<a href='&#106;avascript:alert(1)'>x</a>",
    '<a href="vbscript:msgbox(1)">x</a>',
    "<details open ontoggle=alert(1)>",
    '<input autofocus onfocus="alert(1)">',
]


@pytest.mark.parametrize("payload", HOSTILE)
def test_hostile_markdown_is_defused(payload):
    html = render_markdown(payload).lower()
    for danger in (
        "<script",
        "javascript:",
        "vbscript:",
        "data:text",
        "onerror",
        "onload",
        "onclick",
        "onfocus",
        "ontoggle",
        "<iframe",
        "<object",
        "<svg",
        "<form",
        "<input",
        "style=",
    ):
        assert danger not in html, (payload, html)


def test_ordinary_markdown_is_kept():
    html = render_markdown("Some **bold** text and a [link](/causes/stroke/).\n\n- one\n- two")
    assert "<strong>bold</strong>" in html
    assert '<a href="/causes/stroke/" rel="noopener noreferrer">link</a>' in html
    assert "<li>one</li>" in html


def test_empty_text_renders_nothing():
    assert render_markdown("") == ""
