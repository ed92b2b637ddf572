"""Fuzzing the HTML and e-mail readers with mutated real pages: truncated and unclosed tags, deeply nested
lists, broken and mislabelled encodings, huge attributes, junk markup. Whatever comes in, the reader
returns updates or refuses the file with an IngestError, and no script or style text reaches any item,
title, author or skipped line.

Each script or style put in carries its own mark. What is script is what the HTML parser the reader uses
(lxml) makes a script, style, noscript, template, iframe or svg element of: a mutation can leave a quote
open so that what follows is an attribute value, or turn a tag into text, as it would in a browser."""
from __future__ import annotations

import base64
import email
import re
from email import policy

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support.archives import FIXTURES
from ingest import parse_archive
from kb import IngestError

SCRIPT = "<script>alert('{m}');document.write('{m}')</script>"
STYLE = "<style>.x{{color:red}} /* {m} */ p::before{{content:'{m}'}}</style>"
HOSTILE = [SCRIPT, STYLE, "<script type='text/javascript'><!-- {m} --></script>", "<SCRIPT SRC=x>{m}</SCRIPT>",
           "<style media='all'>{m}</style>", "<script>var s = '</scr' + 'ipt>'; {m}</script>", "<noscript>{m}</noscript>",
           "<template><p>{m}</p></template>", "<svg><script>{m}</script></svg>", "<iframe srcdoc='<p>{m}</p>'>{m}</iframe>"]
MARK = re.compile(r"HOSTILE\d+MARK")
NOT_TEXT = {"script", "style", "noscript", "template", "iframe", "svg", "textarea"}
JUNK = ["<", ">", "</", "<p <p>", "<!--", "-->", "<![CDATA[", "]]>", "<?php echo 1 ?>", "&", "&amp", "&#0;", "&#xD800;",
        "&#99999999;", "\x00", "\ufffd", "<li>", "</ol>", "</div></div></div>", "<article>", "</article>", "<br/>",
        "<p>1. Item</p>", '"', "'", "<h2>", "</body></html>", "<html><body>", "\u202e", "<time datetime='x'>"]
PAGES = {name: (FIXTURES / name).read_text(encoding="utf-8") for name in ("single-post.html", "archive-category.html")}
MAIL_HTML = base64.b64decode("".join((FIXTURES / "html-body.eml").read_text().split("\n\n", 2)[2]
                                     .split("\n\n")[0].splitlines())).decode("cp1252")
PAGES["html-body.eml"] = MAIL_HTML
MAIL_HEAD = """From: "Priya Shah" <secretary@regional-museums.example.org>
To: members@regional-museums.example.org
Subject: {subject}
Date: Wed, 17 Mar 2021 18:05:00 +0000
MIME-Version: 1.0
Content-Type: multipart/alternative; boundary="b1_5f3a"

--b1_5f3a
Content-Type: text/html; charset="{charset}"
Content-Transfer-Encoding: {cte}

"""


def script_marks(html: str) -> set[str]:
    """The marks that the parser reads only as script or style (or attribute values, or comments)."""
    from bs4 import BeautifulSoup, Comment

    soup = BeautifulSoup(html, "lxml")
    as_text = {m for node in soup.find_all(string=MARK) if not isinstance(node, Comment)
               and not any(parent.name in NOT_TEXT for parent in node.parents) for m in MARK.findall(node)}
    return set(MARK.findall(html)) - as_text


