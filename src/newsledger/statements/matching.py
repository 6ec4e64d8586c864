"""Whether two quotations report the same utterance: the verification step of linking.

Two occurrences are one statement when their speakers are compatible and their words
are: the same or nearly the same words (``rapidfuzz`` ratio over the running words), one a
part of the other (containment: a trimmed or partial quote), or, when one of them is
indirect, a paraphrase sharing most of the other's content stems. Speaker compatibility
comes first: the same words from two different named speakers (a slogan repeated) are two
statements.
"""

from __future__ import annotations

import datetime as _dt
import difflib
import functools
import re
from dataclasses import dataclass, field
from typing import NamedTuple, Optional, Sequence

from rapidfuzz import fuzz

from newsledger.statements.wording import content_stems, not_speakers, spokesperson_titles, quoted_parts, quoted_sentences, quoted_stretches, stem, words


@dataclass(frozen=True)
class LinkSettings:
    """The thresholds of verification, one place to tune them (bench/statements_gold.py)."""

    same_ratio: float = 85.0  # rapidfuzz ratio of two wordings: "nearly the same words"
    # A quote whose speaker is not established as the other's links only when this close and long.
    unknown_speaker_ratio: float = 92.0
    unknown_speaker_words: int = 8
    # ... or, near in time, when one holds the other's words with this many content stems:
    # a source left unnamed (or named by its description only) against one named, with
    # the words themselves as the other evidence the speakers cannot give.
    unknown_speaker_content: int = 3
    unknown_paraphrase_shared: int = 5  # content stems a paraphrase by an unknown speaker must share
    containment: float = 0.9  # share of the shorter's words found in order in the longer
    min_content: int = 2  # content stems the shorter must have for containment to count
    overlap_words: int = 8  # ... or this many words shared in runs, and
    overlap_share: float = 0.7  # this share of the shorter
    sentence_words: int = 5  # ... or a whole sentence of one, this long, found in the other
    short_words: int = 4  # a quoted stretch this short links only within the window
    paraphrase_overlap: float = 0.6  # share of the smaller stem set the other has
    paraphrase_shared: int = 3  # content stems a paraphrase must share at least
    window_days: int = 7  # short quotes and paraphrases link only this close in time
    # A quoted fragment ("LEAKER & LIAR", "forest fire") of a speaker not established as the
    # other's: this many words at least (one word, "failing", is an epithet anyone repeats).
    fragment_words: int = 2
    one_word_within: int = 6  # a one-word fragment links only to a quote this short or shorter,
    one_word_letters: int = 7  # of one speaker, and only a word this long
    # ... or, whoever the speakers, a word this long that the other quotes alone as well:
    # "lodestar" in quotation marks in two reports of one story is one source's word; the
    # short ones ("fake", "failing") are epithets anyone repeats.
    rare_word_letters: int = 8
    fragment_run_words: int = 5  # one speaker's fragment not found whole: a run this long kept, and overlap_share of it


