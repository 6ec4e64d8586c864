"""Verification of a candidate pair (statements/matching.py): the speaker's words kept in
another outlet's report, links between speakers not known to be one when the words are
evidence enough, and two quotes that overlap without either holding the other."""

from __future__ import annotations

from newsledger.statements import LinkSettings, Said, compare
from newsledger.statements.matching import speaker_match


def said(text: str, kind: str, speaker: str | None = "maria-lopez", named: bool = True, date: str = "2021-05-03", **kw) -> Said:
    return Said(text, kind, speaker_key=speaker, named=named, date=date, **kw)


# --------------------------------------------------------------- words kept in a report


def test_quoted_words_kept_in_an_indirect_report_link_as_paraphrase():
    mixed = said("Lopez warned that the cuts “would close rural clinics within a year”", "mixed")
    report = said("the governor's cuts would close rural clinics within a year", "indirect", date="2021-05-04")
    link = compare(mixed, report)
    assert link is not None and link.kind == "paraphrase"


def test_a_report_that_is_a_stretch_of_the_direct_quote_links():
    direct = said("We have no money left for the night buses and the depot will shut in June", "direct")
    report = said("the depot will shut in June", "indirect")
    assert compare(direct, report) is not None


def test_quoted_words_not_in_the_report_do_not_link():
    mixed = said("Lopez called the budget “a gift to insurers”", "mixed")
    report = said("the budget would close rural clinics within a year", "indirect")
    assert compare(mixed, report) is None


def test_kept_words_far_apart_in_time_do_not_link():
    mixed = said("Lopez warned that the cuts “would close rural clinics within a year”", "mixed")
    report = said("the cuts would close rural clinics within a year", "indirect", date="2021-08-30")
    assert compare(mixed, report) is None


# --------------------------------------------------------------- speakers not known to be one

AUTHOR = dict(speaker="author", named=False)
WRITER = dict(speaker="writer", named=False)
SENTENCE = "We want the reform to succeed, but we will not vote for a bill that abandons the coastal towns"


def test_unnamed_descriptions_link_when_one_holds_the_others_distinctive_words():
    direct = said(SENTENCE, "direct", **AUTHOR)
    partial = said("the writer said they “will not vote for a bill that abandons the coastal towns”", "mixed", **WRITER)
    link = compare(direct, partial)
    assert link is not None and link.kind == "partial"


def test_unnamed_descriptions_do_not_link_on_a_few_common_words():
    direct = said(SENTENCE, "direct", **AUTHOR)
    partial = said("the writer said they “want the reform”", "mixed", **WRITER)  # two content words
    assert compare(direct, partial) is None


def test_unnamed_descriptions_do_not_link_across_a_month():
    direct = said(SENTENCE, "direct", **AUTHOR)
    partial = said("the writer said they “will not vote for a bill that abandons the coastal towns”", "mixed", date="2021-06-20", **WRITER)
    assert compare(direct, partial) is None


def test_two_named_speakers_with_the_same_words_still_do_not_link():
    direct = said(SENTENCE, "direct")
    partial = said("Reyes said they “will not vote for a bill that abandons the coastal towns”", "mixed", speaker="carlos-reyes")
    assert compare(direct, partial) is None


def test_an_unnamed_source_paraphrasing_a_named_one_needs_many_shared_words():
    direct = said("The harbour dredging contract was awarded without a tender to a firm owned by the minister's cousin", "direct")
    close = said("the dredging contract for the harbour went without tender to a firm of the minister's cousin", "indirect", speaker="official", named=False)
    loose = said("the minister's cousin was at the harbour", "indirect", speaker="official", named=False)
    assert compare(direct, close) is not None
    assert compare(direct, loose) is None
    same_speaker_loose = said("the minister's cousin owned a firm at the harbour", "indirect")
    assert compare(direct, same_speaker_loose) is not None  # one named speaker: fewer shared words do


# --------------------------------------------------------------- overlapping quotes


def test_two_quotes_overlapping_by_a_whole_sentence_link():
    first = "The council has failed this city for a decade. Nobody in this building believed the budget would hold until it finally collapsed last spring."
    second = "Nobody in this building believed the budget would hold until it finally collapsed last spring. They hid the losses."
    link = compare(said(first, "direct"), said(second, "direct"))
    assert link is not None and link.kind in ("direct", "partial")


def test_two_quotes_sharing_only_a_short_clause_do_not_link():
    first = "The council has failed this city for a decade and the budget collapsed last spring."
    second = "The stadium will open in August and the budget collapsed last spring is old news."
    assert compare(said(first, "direct"), said(second, "direct"), LinkSettings()) is None


