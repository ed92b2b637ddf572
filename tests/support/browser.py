"""What the browser tests share: Debian's chromium and its flags, the admin token of the served apps, a
selection of XSS vectors (in the `server` fixture's knowledge base), and an axe-core accessibility check."""
import pytest

CHROMIUM = "/usr/bin/chromium"
TOKEN = "browser-admin-token"  # the admin token of the apps the browser tests serve
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
# A selection of the OWASP XSS filter-evasion vectors, placed in a title and in item text.
XSS = [
    "<script>alert('xss')</script>",
    "<IMG SRC=javascript:alert('XSS')>",
    "<img src=x onerror=alert(1)>",
    "<svg/onload=alert(2)>",
    "<BODY ONLOAD=alert('XSS')>",
    "<iframe src=\"javascript:alert(3);\"></iframe>",
    "\"><script>alert(4)</script>",
    "<a href=\"jav&#x09;ascript:alert(5)\">x</a>",
    "<<SCRIPT>alert(6);//\\<</SCRIPT>",
    "<details open ontoggle=alert(7)>",
]
HOSTILE = ("June 8, 2020\n\nUpdate from Co-Chairs, 8 June 2020 " + XSS[0] + "\n\n"
           + "".join(f"  {n}. Gerbils report {vector} again.\n" for n, vector in enumerate(XSS, start=1))
           + "\nNicola Kalinsky\nUniversity Museums Group\n")


def assert_accessible(page):
    """axe-core finds no serious or critical violation."""
    axe_sync = pytest.importorskip("axe_playwright_python.sync_playwright")
    results = axe_sync.Axe().run(page)
    bad = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert not bad, results.generate_report()
