"""Organisations on the search page: the facet beside the topics, the filter, an unknown name."""
from tests.support.organisations import ACE


def test_search_page_shows_the_organisation_facet(client):
    page = client.get("/search?q=Heritage+Fund").get_data(as_text=True)
    assert "Filter by organisation" in page and "Filter by topic" in page
    assert 'q=Heritage+Fund+org:%22Arts+Council+England%22' in page
    filtered = client.get('/search?q=Heritage+Fund+org:"Arts Council England"').get_data(as_text=True)
    assert f"<strong>{ACE}</strong>" in filtered
    assert "No organisation is called “gerbils”" in client.get("/search?q=org:gerbils").get_data(as_text=True)