# --------------------------------------------------------------- a passage cut at different sentences

BRIDGE = "The old bridge will close for repairs on Monday morning"
DETOUR = "Drivers should take the northern ring road instead of the river avenue"
COST = "The work will cost the city about four million dollars over two years"


def test_quotes_cut_at_different_sentences_link_through_the_sentence_they_share():
    first = said(f"{BRIDGE}. {DETOUR}.", "direct")
    second = said(f"{DETOUR}. {COST}.", "direct", date="2021-05-04")
    link = compare(second, first)
    assert link is not None and link.kind == "direct" and link.covers  # it may bridge the first's statement


def test_a_shared_short_sentence_is_not_enough():
    first = said(f"{BRIDGE}. It is a shame.", "direct")
    second = said(f"It is a shame. {COST}.", "direct")
    assert compare(first, second) is None


def test_a_shared_sentence_from_two_named_speakers_does_not_link():
    first = said(f"{BRIDGE}. {DETOUR}.", "direct")
    second = said(f"{DETOUR}. {COST}.", "direct", speaker="carlos-reyes")
    assert compare(first, second) is None


def test_one_quote_sharing_a_sentence_with_each_of_two_statements_joins_them(tmp_path):
    from test_statements import article, statement_of

    from newsledger.store import Store

    with Store(tmp_path / "s.db") as store:
        a = article([("stone", "direct", BRIDGE + "."), ("stone", "direct", f"{DETOUR}. {COST}.")], "Outlet A")
        b = article([("stone", "direct", f"{BRIDGE}. {DETOUR}.")], "Outlet B", "2019-01-26")
        store.save(a), store.save(b)
        assert statement_of(store, a, 0) == statement_of(store, a, 1) == statement_of(store, b, 0)


# --------------------------------------------------------------- MinHash bands


def _datasketch_bands(tokens, settings):
    """The bands as datasketch's MinHash object makes them: the values every stored
    database's statement_bands hold."""
    import hashlib
    import struct

    from datasketch import MinHash

    from newsledger.statements.wording import shingles

    if len(tokens) < settings.min_words:
        return []
    sketch = MinHash(num_perm=settings.num_perm, seed=settings.seed, scheme="affine32")
    sketch.update_batch([s.encode("utf-8") for s in sorted(shingles(tokens))])
    rows = settings.num_perm // settings.bands
    return [
        f"{band:02d}:" + hashlib.blake2b(struct.pack(f"<{rows}Q", *(int(v) for v in sketch.hashvalues[band * rows : (band + 1) * rows])), digest_size=8).hexdigest()
        for band in range(settings.bands)
    ]


def test_bands_of_all_an_articles_quotes_at_once_are_datasketchs_minhash_bands():
    from newsledger.statements.wording import BandSettings, bands, many_bands, words

    texts = [
        words("We have no money left for the night buses and the depot will shut in June"),
        words("witch hunt"),  # too short for the index: no band
        words("I’m not going to resign, and the president's people know it"),
        words("the depot will shut in June, the depot will shut"),  # a shingle repeated
    ]
    for settings in (BandSettings(), BandSettings(num_perm=24, bands=8, seed=3)):
        expected = [_datasketch_bands(t, settings) for t in texts]
        assert many_bands(texts, settings) == expected
        assert [bands(t, settings) for t in texts] == expected
        assert expected[1] == [] and len(expected[0]) == settings.bands and expected[0] != expected[2]
    assert many_bands([]) == []



def test_bands_are_made_without_importing_datasketch():
    # datasketch imports scipy: ~0.7 CPU s the ingest's writer would pay for two arrays of ints.
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from newsledger.statements.wording import bands, words\n"
        "assert bands(words('the depot will shut in June and the buses stop'))\n"
        "print(sorted(m for m in ('datasketch', 'scipy') if m in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"

def test_a_spokesman_and_the_body_he_speaks_for_link_as_affiliated():
    words = "The administration will not hand over documents that Congress has no right to see"
    spokesman = said(words, "direct", speaker="hogan-gidley", actor_type="person", affiliation="white-house")
    body = said(f"the White House said it “{words[4:]}”", "mixed", speaker="white-house", actor_type="organization")
    other_body = said(f"the Senate said it “{words[4:]}”", "mixed", speaker="senate", actor_type="organization")
    colleague = said(words, "direct", speaker="sarah-sanders", actor_type="person", affiliation="white-house")
    assert speaker_match(spokesman, body) == "affiliated"
    assert compare(spokesman, body) is not None
    assert compare(spokesman, other_body) is None  # a body he does not speak for
    assert compare(spokesman, colleague) is None  # two named people of one body are two speakers