@st.composite
def mutated_html(draw) -> str:
    """A real page after a few structural mutations, with hostile script/style put between its tags.
    (Nesting past 256 levels and attributes past 50,000 characters are where lxml stops reading tags.)"""
    html = PAGES[draw(st.sampled_from(sorted(PAGES)))]
    depth_left = 2000
    for _ in range(draw(st.integers(0, 6))):
        op = draw(st.sampled_from(["cut", "drop", "nest", "attribute", "junk", "repeat", "unclose"]))
        at = draw(st.integers(0, len(html)))
        if op == "cut":
            html = html[:at]
        elif op == "drop":
            html = html[:at] + html[at + 1:]
        elif op == "nest":
            depth = draw(st.integers(0, depth_left))
            depth_left -= depth
            tag = draw(st.sampled_from(["ul", "ol", "div", "blockquote", "b"]))
            inner = f"<{tag}><li>" if tag in ("ul", "ol") else f"<{tag}>"
            closed = draw(st.booleans())
            html = html[:at] + inner * depth + "Deep item text." + (f"</{tag}>" * depth if closed else "") + html[at:]
        elif op == "attribute":
            size = draw(st.integers(1_000, 200_000))
            quote = draw(st.sampled_from(['"', "'", ""]))
            html = html[:at] + f"<p data-x={quote}{'A' * size}{draw(st.sampled_from([quote, '']))}>Text.</p>" + html[at:]
        elif op == "junk":
            html = html[:at] + draw(st.sampled_from(JUNK)) + html[at:]
        elif op == "repeat":
            end = draw(st.integers(at, min(len(html), at + 3000)))
            html = html[:end] + html[at:end] * draw(st.integers(1, 5)) + html[end:]
        else:
            html = re.sub(draw(st.sampled_from([r"</p>", r"</li>", r"</article>", r"</div>", r"</h2>", r"</ol>"])),
                          "", html)
    # hostile elements after tags of the page (or what is left of them), each with its own mark
    slots = [m.end() for m in re.finditer(r"</p>|</li>|<li>|</h2>|<div[^<>]*>|</article>", html)]
    chosen = draw(st.lists(st.sampled_from(slots), min_size=1, max_size=4)) if slots else []
    for n, at in enumerate(sorted(chosen, reverse=True)):  # from the end, so each goes where it was chosen
        html = html[:at] + draw(st.sampled_from(HOSTILE)).format(m=f"HOSTILE{n}MARK") + html[at:]
    if draw(st.booleans()):
        html = html[:draw(st.integers(len(html) // 2, len(html)))]  # truncated, maybe mid-tag or mid-script
    return html


def encoded(draw, html: str) -> bytes:
    """The page's bytes, sometimes in an encoding other than the one it declares, or with broken bytes."""
    how = draw(st.sampled_from(["utf-8", "utf-8", "cp1252", "utf-16", "latin-1", "broken", "bom-mismatch"]))
    if how == "broken":
        data = html.encode("utf-8")
        for _ in range(draw(st.integers(1, 8))):
            at = draw(st.integers(0, len(data)))
            data = data[:at] + draw(st.sampled_from([b"\xff", b"\xc3", b"\xe2\x80", b"\xed\xa0\x80", b"\x00",
                                                     b"\xfe\xff", b"\x81"])) + data[at:]
        return data
    if how == "bom-mismatch":
        return b"\xff\xfe" + html.encode("utf-8")
    return html.encode(how, errors="replace")


def assert_no_hostile_text(archive, marks: set[str]) -> None:
    """None of the marks in any title, author, organisation, heading, item text or skipped line."""
    shown = list(archive.skipped)
    for update in archive.updates:
        shown += [update.title, update.organisation or "", *update.authors]
        shown += [part for item in update.items for part in (item.heading or "", item.text, item.update_title)]
        assert update.items and all(item.id.startswith(update.id + "--") for item in update.items)
    assert {m for text in shown for m in MARK.findall(text)} & marks == set()


def read(data: bytes, name: str):
    try:
        return parse_archive(data, name)
    except IngestError as e:
        assert e.source == name and e.reason
        return None


@pytest.mark.slow
@given(st.data())
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
def test_mutated_html_pages_never_crash_the_reader_nor_leak_script_or_style(data):
    from ingest.decode import decode

    raw = encoded(data.draw, data.draw(mutated_html()))
    name = data.draw(st.sampled_from(["page.html", "page.htm", "saved.txt"]))
    archive = read(raw, name)
    if archive is not None and archive.format == "html":
        assert_no_hostile_text(archive, script_marks(decode(raw, name)))


@pytest.mark.slow
@given(st.data())
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
def test_mutated_emails_never_crash_the_reader_nor_leak_script_or_style(data):
    html = data.draw(mutated_html())
    charset = data.draw(st.sampled_from(["utf-8", "windows-1252", "iso-8859-1", "utf-16", "x-unknown", "", "utf-8\""]))
    cte = data.draw(st.sampled_from(["base64", "quoted-printable", "8bit", "7bit", "x-uuencode", "base64"]))
    subject = data.draw(st.sampled_from(["Committee update", "=?utf-8?q?Heritage_Fund_=E2=80=93_news?=", "=?bad?x?=",
                                         "Update " + "x" * 20_000, "<script>alert(1)</script> Re: news"]))  # a subject is text
    body = html.encode("utf-8", errors="replace")
    if cte == "base64":
        body = base64.encodebytes(body)
        if data.draw(st.booleans()):
            body = body[:data.draw(st.integers(0, len(body)))] + b"!!="  # broken base64
    head = MAIL_HEAD.format(subject=subject, charset=charset, cte=cte).encode()
    mail = head + body + data.draw(st.sampled_from([b"\n--b1_5f3a--\n", b"", b"\n--b1_5f3a\n"]))
    if data.draw(st.booleans()):
        mail = mail[:data.draw(st.integers(len(head) // 2, len(mail)))]
    archive = read(mail, "update.eml")
    part = email.message_from_bytes(mail, policy=policy.default).get_body(preferencelist=("plain", "html"))
    if archive is not None and part.get_content_type() == "text/html":
        try:
            content = part.get_content()
        except (LookupError, UnicodeError, AssertionError):
            content = part.get_payload(decode=True).decode("latin-1")
        assert_no_hostile_text(archive, script_marks(content))


@pytest.mark.slow
@given(st.data())
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_mutated_plain_text_emails_never_crash_the_reader(data):
    mail = (FIXTURES / "list-reply.eml").read_bytes()
    for _ in range(data.draw(st.integers(1, 5))):
        at = data.draw(st.integers(0, len(mail)))
        piece = data.draw(st.sampled_from([b"", b"\xff\xfe", b"=\n", b"=E2=8", b"\r", b"\n\n", b"Content-Type: text/html\n",
                                           b"> " * 500, b"X-Long: " + b"y" * 50_000 + b"\n", b"--=20\n"]))
        mail = mail[:at] + piece + mail[at + data.draw(st.integers(0, 40)):]
    archive = read(mail, "reply.eml")
    if archive is not None:
        assert all(update.items for update in archive.updates)


def test_a_page_with_lists_nested_thousands_deep_is_read_and_its_scripts_stay_out():
    deep = "<li><ul>" * 3000 + "<li>Deep point." + SCRIPT.format(m="HOSTILE0MARK") + STYLE.format(m="HOSTILE1MARK")
    html = PAGES["single-post.html"].replace("<ol>", "<ol>" + deep + "<li>Deeper point.", 1)
    archive = parse_archive(html.encode(), "deep.html")
    text = " ".join(i.text for u in archive.updates for i in u.items)
    assert "Deep point." in text and "Deeper point." in text
    assert_no_hostile_text(archive, {"HOSTILE0MARK", "HOSTILE1MARK"})


def test_a_huge_attribute_leaves_the_rest_of_the_page_read_as_markup():
    page = PAGES["single-post.html"].replace("<p>Dear colleagues,</p>", f"<p data-x={'A' * 60_000}>Dear colleagues,</p>"
                                             + SCRIPT.format(m="HOSTILE0MARK"))
    archive = parse_archive(page.encode(), "post.html")
    assert_no_hostile_text(archive, {"HOSTILE0MARK"})
    assert "Dear colleagues," in archive.updates[0].items[0].text


def test_the_real_pages_keep_their_items_when_scripts_and_styles_are_put_between_every_tag():
    page = PAGES["single-post.html"]
    clean = parse_archive(page.encode(), "post.html")
    hostile = re.sub(r"(</p>|</li>|<li>)", lambda m: m.group() + "".join(h.format(m="HOSTILE0MARK") for h in HOSTILE), page)
    archive = parse_archive(hostile.encode(), "post.html")
    assert_no_hostile_text(archive, {"HOSTILE0MARK"})
    assert [[i.text for i in u.items] for u in archive.updates] == [[i.text for i in u.items] for u in clean.updates]


def test_an_email_whose_from_header_breaks_the_address_parser_is_read():
    mail = (FIXTURES / "list-reply.eml").read_bytes().replace(
        b"From: Alex Morgan <chair@regional-museums.example.org>", b"From: Alex Morgan <chair@")
    (update,) = parse_archive(mail, "reply.eml").updates  # Python's address parser raises IndexError on it
    assert [item.heading for item in update.items if item.number] == ["Job Retention Scheme", "Reopening"]
    assert update.authors == ["Alex Morgan"]  # from the signature block
