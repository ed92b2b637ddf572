"""Every hostile page of tests/web/test_hostile.py opened in chromium: no dialog fires, no script runs, no
element the vectors name appears, whatever the vector and whichever page shows it (results, items,
updates, topics, error pages for hostile filters and ids, the admin pages)."""
from __future__ import annotations

import re
from urllib.parse import quote

from kb import KnowledgeBase
from tests.support.browser import TOKEN
from tests.support.hostile import VECTORS, pages


def test_no_hostile_vector_runs_on_any_page(browser, hostile_server, hostile_home):
    base, home = hostile_server, hostile_home
    context = browser.new_context()
    page = context.new_page()
    fired = []
    page.on("dialog", lambda d: (fired.append(d.message), d.dismiss()))
    page.on("pageerror", lambda e: fired.append(f"page error: {e}"))
    page.on("console", lambda m: fired.append(f"console: {m.text}") if m.type == "error"
            and not m.text.startswith("Failed to load resource") else None)  # (the 400 and 404 pages)
    statuses = set()
    try:
        quoted = [quote(v, safe="") for v in VECTORS]
        content = [u for u in pages(home) if not any(q in u for q in quoted)]
        items = [u for u in content if u.startswith("/items/")]
        hostile = [u for u in pages(home) if any(u == f"/search?q={q}" for q in quoted[::2])
                   or any(q in u for q in quoted[::12])]
        # every page but the items (every fourth of those; the results pages show them all), every other
        # vector in a query, every twelfth in the filters and ids too
        for url in [u for u in content if u not in items] + items[::4] + hostile:
            response = page.goto(base + url)
            statuses.add(response.status)
            found = page.evaluate("""() => ({
                scripts: document.scripts.length,
                foreign: document.querySelectorAll('img, svg, iframe, object, embed, style, base, script, input[type=image]').length,
                handlers: [...document.querySelectorAll('*')].filter(e => [...e.attributes].some(a => a.name.startsWith('on'))).length,
                jsLinks: [...document.querySelectorAll('[href], [src], [action]')].filter(e =>
                    /^\\s*(javascript|vbscript|data):/i.test(e.getAttribute('href') || e.getAttribute('src') || e.getAttribute('action') || '')).length
            })""")
            assert found == {"scripts": 0, "foreign": 0, "handlers": 0, "jsLinks": 0}, (url, found)
        page.goto(base + "/admin")
        page.fill("input[name=token]", TOKEN)
        page.click("button[type=submit]")
        page.wait_for_url(re.compile(r"/admin$"))
        for url in ["/admin", *sorted({f"/admin/remove/{u.id}" for u in KnowledgeBase(home).list_updates()})[:3]]:
            page.goto(base + url)
            assert page.evaluate("document.scripts.length") == 0
    finally:
        context.close()
    assert statuses == {200, 400, 404}
    assert fired == []
