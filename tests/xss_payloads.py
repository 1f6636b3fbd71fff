"""
Hostile content for the XSS tests: script tags, event attributes, javascript: and data: URLs,
SVG and MathML, encoded variants, Markdown tricks, attribute and element break-outs, and
mutation-XSS strings that change meaning when a browser re-parses sanitised HTML.

Every payload that could run sets `window.__xss` and calls `alert()`, so the browser test
can tell whether any of them executed.
"""

JS = "window.__xss=1;alert(1)"

PAYLOADS = [
    # Script elements, plain and disguised.
    f"<script>{JS}</script>",
    f"<ScRiPt>{JS}</sCrIpT>",
    f"<script src=data:text/javascript,{JS}></script>",
    f"<script>/*</script><script>{JS}//*/</script>",
    f"<scr<script>ipt>{JS}</scr</script>ipt>",
    f"<<script>{JS};//<</script>",
    f'<img """><script>{JS}</script>">',
    f"<template><script>{JS}</script></template>",
    f"<svg><script>{JS}</script></svg>",
    f"<svg><script href=data:,{JS} />",
    # Event-handler attributes.
    f'<img src=x onerror="{JS}">',
    f"<img src=1 onerror={JS}>",
    f"<svg onload={JS}>",
    f"<svg/onload={JS}>",
    f"<body onload={JS}>",
    f"<details open ontoggle={JS}>",
    f"<input autofocus onfocus={JS}>",
    f"<video><source onerror={JS}></video>",
    f"<audio src=x onerror={JS}>",
    f"<marquee onstart={JS}>",
    f"<x contenteditable autofocus onfocus={JS}>focus</x>",
    f"<svg><animate onbegin={JS} attributeName=x dur=1s>",
    f"<div onpointerover={JS} style=position:fixed;inset:0>cover</div>",
    f"<isindex type=image src=1 onerror={JS}>",
    # Attribute and element break-outs.
    f'"><script>{JS}</script>',
    f"'><img src=x onerror={JS}>",
    f'" onmouseover="{JS}',
    f"' onfocus='{JS}' autofocus='",
    f"</textarea><script>{JS}</script>",
    f"</title><script>{JS}</script>",
    f"</script><script>{JS}</script>",
    f"--><script>{JS}</script><!--",
    # javascript:, vbscript: and data: URLs, in HTML and in Markdown.
    f'<a href="javascript:{JS}">click</a>',
    f"[click](javascript:{JS})",
    f"[click](JaVaScRiPt:{JS})",
    f"[click](  javascript:{JS})",
    "[click](data:text/html;base64,PHNjcmlwdD53aW5kb3cuX194c3M9MTwvc2NyaXB0Pg==)",
    f'<a href="data:text/html,<script>{JS}</script>">x</a>',
    f'<a href="&#106;avascript:{JS}">x</a>',
    f'<a href="java&#x09;script:{JS}">x</a>',
    f'<a href="javascript&colon;{JS}">x</a>',
    f'<a href="\tjavascript:{JS}">x</a>',
    f"<IMG SRC=JaVaScRiPt:{JS}>",
    f"<img src=`javascript:{JS}`>",
    f'<iframe src="javascript:{JS}"></iframe>',
    f'<iframe srcdoc="<script>{JS}</script>"></iframe>',
    f'<object data="javascript:{JS}"></object>',
    f'<embed src="javascript:{JS}">',
    f'<form action="javascript:{JS}"><button>go</button></form>',
    f"<button formaction=javascript:{JS}>go</button>",
    '<a href="vbscript:msgbox(1)">x</a>',
    f'<svg><a xlink:href="javascript:{JS}"><text x="20" y="20">x</text></a></svg>',
    f'<math><a xlink:href="javascript:{JS}">x</a></math>',
    f'![x](x" onerror="{JS})',
    f'[x](https://example.com" onclick="{JS})',
    f'<https://example.com/"onmouseover="{JS}>',
    f"[x]: javascript:{JS}\n\n[link][x]",
    # Styles and page-level tricks.
    f"<div style=\"background:url('javascript:{JS}')\">x</div>",
    f"<style>@import 'javascript:{JS}';</style>",
    f'<meta http-equiv="refresh" content="0;url=javascript:{JS}">',
    '<base href="javascript:window.__xss=1//">',
    f'<link rel=import href="data:text/html,<script>{JS}</script>">',
    f'<table background="javascript:{JS}"><tr><td>x</td></tr></table>',
    # Encoded variants: harmless as text, dangerous if anything decodes them twice.
    f"%3Cscript%3E{JS}%3C/script%3E",
    f"&lt;script&gt;{JS}&lt;/script&gt;",
    f"&#60;script&#62;{JS}&#60;/script&#62;",
    f"\\u003cscript\\u003e{JS}\\u003c/script\\u003e",
    f"+ADw-script+AD4-{JS}+ADw-/script+AD4-",
    f"<scr\u0131pt>{JS}</scr\u0131pt>",
    f"\uff1cscript\uff1e{JS}\uff1c/script\uff1e",
    # Mutation XSS: markup that a sanitiser and a browser parse differently.
    f"<math><mtext><table><mglyph><style><img src=x onerror={JS}>",
    f'<noscript><p title="</noscript><img src=x onerror={JS}>">',
    f'<form><math><mtext></form><form><mglyph><svg><mtext><style><path id="</style><img onerror={JS} src>">',
    f"<svg><style><img src=x onerror={JS}></style></svg>",
    f'<svg></p><style><a id="</style><img src=1 onerror={JS}>">',
    f"<math><style><img src=x onerror={JS}></style></math>",
    f'<xmp><p title="</xmp><img src=x onerror={JS}>">',
    f'<noembed><img title="</noembed><img src=x onerror={JS}>"></noembed>',
    f'<!--<img src="--><img src=x onerror={JS}//">',
    f'<textarea><img title="</textarea><img src=x onerror={JS}>">',
    # Template syntax: must be shown as typed, never evaluated.
    "{{ request.META }}{% debug %}",
]
