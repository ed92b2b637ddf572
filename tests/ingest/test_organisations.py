"""Organisations and acronyms as the ingest floor tags them: the shipped list, tagging the sample and the
fixtures, learning acronyms from definitions in the text, the list file's errors, linear time on hostile text."""
from __future__ import annotations

import pytest

from ingest import parse_archive
from vocab.organisations import load_organisations
from tests.support.archives import FIXTURES
from tests.support.organisations import ACE, DCMS, MA, NETWORK_FILE, NLHF, NMDC, UUK


# ---------------------------------------------------------------- tagging

def test_sample_items_carry_the_organisations_they_name_in_order(sample_items_by_id):
    assert sample_items_by_id["2020-04-29-update-from-co-chairs--3"].organisations == [NLHF, ACE]  # "The NLHF and ACE"
    assert sample_items_by_id["2020-03-23-update-from-co-chairs--18"].organisations == [NMDC, MA, ACE, UUK]  # "NMDC, the MA, ACE and UUK"
    assert sample_items_by_id["2020-03-25-update-from-co-chairs--0"].organisations == [
        DCMS, ACE, NMDC, MA, "Association of Independent Museums", NLHF]
    assert sample_items_by_id["2020-05-29-update-from-co-chairs--2"].organisations == ["Art Fund", "International Council of Museums"]
    assert sample_items_by_id["2020-04-15-update-from-co-chairs--9"].organisations == ["National Trust"]
    assert sample_items_by_id["2020-03-23-update-from-co-chairs--13"].organisations == ["University Museums Group"]
    assert sample_items_by_id["2020-04-15-update-from-co-chairs--3"].organisations == []  # the job retention scheme: no body


def test_fixture_items_carry_their_organisations():
    post = parse_archive((FIXTURES / "single-post.html").read_bytes(), "single-post.html")
    assert [i.organisations for i in post.updates[0].items] == [[ACE], [], []]  # "Arts Council England"
    mail = parse_archive((FIXTURES / "html-body.eml").read_bytes(), "html-body.eml")
    assert mail.updates[0].items[0].organisations == [NLHF]  # "The Heritage Fund has confirmed..."


def test_capitals_acronyms_are_case_sensitive_and_whole_words():
    orgs = load_organisations()
    assert orgs.tag("The MA wrote to members.") == [MA]
    assert orgs.tag("She holds an ma in museum studies; Ma and ma.") == []
    assert orgs.tag("SPACE, MACE, ACES, DCMSx, NLHFs and HFC are not names.") == []
    assert orgs.tag("ACE’s grants, ACE-led work, (ACE)") == [ACE]
    assert orgs.tag("the arts council of england and the ARTS COUNCIL") == [ACE]  # names ignore case
    assert orgs.tag("Department for Digital, Culture, Media & Sport") == [DCMS]  # & is and
    assert orgs.tag("Arts Council of Wales and Arts Council England") == ["Arts Council of Wales", ACE]  # longest


def test_any_spelling_names_the_one_organisation():
    orgs = load_organisations()
    for spelling in ("NLHF", "HF", "Heritage Fund", "National Lottery Heritage Fund", "the Heritage Lottery Fund"):
        assert orgs.tag(spelling) == [NLHF], spelling
    assert orgs.named("arts council").name == ACE and orgs.named("ace") is None and orgs.named("Arts Council grants") is None
    assert orgs.find("ace").name == ACE and orgs.find("nothing") is None


def test_acronyms_are_learned_from_definitions_in_the_text():
    orgs = load_organisations()
    learned = orgs.learn("The Regional Museums Network (RMN) met. BVA (the British Veterinary Association) wrote. "
                         "The Coronavirus Job Retention Scheme (CJRS) closed, said Kate Bellamy (ACE). "
                         "The Association of Independent Museums (AIM) agreed.", "2023-02-02-news")
    assert [(o.name, o.acronyms, o.source, o.learned_from) for o in learned] == [
        ("Regional Museums Network", ["RMN"], "learned", "2023-02-02-news"),
        ("British Veterinary Association", ["BVA"], "learned", "2023-02-02-news"),
    ]  # not a scheme (no body's name), not a person, not one the list knows
    assert orgs.with_learned(learned).tag("RMN and the BVA") == ["Regional Museums Network", "British Veterinary Association"]
    assert orgs.tag("RMN and the BVA") == []


def test_an_acronym_taking_letters_from_inside_its_names_words_is_learned_when_initials_do_not_spell_it():
    orgs = load_organisations()
    learned = orgs.learn("DCMS opened the Museum Estate and Development Fund (MEND). Museum Development North (MDN) "
                         "met the Kate Bellamy Fund (KBX). The Arts Council (ACE) spoke.", "2021-11-02-capital")
    assert [(o.name, o.acronyms) for o in learned] == [("Museum Estate and Development Fund", ["MEND"])]
    # "North" names no body; no X in "Kate Bellamy Fund"; "ACE" is known (and no E in "Arts Council")
    assert orgs.with_learned(learned).tag("MEND grants need match funding") == ["Museum Estate and Development Fund"]


def test_an_archive_tags_items_with_the_acronyms_it_defines():
    archive = parse_archive(NETWORK_FILE.encode(), "news.txt")
    first, later = archive.updates
    assert [i.organisations for i in first.items] == [
        ["Regional Museums Network"], ["British Veterinary Association"], [ACE]]
    assert later.items[0].organisations == ["Regional Museums Network", "British Veterinary Association"]


def test_tagging_is_linear_in_hostile_text():
    """Every word is compared with at most MAX_NAME_WORDS words of a name: the count of comparisons, not a clock."""
    calls = 0
    orgs = load_organisations()
    import vocab.organisations as module
    real = module._matches

    def counting(*args):
        nonlocal calls
        calls += 1
        return real(*args)
    module._matches = counting
    try:
        for n in (1000, 4000):
            calls = 0
            assert orgs.tag("Arts Council of " * n) == [ACE]
            assert calls <= 6 * 3 * n  # three words a repeat, a handful of candidate names each
    finally:
        module._matches = real


# ---------------------------------------------------------------- the list file

@pytest.mark.parametrize("content, problem", [
    ('[[organisation]]\nname = "A"\nacronyms = ["A"\n', "not valid TOML"),
    ('[[organisation]]\nacronyms = ["A"]\n', "organisation 1: missing or empty 'name'"),
    ('[[organisation]]\nname = "Alpha Body"\nacronyms = "AB"\n', "organisation 1 ('Alpha Body'): 'acronyms' must be a list"),
    ('[[organisation]]\nname = "Alpha Body"\ncolour = "red"\n', "unknown key(s) colour"),
    ('[[organisation]]\nname = "Alpha Body"\nacronyms = ["AB"]\n[[organisation]]\nname = "Beta"\nacronyms = ["AB"]\n',
     "organisation 'Beta' repeats 'AB' of 'Alpha Body'"),
    ('name = "no tables"\n', "expected only [[organisation]] tables"),
])
def test_a_bad_list_names_the_file_and_the_problem(tmp_path, content, problem):
    path = tmp_path / "organisations.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError) as caught:
        load_organisations(path)
    assert str(caught.value).startswith(str(path)) and problem in str(caught.value)
