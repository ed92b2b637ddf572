"""Cross-references, threads and gaps on the pages: an item's links and referrers, an update's references
both ways, the gaps page and API, a topic's months."""
import re

from tests.support.webapp import TOKEN

MARCH25 = "2020-03-25-update-from-co-chairs"
BUILDING_ACCESS = f"{MARCH25}--1"


def test_item_page_links_phrases_marks_missing_updates_and_lists_referrers(admin_client):
    html = admin_client.get(f"/items/{BUILDING_ACCESS}").get_data(as_text=True)
    assert ('yesterday’s update <span class="not-held">(not in the archive: '
            '<time datetime="2020-03-24">24 March 2020</time>)</span>') in html
    assert "Later in this thread" in html and 'href="/items/2020-03-30-update-from-co-chairs--3"' in html
    html = admin_client.get("/items/2020-04-09-update-from-co-chairs--4").get_data(as_text=True)
    assert '<a class="ref" href="/items/2020-04-09-update-from-co-chairs--3">As noted above</a>' in html
    html = admin_client.get("/items/2020-04-09-update-from-co-chairs--3").get_data(as_text=True)
    assert "Referred to by" in html and 'href="/items/2020-04-09-update-from-co-chairs--4"' in html
    html = admin_client.get("/items/2020-04-15-update-from-co-chairs--3").get_data(as_text=True)
    assert "Earlier in this thread" in html and f'href="/items/{MARCH25}--2"' in html


def test_update_pages_list_references_both_ways(admin_client):
    html = admin_client.get(f"/updates/{MARCH25}").get_data(as_text=True)
    assert "Earlier updates it refers to" in html and '24 March 2020 <span class="not-held">(not in the archive)</span>' in html
    html = admin_client.get("/updates/2020-04-29-update-from-co-chairs").get_data(as_text=True)
    assert "Later updates that refer to it" in html and 'href="/items/2020-05-14-update-from-co-chairs--0"' in html


def test_gaps_page_and_api_and_the_admin_link(admin_client):
    html = admin_client.get("/gaps").get_data(as_text=True)
    assert f'<time datetime="2020-03-24">24 March 2020</time>, referred to by:' in html
    assert f'href="/items/{BUILDING_ACCESS}"' in html
    assert admin_client.get("/api/gaps").get_json()["missing"][0]["date"] == "2020-03-24"
    [ref] = admin_client.get("/api/items/2020-05-14-update-from-co-chairs--0").get_json()["refers_to"]
    assert ref == {"text": "earlier updates", "kind": "update", "target": "2020-04-29-update-from-co-chairs",
                   "date": None, "resolved": True}
    token = re.search(r'name="csrf_token" value="([^"]+)"', admin_client.get("/admin").get_data(as_text=True)).group(1)
    admin_client.post("/admin/login", data={"token": TOKEN, "csrf_token": token})
    assert 'href="/gaps"' in admin_client.get("/admin").get_data(as_text=True)


def test_topic_page_shows_items_per_month_linking_to_each_month(admin_client, sample_kb):
    html = admin_client.get("/topics/furlough").get_data(as_text=True)
    assert [m for m, _ in sample_kb.topic_months("Furlough & job retention")] == ["2020-03", "2020-04", "2020-05"]
    assert "Items per month" in html
    assert ('href="/search?topic=Furlough+%26+job+retention&amp;sort=date&amp;from=2020-04-01&amp;to=2020-04-30">'
            '<span class="month">April 2020</span>') in html
