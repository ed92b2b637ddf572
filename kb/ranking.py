"""Every weight that orders search results, in one place, each with why it is what it is.

Scores are Whoosh's BM25F: a weight multiplies a part's score, so only ratios between these matter."""
from __future__ import annotations

# A word in an item's heading counts three times one in its text: the heading names what the item is
# about in a few words, the text mentions many things in passing.
HEADING_BOOST = 3.0

# A word of the title of an item's update counts for the item at this share of a word of its own text: the
# title says what all the update's items are about ("Emergency grants for heritage": its item "Grants of
# £5,000 to £50,000 ..." is about emergency grants), but an item saying the word itself is about it more surely.
CONTEXT_WEIGHT = 0.3

# A related term of a query word's concept ("CJRS" for "furlough") scores half what the word itself would:
# it means the same, but the reader typed the word, and an item saying both should beat one saying only
# the related term. (Items with the query's own words come first anyway: kb.search lists those found only
# through a related term after them, under "Also found through ...", and never counts them as saying the words.)
EXPANSION_WEIGHT = 0.5

# A concept's term typed as several words ("job retention") matches items holding each word anywhere; an item
# holding them side by side, as the term, scores this much more again (as much as the words themselves): the
# words together are the term the reader meant, apart they may be two passing mentions.
TOGETHER_BOOST = 1.0

# A search naming a topic alone ("furlough", topic:furlough) also matches items tagged with that topic,
# as strongly as a word of the text: the tag stands for the topic's whole term list, and documents._weighted
# repeats an item's strongest topic 3 times, its second 2, so items most about the topic come first.
TOPIC_BOOST = 1.0

# Words that name an organisation ("Arts Council", "NLHF") also match the items tagged with it, at twice a
# word's weight: the tag says the item names that body under some name ("ACE", "Arts Council England"), which
# is what the reader asked for, while the typed words alone may also occur in other senses ("council").
# An item's organisations are indexed in the order it first names them, the first 3 times and the second
# twice (documents._weighted, as for topics): the body an item names first is most often what it is about
# ("ACE has extended ..."), one named after others is more often in a list.
ORGANISATION_BOOST = 2.0

# Among the items tagged with an organisation, each time one names it (by any of its names: "NLHF", "Heritage
# Fund") adds a word's score times this: an item about the body names it often, one mentioning it in a list
# once. Half, as for a related term: the tag already says the item names the body.
ORGANISATION_NAME_WEIGHT = 0.5

# Partial matches (some of the words) are scored by an Or scaled by 0.9: each further word matched
# adds 90% of its own score, so among items matching as many of the words one matching them more often ranks higher.
PARTIAL_SCALE = 0.9

# Partial matches come in order of how many of the query's clauses they match (a clause matched through its
# concept or topic counts), then by score: coordination-level ranking. By score alone, an item holding 3 of
# 4 words could follow one holding 1 of them many times (a common word's BM25 is low, a rare one's high);
# the reader asked for all the words, so the items nearest to all of them come first.
PARTIAL_BY_COVERAGE = True

# A timeline (answer block) entry must score at least this share of the best item's score: lower, and
# items mentioning the subject once in passing fill the timeline; higher, and it shows only one or two dates.
TIMELINE_MIN_SHARE = 0.25

# A page the matches leave short (fewer full and partial matches than the page holds) is filled with items
# sharing the key words of the best RELATED_FROM matches: their RELATED_TERMS words most frequent in them and
# rarest in the archive (Whoosh's Bo1 model), each weighted by that. Items relevant without any of the query's
# words ("safeguard salaries" for furlough) share such words with the items that hold them. Few: the best
# matches are what the reader asked for; more, and the key words drift to what those items also mention.
# They are labelled apart and never counted as matches.
RELATED_FROM = 3
RELATED_TERMS = 10

# In a snippet and an answer sentence, a word the reader typed weighs twice a related term standing in for it
# (a concept's, a topic's): the window shown opens at the typed word when the item holds it, and the sentence
# chosen is the one saying what was asked rather than what it may also be called.
SNIPPET_TYPED_WEIGHT = 2.0
SNIPPET_RELATED_WEIGHT = 1.0
