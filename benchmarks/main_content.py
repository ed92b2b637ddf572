"""Main content of saved pages (issue 19, part 6): the hand rules of ingest/readers/html.py against two
well-kept extractors, trafilatura and readability-lxml, on every HTML fixture. Not a dependency of the project:
run it in a throwaway venv,

    python -m venv /tmp/m && /tmp/m/bin/pip install -e . trafilatura "lxml[html_clean]" readability-lxml
    /tmp/m/bin/python benchmarks/main_content.py .        # -v: which lines each library lost or admitted

Content lines: the items' heading and text lines the hand rules give on the reviewed fixtures (their tests pin
them: there the reference is the reviewed reading), and by hand for the built-site page. Visible lines: every
text line a browser shows. Chrome: visible, neither content nor metadata (title, date, byline). Lost: content
lines an extractor's text lacks; admitted: chrome lines it holds."""
import datetime
import glob
import re
import sys
from pathlib import Path

import trafilatura
from bs4 import BeautifulSoup
from readability import Document as RDoc

sys.path.insert(0, sys.argv[1])
from ingest import parse_archive  # noqa: E402
from ingest.readers.html import BR, soup_of  # noqa: E402

REPO = Path(sys.argv[1])
def norm(s): return " ".join(s.replace("\u00a0", " ").split()).casefold()

def visible_lines(html):
    soup = soup_of(html, page=True)
    for t in soup.find_all(["title", "head"]): t.decompose()
    text = soup.get_text("\n").replace(BR, "\n")
    return [norm(l) for l in text.split("\n") if norm(l) and len(norm(l)) > 1]

def hand(html, name, given):
    a = parse_archive(html.encode(), name, given_date=given)
    content, meta = [], []
    for u in a.updates:
        meta += [norm(u.title)] + [norm(x) for x in u.authors]
        for i in u.items:
            for part in ([i.heading] if i.heading else []) + i.text.split("\n"):
                part = re.sub(r"^(?:• |\d+[.)] )", "", part.strip())
                if norm(part): content.append(norm(part))
    return content, meta, " \n ".join(content)

def traf(html):
    return norm(trafilatura.extract(html, include_comments=False, include_tables=True, include_formatting=True) or "")

def traf_recall(html):
    return norm(trafilatura.extract(html, include_comments=False, include_tables=True, include_formatting=True,
                                    favor_recall=True) or "")

def readab(html):
    summary = RDoc(html).summary(html_partial=True)
    return norm(BeautifulSoup(summary, "lxml").get_text("\n"))

CONTENT_BY_HAND = {  # the built-site fixture: what a reader of the post reads as its text
    "built-site-post.html": [norm(x) for x in [
        "Our spring programme is almost full, and two new courses start in April. Here is what is coming up and how to book.",
        "Preventive conservation for volunteers",
        "A two-day course at the Leeds Discovery Centre on 16 and 17 April, led by our conservation team. Places are free for member organisations.",
        "Digitisation on a budget",
        "An online course in four sessions from 23 April, with a grant of up to £500 towards equipment for each organisation that takes part.",
        "Session 1: planning a digitisation project", "Session 2: cameras, scanners and lighting",
        "Session 3: file formats and storage", "Session 4: sharing your collections online",
        "How to book", "Book through the events page by 5 April. Bursaries are open to volunteers from small museums."]],
}
META_BY_HAND = {"built-site-post.html": [norm(x) for x in ["Spring training round-up", "Jo Smith", "Amir Khan", "14 March 2024"]]}
files = sorted(glob.glob(str(REPO / "tests/fixtures/**/*.htm*"), recursive=True)) + [str(REPO / "benchmarks/quality/archives/heritage-grants-foundation-news.html")]
rows = []
for f in files:
    name = Path(f).name
    html = Path(f).read_text(encoding="utf-8", errors="replace")
    if "beginarticle" in html:
        continue  # a pipermail message page: read as an e-mail, no extractor applies
    vis = visible_lines(html)
    given = datetime.date(2024, 1, 1)
    content, meta, hand_text = hand(html, name, given)
    if name in CONTENT_BY_HAND and CONTENT_BY_HAND[name]:
        content, meta = CONTENT_BY_HAND[name], META_BY_HAND[name]
    cset = set(content)
    def inside(line, text): return line in text
    def score(text):
        lost = sum(1 for c in cset if not inside(c, text))
        chrome = [v for v in vis if not any(v in c or c in v for c in cset) and not any(m in v for m in meta)
                  and inside(v, text)]
        return lost, len(chrome), chrome
    out = {"file": name, "visible": len(vis), "content": len(cset)}
    for label, fn in (("hand", lambda h: norm(hand_text)), ("trafilatura", traf), ("recall", traf_recall), ("readability", readab)):
        try:
            text = fn(html)
        except Exception as e:
            text = ""
        lost, chrome_n, chrome = score(text)
        out[label] = (lost, chrome_n)
        if "-v" in sys.argv and label != "hand":
            out[label + "_chrome"] = chrome[:6]
            out[label + "_lost"] = [c for c in cset if c not in text][:6]
    rows.append(out)
print(f"{'file':42} {'vis':>4} {'cont':>4} | {'hand lost/chrome':>16} | {'trafilatura':>12} | {'traf. recall':>12} | {'readability':>12}")
tot = {k: [0, 0] for k in ("hand", "trafilatura", "recall", "readability")}
for r in rows:
    print(f"{r['file'][:42]:42} {r['visible']:4} {r['content']:4} | {r['hand'][0]:7}/{r['hand'][1]:<8} | {r['trafilatura'][0]:5}/{r['trafilatura'][1]:<6} | {r['recall'][0]:5}/{r['recall'][1]:<6} | {r['readability'][0]:5}/{r['readability'][1]:<6}")
    for k in tot:
        tot[k][0] += r[k][0]; tot[k][1] += r[k][1]
    if "-v" in sys.argv:
        for k in ("trafilatura", "recall", "readability"):
            print("    ", k, "lost", r.get(k + "_lost"), "chrome", r.get(k + "_chrome"))
print(f"{'TOTAL (lines lost / chrome lines admitted)':52} | {tot['hand'][0]:7}/{tot['hand'][1]:<8} | {tot['trafilatura'][0]:5}/{tot['trafilatura'][1]:<6} | {tot['recall'][0]:5}/{tot['recall'][1]:<6} | {tot['readability'][0]:5}/{tot['readability'][1]:<6}")