@dataclass
class Said:
    """One occurrence as linking sees it: the quote's words and kind, its speaker as the
    article names it, the article's date."""

    text: str
    kind: str  # direct | indirect | mixed
    speaker_key: Optional[str] = None  # actor_id, the cross-article key of a named actor
    speaker_name: Optional[str] = None
    named: bool = True
    actor_type: Optional[str] = None
    dictionary_id: Optional[str] = None
    affiliation: Optional[str] = None  # actor_id of the body an unnamed speaker speaks for
    date: Optional[str] = None
    # The speaker's title as the article gives it ("White House spokesman"): known while the
    # article is linked, not kept in the occurrence rows.
    title: Optional[str] = None
    tokens: list[str] = field(init=False)
    quoted: list[list[str]] = field(init=False)
    sentences: list[tuple[str, ...]] = field(init=False)
    stems: frozenset[str] = field(init=False)
    reported: bool = field(init=False)
    reports_several: bool = field(init=False)
    # What candidate statements by speaker are looked up by: the last word of a named
    # speaker's key (a surname: "graham" meets "lindsey-graham"), the head noun of an
    # unnamed one's description ("prosecutors" meets "federal prosecutors").
    block: Optional[str] = field(init=False)
    # Made once, read by every comparison of the occurrence (a stored one is compared with
    # every quote of its story): the speaker as speaker_match reads it, the content stems
    # and joined words of each quoted part, the content stems of each sentence.
    speaker: "Speaker" = field(init=False, repr=False, compare=False)
    quoted_stems: list[frozenset[str]] = field(init=False, repr=False, compare=False)
    quoted_text: list[str] = field(init=False, repr=False, compare=False)
    sentence_stems: list[frozenset[str]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.tokens = words(self.text)
        stretches = quoted_stretches(self.text) if self.kind == "mixed" else []
        if len(stretches) > 1:
            # A mixed quote quoting several stretches ("called it 'X' and said 'Y'") may
            # quote several statements: it stands for its longest stretch, and each of the
            # others is a fragment of its own (store.statements.article_fragments).
            start, end = max(stretches, key=lambda span: (span[1] - span[0], -span[0]))
            self.quoted = [p for p in quoted_parts(self.text[start:end], "direct") if p]
            self.sentences = quoted_sentences(self.text[start:end], "direct")
        else:
            self.quoted = quoted_parts(self.text, self.kind)
            self.sentences = quoted_sentences(self.text, self.kind)
        # The outlet's own words are most of it: a report whose stretch is a fragment too
        # (store.statements.article_fragments).
        self.reported = bool(stretches) and len(self.tokens) > 2 * max(len(p) for p in self.quoted or [[]])
        self.reports_several = self.reported and len(stretches) > 1
        self.stems = content_stems(self.tokens)
        self.block = speaker_block(self.speaker_key, self.named)
        self.speaker = Speaker(self.speaker_key, self.named, self.affiliation, self.dictionary_id, self.actor_type)
        self.quoted_stems = [content_stems(p) for p in self.quoted]
        self.quoted_text = [" ".join(p) for p in self.quoted]
        self.sentence_stems = [content_stems(sentence) for sentence in self.sentences]

    @functools.cached_property
    def stretch(self) -> "Said":
        """A mixed quote's quoted stretch as a direct quote of its speaker's (``story_link``)."""
        return Said(" ".join(self.quoted[0]), "direct", self.speaker_key, self.speaker_name, self.named,
                    self.actor_type, self.dictionary_id, self.affiliation, self.date)


class Speaker(NamedTuple):
    """The speaker of an occurrence, as ``match_speakers`` compares it (a key of its cache):
    what the store keeps of it in each occurrence row."""

    speaker_key: Optional[str]
    named: bool
    affiliation: Optional[str]
    dictionary_id: Optional[str]
    actor_type: Optional[str]


@functools.lru_cache(maxsize=65536)
def speaker_block(key: Optional[str], named: bool) -> Optional[str]:
    if not key:
        return None
    last = key.replace("_", "-").split("-")[-1]
    return last if named else stem(last)


@dataclass(frozen=True)
class Link:
    kind: str  # direct | partial | paraphrase
    score: float  # 0..1; the best-scoring statement wins
    # The first occurrence holds the other's words (it is the longer one), or a whole
    # sentence of them: a quote that covers two stored ones bridges their statements into one.
    covers: bool = False


def speaker_match(a: Said, b: Said) -> Optional[str]:
    """same (one named actor), unnamed (two unnamed sources of one description or body),
    affiliated (an unnamed source speaking for the named actor, or for its body; a named
    person whose affiliation is the other, named, body), unknown
    (one quote has no speaker, or an unnamed source is not known to be the other's), or
    None: two named speakers who are not one actor."""
    return match_speakers(a.speaker, b.speaker)


@functools.lru_cache(maxsize=65536)
def match_speakers(a: Speaker, b: Speaker) -> Optional[str]:
    """``speaker_match`` of two speakers alone, without their words (a stored occurrence's
    row gives its ``Speaker`` without making its ``Said``)."""
    # Of the speakers alone: a story's few speakers meet each other in thousands of pairs.
    if not a.speaker_key or not b.speaker_key or not_a_speaker(a.speaker_key) or not_a_speaker(b.speaker_key):
        return "unknown"
    if a.named and b.named:
        if _same_named(a, b):
            return "same"
        return "affiliated" if _speaks_for(a, b) or _speaks_for(b, a) else None
    if not a.named and not b.named:
        if a.affiliation and a.affiliation == b.affiliation:
            return "unnamed"
        heads_agree = speaker_block(a.speaker_key, False) == speaker_block(b.speaker_key, False)
        if heads_agree and (not a.affiliation or not b.affiliation):
            return "unnamed"
        if a.affiliation and b.affiliation:
            return None  # two bodies: a Kremlin aide is not a White House official
        # "the official wrote" here, "the author wrote" there: nothing says they differ.
        return "unknown"
    named, unnamed = (a, b) if a.named else (b, a)
    if unnamed.affiliation and unnamed.affiliation in (named.speaker_key, named.affiliation):
        return "affiliated"
    if speaker_block(named.speaker_key, True) in unnamed.speaker_key.replace("_", "-").split("-"):
        return "affiliated"  # "the Trump campaign" for Trump, "Sanders's office" for Sanders
    return None if unnamed.affiliation else "unknown"


@functools.lru_cache(maxsize=65536)
def not_a_speaker(key: str) -> bool:
    """A platform or medium the quote stage took for the speaker ("twitter" for a tweet):
    nobody is named, so the speaker is not known (statements.yaml ``not_speakers``)."""
    return key.replace("_", "-") in not_speakers()


def _speaks_for(person: Speaker, body: Speaker) -> bool:
    """A named person whose affiliation is the named body that the other outlet quotes:
    "White House spokesman Hogan Gidley said" here, "the White House said" there."""
    return (person.actor_type == "person" and body.actor_type != "person"
            and person.affiliation is not None and person.affiliation == body.speaker_key)


def _same_named(a: Speaker, b: Speaker) -> bool:
    if a.dictionary_id and b.dictionary_id:
        return a.dictionary_id == b.dictionary_id
    if a.speaker_key == b.speaker_key:
        return True
    if a.actor_type and b.actor_type and a.actor_type != b.actor_type:
        return False
    ka = a.speaker_key.replace("_", "-").split("-")
    kb = b.speaker_key.replace("_", "-").split("-")
    short, long_ = sorted((ka, kb), key=len)
    # "graham" and "lindsey-graham": one name the other's surname, the rest a given name.
    return short[-1] == long_[-1] and set(short) <= set(long_)


@functools.lru_cache(maxsize=65536)
def days_apart(a: Optional[str], b: Optional[str]) -> Optional[int]:
    try:
        return abs((_dt.date.fromisoformat(a[:10]) - _dt.date.fromisoformat(b[:10])).days)  # type: ignore[index]
    except (TypeError, ValueError):
        return None


def shared_run_words(shorter: Sequence[str], longer: Sequence[str]) -> int:
    """The shorter's words found, in order, in runs of two or more words of the longer (a
    run of one would let any common word count; a quote of one or two words must be found whole)."""
    if not shorter:
        return 0
    if len(shorter) <= 2:
        n = len(shorter)
        return n if any(list(longer[i : i + n]) == list(shorter) for i in range(len(longer) - n + 1)) else 0
    matcher = difflib.SequenceMatcher(None, list(shorter), list(longer), autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks() if block.size >= 2)


def containment(shorter: Sequence[str], longer: Sequence[str]) -> float:
    """Share of the shorter's words found in runs of the longer (``shared_run_words``)."""
    return shared_run_words(shorter, longer) / len(shorter) if shorter else 0.0


def compare(a: Said, b: Said, settings: LinkSettings = LinkSettings()) -> Optional[Link]:
    """The link between two occurrences when they report one utterance, else None."""
    level = speaker_match(a, b)
    if level is None:
        return None
    if a.stems and b.stems and a.stems.isdisjoint(b.stems):
        return None  # no content word in common: no wording of either can hold the other
    apart = days_apart(a.date, b.date)
    near = apart is None or apart <= settings.window_days
    best: Optional[Link] = None
    both_direct = a.kind == "direct" and b.kind == "direct"
    for pa, sa, ta in zip(a.quoted, a.quoted_stems, a.quoted_text):
        for pb, sb, tb in zip(b.quoted, b.quoted_stems, b.quoted_text):
            link = _verbatim(pa, pb, sa, sb, ta, tb, both_direct, level, near, settings)
            if link is not None and (best is None or link.score > best.score):
                best = link
    if best is None and near:
        best = _shared_sentence(a, b, both_direct, level, settings)
    reworded = "indirect" in (a.kind, b.kind) or "mixed" in (a.kind, b.kind)
    if best is None and reworded and near:
        best = _echo(a, b, level, settings) or _echo(b, a, level, settings)
    if best is None and reworded and near:
        best = _paraphrase(a, b, level, settings)
    return best


def _verbatim(
    pa: Sequence[str], pb: Sequence[str], sa: frozenset[str], sb: frozenset[str], ta: str, tb: str,
    both_direct: bool, level: str, near: bool, settings: LinkSettings,
) -> Optional[Link]:
    """Two quoted parts (their words, content stems and joined words)."""
    # The shorter first, ``pa`` on a tie.
    shorter, longer, short_stems, long_stems = (pb, pa, sb, sa) if len(pb) < len(pa) else (pa, pb, sa, sb)
    ratio = None
    if level == "unknown":
        ratio = fuzz.ratio(ta, tb)
        if len(shorter) >= settings.unknown_speaker_words and ratio >= settings.unknown_speaker_ratio and both_direct:
            return Link("direct", ratio / 100)
        if not near or len(short_stems) < settings.unknown_speaker_content:
            return None
    if len(shorter) <= settings.short_words and not near:
        return None
    if ratio is None:
        ratio = fuzz.ratio(ta, tb)
    if ratio >= settings.same_ratio and len(short_stems) >= 1:
        return Link("direct" if both_direct else "partial", ratio / 100, covers=len(pa) >= len(pb))
    if len(short_stems) < settings.min_content:
        return None
    # Each content word of the shorter missing from the longer is a word outside the shared
    # runs: more of them than the overlap rule allows, and the costly alignment is skipped.
    if len(short_stems - long_stems) > (1 - settings.overlap_share) * len(shorter):
        return None
    shared = shared_run_words(shorter, longer)
    share = shared / len(shorter)
    # Two outlets that both trimmed the sentence, at different ends, overlap without either
    # containing the other: a long shared run is as good a witness.
    if share >= settings.containment or (shared >= settings.overlap_words and share >= settings.overlap_share):
        # A trimmed quote keeps most of the sentence; a partial one quotes a few words of it.
        kind = "direct" if both_direct and len(shorter) >= 0.5 * len(longer) else "partial"
        return Link(kind, 0.5 + 0.4 * share * min(1.0, len(shorter) / 8), covers=shorter is pb and share >= settings.containment)
    return None


def _shared_sentence(a: Said, b: Said, both_direct: bool, level: str, settings: LinkSettings) -> Optional[Link]:
    """A whole sentence of one quote found word for word in the other: two outlets that
    cut one passage at different sentences ("A. B." here, "B. C." there). The sentence
    joins them, and a quote sharing one sentence with each of two statements bridges them."""
    needed = settings.unknown_speaker_content if level == "unknown" else settings.min_content
    best: Optional[Link] = None
    for own, other in ((a, b), (b, a)):
        for sentence, stems in zip(own.sentences, own.sentence_stems):
            n = len(sentence)
            if n < settings.sentence_words or len(stems) < needed or not stems <= other.stems:
                continue  # too short, too plain, or a word of it is not in the other at all
            for part in other.quoted:
                if len(part) > n and any(tuple(part[i : i + n]) == sentence for i in range(len(part) - n + 1)):
                    shorter = min(len(part), max(len(p) for p in own.quoted))
                    link = Link("direct" if both_direct else "partial", 0.5 + 0.3 * min(1.0, n / shorter), covers=own is b)
                    if best is None or (link.score, link.covers) > (best.score, best.covers):
                        best = link
    return best


def _echo(quoting: Said, report: Said, level: str, settings: LinkSettings) -> Optional[Link]:
    """The speaker's words as one outlet quotes them, kept word for word in another's
    report ("their job would be jeopardized" in "the official's job would be jeopardized by
    its disclosure"), or the report's words a stretch of the quote: the reporter's own
    words around them do not make it another statement."""
    if report.kind == "direct" or not report.tokens:
        return None
    needed = settings.unknown_speaker_content if level == "unknown" else settings.min_content
    best: Optional[Link] = None
    for part, part_stems in zip(quoting.quoted, quoting.quoted_stems):
        # The shorter first, the part on a tie.
        shorter, longer, short_stems, long_stems = (
            (report.tokens, part, report.stems, part_stems) if len(report.tokens) < len(part) else (part, report.tokens, part_stems, report.stems)
        )
        if len(short_stems) < needed:
            continue
        if len(short_stems - long_stems) > (1 - settings.containment) * len(shorter):
            continue
        share = containment(shorter, longer)
        if share >= settings.containment:
            kind = "paraphrase" if "indirect" in (quoting.kind, report.kind) else "partial"
            link = Link(kind, 0.4 + 0.4 * share * min(1.0, len(shorter) / 8))
            if best is None or link.score > best.score:
                best = link
    return best


def _paraphrase(a: Said, b: Said, level: str, settings: LinkSettings) -> Optional[Link]:
    if not a.stems or not b.stems:
        return None
    shared = len(a.stems & b.stems)
    overlap = shared / min(len(a.stems), len(b.stems))
    needed = settings.unknown_paraphrase_shared if level == "unknown" else settings.paraphrase_shared
    if shared >= needed and overlap >= settings.paraphrase_overlap:
        return Link("paraphrase", 0.4 * overlap)
    return None


def _found_in(shorter: Sequence[str], longer: Sequence[str]) -> bool:
    n = len(shorter)
    return any(list(longer[i : i + n]) == list(shorter) for i in range(len(longer) - n + 1))


def _kept_in_a_long_run(shorter: Sequence[str], longer: Sequence[str], run: int) -> float:
    """Share of the shorter's words in runs of two or more of the longer, 0 unless one run is ``run`` words long."""
    matcher = difflib.SequenceMatcher(None, list(shorter), list(longer), autojunk=False)
    blocks = [block.size for block in matcher.get_matching_blocks() if block.size >= 2]
    return sum(blocks) / len(shorter) if blocks and max(blocks) >= run else 0.0


def _same_rare_word(own: Sequence[str], other: Said, settings: LinkSettings) -> bool:
    """One word, this long, that the other quotes alone as well (``rare_word_letters``)."""
    return len(own) == 1 and len(own[0]) >= settings.rare_word_letters and any(list(part) == list(own) for part in other.quoted)


def fragment_link(fragment: Said, other: Said, settings: LinkSettings = LinkSettings()) -> Optional[Link]:
    """A quoted fragment (a scare quote, or one stretch of a mixed quote that quotes
    several) and another article's occurrence of one story: one statement when the
    fragment's words stand word for word in the other's quoted words (or the other's in
    the fragment's: "worst inclinations" and "his worst inclinations"), the speakers are
    compatible, and the two are near in time. Only the occurrences of articles already
    linked to the fragment's are compared (``store.statements``): a short phrase found
    anywhere in the corpus is no witness, within one story it is."""
    # The cheapest test first: most pairs of a story share no content word.
    if not fragment.quoted:
        return None
    own, stems = fragment.quoted[0], fragment.quoted_stems[0]
    if not stems or stems.isdisjoint(other.stems):
        return None  # no content word in common: neither holds the other
    apart = days_apart(fragment.date, other.date)
    if apart is not None and apart > settings.window_days:
        return None
    level = speaker_match(fragment, other)
    if level is None:
        return None
    if level == "unknown" and len(own) < settings.fragment_words and not _same_rare_word(own, other, settings):
        return None
    parts = zip(other.quoted, other.quoted_stems) if other.kind != "indirect" else [(other.tokens, other.stems)]
    best: Optional[Link] = None
    for part, part_stems in parts:
        if not part:
            continue
        # The shorter first, the fragment's own words on a tie.
        shorter, longer, short_stems, long_stems = (part, own, part_stems, stems) if len(part) < len(own) else (own, part, stems, part_stems)
        if not short_stems:
            continue
        if short_stems <= long_stems and _found_in(shorter, longer):
            share = 1.0
        elif level == "same" and len(shorter) >= settings.fragment_run_words and len(short_stems & long_stems) >= 3:
            # One speaker's words with a word swapped for a pronoun or a name ("to fire him",
            # "to fire James Comey"): a long run of them kept, and most of the rest.
            share = _kept_in_a_long_run(shorter, longer, settings.fragment_run_words)
            if share < settings.overlap_share:
                continue
        else:
            continue
        one_word = len(shorter) == 1 and not (len(longer) == 1 and len(shorter[0]) >= settings.rare_word_letters)
        if one_word and (len(longer) > settings.one_word_within or len(shorter[0]) < settings.one_word_letters or level != "same"):
            # "failing" in a long tweet: an epithet the speaker repeats, not this utterance's;
            # "order" in "secondary order": a common word, no witness.
            continue
        kind = "paraphrase" if other.kind == "indirect" else "partial"
        link = Link(kind, 0.5 + 0.4 * share * min(1.0, len(shorter) / 8) * len(shorter) / len(longer) + 0.05 * min(1.0, len(shorter) / 4))
        if best is None or link.score > best.score:
            best = link
    return best


# What may stand between a report and the quote that follows it at once: the end of the
# report's sentence, a paragraph break, the quote's opening mark; no word.
_LEAD_GAP = re.compile(r"[.!?]?[\"”’']?\s*[\"“‘'«]?")


def is_spokesperson(title: Optional[str]) -> bool:
    """A title that makes its holder the voice of a body ("White House press secretary",
    "Kremlin spokesman"): statements.yaml ``spokesperson_titles``."""
    if not title:
        return False
    found = " " + " ".join(words(title)) + " "
    return any(f" {name} " in found for name in spokesperson_titles())


def lead_paraphrase(report: Said, quote: Said, between: str) -> Optional[Link]:
    """A report in the outlet's words and the direct quote that follows it at once, the
    quote's speaker speaking with the report's voice: "the White House said Trump was
    unlikely to hand over his tax returns. 'As I understand it, ... he's not inclined to do
    so at this time,' White House spokesman Hogan Gidley told Fox News". The report is the
    outlet's summary of the words it then quotes, though the two share no word. ``between``
    is the text from the end of the report to the start of the quote's words.

    Only for a body or an unnamed source: a statement of the White House, of "a Treasury
    spokeswoman", is one communication the outlet sums up and then quotes; a named
    person's paraphrase followed by a quote is as often another sentence of a speech or an
    interview ("Pompeo said he was not the author. 'I come from a place where ...'")."""
    if report.kind != "indirect" or quote.kind != "direct" or not report.speaker_key or not quote.speaker_key:
        return None
    if not _LEAD_GAP.fullmatch(between) or not any(mark in between for mark in ".!?\n"):
        return None
    level = speaker_match(report, quote)
    if level is None or level == "unknown" or not _speaks_with_voice_of(quote, report.speaker, level):
        return None
    return Link("paraphrase", 0.4)


def _speaks_with_voice_of(quote: Said, voice: Speaker, level: str) -> bool:
    """The quote's speaker is the report's body, its spokesman (a member of it is not: "Democrats
    say they are confident. 'Mnuchin is again choosing to violate the law,' said Rep. Bill
    Pascrell"), or an unnamed source of its description or body; not the person an unnamed
    source speaks about or for ("officials said Trump would veto it. 'I will,' Trump said")."""
    speaker = quote.speaker
    if voice.named:
        if voice.actor_type == "person":
            return False
        return level == "same" or (speaker.affiliation == voice.speaker_key and is_spokesperson(quote.title))
    if speaker.named:
        return voice.affiliation is not None and speaker.affiliation == voice.affiliation
    return level == "unnamed"


def story_link(a: Said, b: Said, settings: LinkSettings = LinkSettings()) -> Optional[Link]:
    """Two occurrences of articles of one story: ``compare``, or else the quoted stretch of
    a mixed quote linked as a fragment ("lied under 'OATH'" and the tweet that says it)."""
    best = compare(a, b, settings)
    for mixed, other in ((a, b), (b, a)):
        # A mixed quote mostly in the outlet's own words that quotes several stretches may
        # report several statements: its stretches are linked as fragments of their own.
        if mixed.kind == "mixed" and mixed.quoted and not mixed.reports_several and not other.reports_several:
            link = fragment_link(mixed.stretch, other, settings)
            if link is not None and (best is None or link.score > best.score):
                best = link
    return best
