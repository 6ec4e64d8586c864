"""Ingest: text, HTML, JSON Lines, JSON, folders and standard input -> Article, and every
kind of bad input -> a clear IngestError that does not stop a batch. No spaCy here."""

from __future__ import annotations

import io
import itertools
import json
import pickle
import sys
from pathlib import Path

import pytest

from newsledger.document import Article, article_id_for
from newsledger.ingest import (
    IngestError,
    IngestItem,
    _read_jsonl,
    language_warning,
    read_head,
    read_one,
    read_path,
    read_paths,
    read_text_article,
)

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
SEED = Path(__file__).resolve().parents[1] / "examples" / "seed" / "trump-putin-hamburg-2017-07-08.txt"

BODY = (
    "Rescue teams reached the flooded villages in the north of the province on Sunday, "
    "officials said, after two days of rain washed away bridges and roads.\n\n"
    "\u201cThe water came up in less than an hour,\u201d said a farmer who had spent the night "
    "on the roof of his house with his family.\n"
)


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_bytes(content.encode("utf-8"))
    return path


def items(path, **kw) -> list[IngestItem]:
    return list(read_path(path, **kw))


def only_article(path, **kw) -> Article:
    got = items(path, **kw)
    assert len(got) == 1, got
    assert got[0].error is None, str(got[0].error)
    return got[0].article


def only_error(path, **kw) -> IngestError:
    got = items(path, **kw)
    assert len(got) == 1, got
    assert got[0].article is None
    return got[0].error


# --- the seed article ---------------------------------------------------------------------


def test_seed_title_author_date_and_exact_text():
    article = only_article(SEED)
    assert article.title == "Trump-Putin meeting deepens divisions in US establishment on Russia policy"
    assert article.author == "Barry Grey"
    assert article.date == "2017-07-08"
    assert article.text == SEED.read_text(encoding="utf-8")
    assert article.id == article_id_for(article.text)
    assert article.warnings == []


def test_seed_read_one_is_the_same_article():
    assert read_one(SEED).id == only_article(SEED).id


# --- article heads in text files ------------------------------------------------------------


@pytest.mark.parametrize(
    "dateline, iso",
    [
        ("8 July 2017", "2017-07-08"),
        ("July 8, 2017", "2017-07-08"),
        ("2017-07-08", "2017-07-08"),
        ("Saturday, July 8, 2017", "2017-07-08"),
        ("Updated 8 July 2017 14:05 GMT", "2017-07-08"),
        ("Published: 12 March 2020", "2020-03-12"),
        ("Updated 10:32 a.m. ET, 10/14/2013", "2013-10-14"),
    ],
)
def test_dateline_forms(dateline, iso):
    text = f"Floods cut off northern villages\n\nBy Jane Smith\n{dateline}\n\n{BODY}"
    head = read_head(text)
    assert head.date == iso
    assert head.title == "Floods cut off northern villages"
    assert head.author == "Jane Smith"


@pytest.mark.parametrize("line", ["Yesterday", "3 hours ago", "Friday", "July 2017", "Last week, 2017 was a record year"])
def test_relative_or_partial_dates_are_not_datelines(line):
    head = read_head(f"Floods cut off northern villages\n\n{line}\n\n{BODY}")
    assert head.date is None


def test_bare_name_between_title_and_dateline_is_the_author():
    head = read_head(f"\nCentral bank raises rates again\n\nAmelia Okafor\n3 May 2022\n\n{BODY}")
    assert (head.title, head.author, head.date) == ("Central bank raises rates again", "Amelia Okafor", "2022-05-03")


def test_bare_name_without_a_dateline_is_not_taken_for_an_author():
    head = read_head(f"Central bank raises rates again\n\nAmelia Okafor\n\n{BODY}")
    assert head.author is None


def test_section_label_beside_the_dateline_is_not_an_author():
    head = read_head(f"Central bank raises rates again\n\nWorld News\n3 May 2022\n\n{BODY}")
    assert head.author is None
    assert head.date == "2022-05-03"


@pytest.mark.parametrize(
    "byline, author",
    [
        ("By Jane Smith and Tom Lee, Reuters", "Jane Smith and Tom Lee"),
        ("By JANE SMITH in Kyiv", "Jane Smith"),
        ("Written by Ursula von der Leyen", "Ursula von der Leyen"),
        ("By Jean H. Lee, Associated Press", "Jean H. Lee"),
    ],
)
def test_byline_forms(byline, author):
    head = read_head(f"Talks resume in Geneva\n\n{byline}\n\n{BODY}")
    assert head.author == author
    assert head.title == "Talks resume in Geneva"


def test_byline_and_dateline_on_one_line():
    head = read_head(f"Talks resume in Geneva\nBy Omar Haddad | 14 February 2024\n\n{BODY}")
    assert (head.title, head.author, head.date) == ("Talks resume in Geneva", "Omar Haddad", "2024-02-14")


def test_text_without_a_head_has_no_title_author_or_date():
    head = read_head(BODY)
    assert (head.title, head.author, head.date) == (None, None, None)


def test_a_first_line_that_is_a_sentence_is_not_a_title():
    head = read_head("The minister resigned on Tuesday.\n\nHis deputy will take over until elections in May.\n")
    assert head.title is None


def test_a_short_line_glued_to_the_body_is_not_a_title():
    head = read_head("Officials said\nthe dam had held through the night and that no one was hurt.\n")
    assert head.title is None


def test_names_alone_on_top_are_not_a_title():
    head = read_head(f"David Okoro and Lisa Brandt\n\n{BODY}")
    assert head.title is None


def test_teaser_and_two_sentence_lines_are_not_titles():
    assert read_head(f"7 years ago\n\n{BODY}").title is None
    assert read_head(f"Talks collapsed on Friday. Five things to know\n\n{BODY}").title is None
    assert read_head(f"Is the ceasefire holding?\n\n{BODY}").title == "Is the ceasefire holding?"


def test_dateline_on_the_first_line_gives_a_date_and_no_title():
    head = read_head(f"Friday, January 4, 2019 \n\n{BODY}")
    assert head.date == "2019-01-04"
    assert head.title is None


def test_markdown_headline(tmp_path):
    article = only_article(write(tmp_path, "story.md", f"# Wildfire forces evacuations\n\n*By Lena Park*\n\n{BODY}"))
    assert article.title == "Wildfire forces evacuations"
    assert article.author == "Lena Park"
    assert article.text.startswith("# Wildfire")


def test_read_text_article_keeps_text_exactly():
    text = f"\n\n  Strike ends at car plant  \n\n{BODY}   \n\n"
    article = read_text_article(text, date="2020-01-02")
    assert article.text == text
    assert article.title == "Strike ends at car plant"
    assert article.date == "2020-01-02"


# --- encodings and bad text files -----------------------------------------------------------


def test_empty_file_is_an_error(tmp_path):
    error = only_error(write(tmp_path, "empty.txt", b""))
    assert "empty file" in str(error)
    assert error.path.endswith("empty.txt")


def test_whitespace_only_file_is_an_error(tmp_path):
    error = only_error(write(tmp_path, "blank.txt", " \n\t\r\n  \n"))
    assert "empty file" in error.message


@pytest.mark.parametrize(
    "content, kind",
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10", "PNG"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
        (b"PK\x03\x04\x14\x00\x06\x00\x08\x00word/document.xml", "ZIP"),
        (bytes(range(256)) * 8, None),
    ],
)
def test_binary_file_renamed_txt_is_refused(tmp_path, content, kind):
    error = only_error(write(tmp_path, "photo.txt", content))
    assert "binary file" in error.message and "not an article" in error.message
    if kind:
        assert kind in error.message


def test_utf8_bom_is_dropped(tmp_path):
    path = write(tmp_path, "bom.txt", b"\xef\xbb\xbf" + f"Bridge reopens after repairs\n\n{BODY}".encode())
    article = only_article(path)
    assert article.text.startswith("Bridge reopens")
    assert article.title == "Bridge reopens after repairs"
    assert article.warnings == []


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be"])
def test_utf16_with_bom(tmp_path, encoding):
    text = f"Bridge reopens after repairs\n\n{BODY}"
    data = text.encode(encoding) if encoding == "utf-16" else b"\xfe\xff" + text.encode(encoding)
    article = only_article(write(tmp_path, "wide.txt", data))
    assert article.text == text
    assert article.title == "Bridge reopens after repairs"
    assert article.warnings == []


def test_windows_1252_is_decoded_with_a_warning(tmp_path):
    text = "Caf\u00e9 owners protest\n\n\u201cWe pay \u20ac500 more a month,\u201d said Ren\u00e9e Dubois, who runs a caf\u00e9 near the station.\n"
    article = only_article(write(tmp_path, "latin.txt", text.encode("cp1252")))
    assert article.text == text
    assert any("not UTF-8" in w and "Windows-1252" in w for w in article.warnings)


def test_latin1_bytes_outside_windows_1252_still_decode(tmp_path):
    data = "Se\u00f1or Ib\u00e1\u00f1ez spoke to the assembly about the harbour.\n".encode("latin-1") + b"\x81"
    article = only_article(write(tmp_path, "latin1.txt", data))
    assert article.text.startswith("Se\u00f1or Ib\u00e1\u00f1ez")
    assert any("not UTF-8" in w for w in article.warnings)


def test_crlf_file_reads_like_python_text_mode_and_keeps_its_id(tmp_path):
    lf = f"Bridge reopens after repairs\n\n{BODY}"
    crlf_path = write(tmp_path, "crlf.txt", lf.replace("\n", "\r\n").encode())
    lf_path = write(tmp_path, "lf.txt", lf.encode())
    crlf, plain = only_article(crlf_path), only_article(lf_path)
    assert crlf.text == crlf_path.read_text(encoding="utf-8") == lf
    assert crlf.id == plain.id
    assert crlf.title == "Bridge reopens after repairs"


def test_id_is_stable_under_crlf_even_when_text_keeps_it():
    lf = f"Bridge reopens after repairs\n\n{BODY}"
    a = read_text_article(lf)
    b = read_text_article(lf.replace("\n", "\r\n") + "\r\n\r\n")
    assert a.id == b.id
    assert a.id != read_text_article(lf.replace("Bridge", "Tunnel")).id


def test_too_large_file_is_refused_unless_the_limit_is_raised(tmp_path):
    path = write(tmp_path, "big.txt", BODY * 200)
    error = only_error(path, max_bytes=10_000)
    assert "file too large" in error.message and "limit" in error.message
    assert only_article(path, max_bytes=1_000_000).text == BODY * 200


# --- non-English text -----------------------------------------------------------------------

GERMAN = (
    "Die Bundesregierung hat am Montag neue Hilfen für die Landwirte beschlossen, die von der "
    "Dürre in diesem Sommer besonders betroffen sind. Nach Angaben des Ministeriums sollen die "
    "Mittel noch vor dem Winter ausgezahlt werden, wie eine Sprecherin in Berlin sagte. Die "
    "Opposition kritisierte, das Geld komme zu spät und sei nicht genug für die Betriebe."
)
RUSSIAN = (
    "Правительство в понедельник объявило о новых мерах поддержки фермеров, пострадавших от "
    "засухи этим летом. По словам представителя министерства, средства будут выплачены до зимы."
)
CHINESE = "政府星期一宣布了支持受今年夏天干旱影响的农民的新措施。该部发言人表示，资金将在冬季之前发放。" * 2


@pytest.mark.parametrize("text, language", [(GERMAN, "German"), (RUSSIAN, "Russian"), (CHINESE, "Chinese")])
def test_non_english_text_gets_a_warning_naming_the_language(tmp_path, text, language):
    article = only_article(write(tmp_path, "foreign.txt", text))
    assert article.text == text
    [warning] = [w for w in article.warnings if "does not look like English" in w]
    assert language in warning and "facts may be missing" in warning


def test_english_text_and_tables_of_figures_get_no_language_warning():
    assert language_warning(BODY * 3) is None
    assert language_warning("Shr 34 cts vs 1.19 dlrs\n    Net 807,000 vs 2,858,000\n    Revs 20.9 mln vs 19.6 mln\n" * 4) is None


# --- HTML -----------------------------------------------------------------------------------


def test_html_article_text_and_metadata():
    article = only_article(FIXTURES / "article.html")
    assert article.title == "Port strike halts grain exports"
    assert article.author == "Maria Costa"
    assert article.date == "2023-04-18"
    assert article.source == "The Harbour Times"
    assert article.url == "https://harbourtimes.example/business/port-strike-grain"
    assert "union leader Tomas Berg told reporters" in article.text
    assert "dataLayer" not in article.text  # scripts
    assert "All rights reserved" not in article.text  # footer
    assert "Typical. The unions" not in article.text  # reader comments
    assert "\n\n" in article.text  # paragraphs kept apart


@pytest.mark.parametrize(
    "html",
    [
        "<html><head><script>var x = 1;</script></head><body><script>document.write('hi')</script></body></html>",
        "<html><head><title>Nothing here</title></head><body></body></html>",
        "<html><body><nav><a href='/'>Home</a> <a href='/world'>World</a> <a href='/sport'>Sport</a></nav></body></html>",
    ],
    ids=["only-scripts", "empty-body", "only-navigation"],
)
def test_html_without_article_text_is_an_error(tmp_path, html):
    error = only_error(write(tmp_path, "page.html", html))
    assert error.message == "no article text found in HTML"
    assert error.hint


def test_html_date_is_not_guessed_from_a_copyright_line(tmp_path):
    html = (
        "<html><head><title>Council approves budget</title></head><body><div>"
        "<p>The city council approved the new budget on Monday after a long debate about school funding.</p>"
        "<p>Opposition members said the plan would raise taxes for families.</p></div>"
        "<footer>&copy; 2021 Local Gazette</footer></body></html>"
    )
    article = only_article(write(tmp_path, "nodate.html", html))
    assert article.date is None
    assert article.title == "Council approves budget"


def test_broken_html_is_tolerated(tmp_path):
    html = (
        "<html><body><div><p>The city council voted on Monday to approve the new budget, the chairman said."
        "<p>Opposition members walked out <b>in protest</div></i></body>"
    )
    article = only_article(write(tmp_path, "broken.htm", html))
    assert "approve the new budget" in article.text
    assert "walked out in protest" in article.text


# --- JSON Lines and JSON ----------------------------------------------------------------------


def test_jsonl_good_lines_come_through_and_bad_lines_name_their_line():
    got = items(FIXTURES / "articles.jsonl")
    articles = [i.article for i in got if i.article]
    errors = {i.error.line: i.error for i in got if i.error}
    assert [a.title for a in articles] == ["Floods close mountain pass", "Minister resigns over contracts", "Trade fair opens"]
    assert sorted(errors) == [3, 4, 5, 6]  # line 2 is blank and skipped
    assert "not valid JSON" in errors[3].message
    assert 'no "text" field' in errors[4].message
    assert "not an object" in errors[5].message
    assert '"text" is empty' in errors[6].message
    assert str(errors[4]).startswith(f"{FIXTURES / 'articles.jsonl'}:4: ")


def test_jsonl_metadata_and_date_normalisation():
    articles = [i.article for i in items(FIXTURES / "articles.jsonl") if i.article]
    floods, minister, fair = articles
    assert (floods.date, floods.source, floods.url, floods.author) == (
        "2021-09-14",
        "Valley Post",
        "https://valleypost.example/floods",
        "Ann Lee",
    )
    assert minister.date == "2021-09-16"  # "September 16, 2021"
    assert fair.date is None
    assert any("not understood" in w for w in fair.warnings)
    assert floods.path.endswith("articles.jsonl:1")


def test_jsonl_given_id_is_ignored_and_identical_texts_share_an_id(tmp_path):
    text = "Protesters gathered outside parliament on Saturday to demand early elections."
    lines = [json.dumps({"id": "a-1", "text": text}), json.dumps({"id": "b-2", "text": text, "date": "2019-11-30T08:15:00Z"})]
    first, second = (i.article for i in items(write(tmp_path, "dups.jsonl", "\n".join(lines) + "\n")))
    assert first.id == second.id == article_id_for(text)  # reading does not deduplicate; the store does
    assert second.date == "2019-11-30"


def test_jsonl_is_streamed_line_by_line():
    line = json.dumps({"text": "Workers at the plant voted to end their strike on Thursday."}).encode()
    endless = itertools.repeat(line)  # never ends: reading must not try to hold the whole input
    first_three = list(itertools.islice(_read_jsonl(endless, "endless.jsonl", None), 3))
    assert [item.ok for item in first_three] == [True, True, True]


def test_json_file_with_one_article_or_a_list(tmp_path):
    one = write(tmp_path, "one.json", json.dumps({"title": "Ceasefire holds", "date": "2018-06-01", "text": BODY}))
    article = only_article(one)
    assert (article.title, article.date, article.text) == ("Ceasefire holds", "2018-06-01", BODY)
    many = write(tmp_path, "many.json", json.dumps([{"text": BODY}, {"title": "no text"}, {"text": BODY + "More."}]))
    got = items(many)
    assert [i.ok for i in got] == [True, False, True]
    assert "item 2" in got[1].error.message


def test_json_file_holding_json_lines_is_read_as_json_lines(tmp_path):
    path = write(tmp_path, "feed.json", json.dumps({"text": BODY}) + "\n" + json.dumps({"text": BODY + "Later."}) + "\n")
    assert [i.ok for i in items(path)] == [True, True]


def test_malformed_json_file_names_the_line(tmp_path):
    error = only_error(write(tmp_path, "bad.json", '{\n  "title": "x",\n  "text": \n}'))
    assert error.line == 4 and "not valid JSON" in error.message


# --- folders, several paths, duplicates, missing files ----------------------------------------


def test_folder_is_read_recursively_in_sorted_order_skipping_hidden_and_unsupported(tmp_path):
    write(tmp_path, "b.txt", "Second story\n\n" + BODY)
    write(tmp_path, "a.txt", "First story\n\n" + BODY)
    write(tmp_path, "sub/c.jsonl", json.dumps({"title": "Third story", "text": BODY}) + "\n")
    write(tmp_path, "sub/deeper/d.html", (FIXTURES / "article.html").read_bytes())
    write(tmp_path, ".hidden.txt", "Hidden story\n\n" + BODY)
    write(tmp_path, ".git/e.txt", "Inside a hidden folder\n\n" + BODY)
    write(tmp_path, "notes.csv", "a,b\n1,2\n")
    titles = [i.article.title for i in items(tmp_path)]
    assert titles == ["First story", "Second story", "Third story", "Port strike halts grain exports"]


def test_empty_folder_is_an_error_item(tmp_path):
    (tmp_path / "nothing").mkdir()
    error = only_error(tmp_path / "nothing")
    assert "no article files" in error.message


def test_same_file_given_twice_or_inside_a_given_folder_is_read_once(tmp_path):
    path = write(tmp_path, "story.txt", "One story\n\n" + BODY)
    assert len(list(read_paths([path, path, str(path), tmp_path]))) == 1


def test_missing_path_and_unsupported_type_are_errors_and_the_batch_goes_on(tmp_path):
    good = write(tmp_path, "good.txt", "Good story\n\n" + BODY)
    pdf = write(tmp_path, "report.pdf", b"%PDF-1.4 ...")
    got = list(read_paths([tmp_path / "missing.txt", pdf, good]))
    assert [i.ok for i in got] == [False, False, True]
    assert "no such file" in got[0].error.message
    assert "unsupported file type '.pdf'" in got[1].error.message


# --- standard input ---------------------------------------------------------------------------


class FakeStdin(io.StringIO):
    """Text-mode stdin with a binary buffer, like the real one."""

    def __init__(self, data: bytes) -> None:
        super().__init__()
        self.buffer = io.BytesIO(data)


@pytest.mark.parametrize("with_buffer", [True, False])
def test_stdin_text(monkeypatch, with_buffer):
    text = "Dam holds after storm\n\nBy Pia Moreno\n\n" + BODY
    monkeypatch.setattr(sys, "stdin", FakeStdin(text.encode()) if with_buffer else io.StringIO(text))
    article = only_article("-")
    assert article.text == text
    assert (article.title, article.author) == ("Dam holds after storm", "Pia Moreno")
    assert article.path == "<stdin>"


def test_stdin_jsonl_is_sniffed(monkeypatch):
    data = "\n  " + json.dumps({"text": BODY}) + "\n{broken\n" + json.dumps({"text": BODY + "Also."}) + "\n"
    monkeypatch.setattr(sys, "stdin", FakeStdin(data.encode()))
    got = items("-")
    assert [i.ok for i in got] == [True, False, True]
    assert got[1].error.path == "<stdin>" and got[1].error.line == 3


def test_stdin_html_is_sniffed(monkeypatch):
    monkeypatch.setattr(sys, "stdin", FakeStdin((FIXTURES / "article.html").read_bytes()))
    assert only_article("-").title == "Port strike halts grain exports"


def test_empty_stdin_is_an_error(monkeypatch):
    monkeypatch.setattr(sys, "stdin", FakeStdin(b"  \n"))
    assert "empty input" in only_error("-").message


# --- the caller's date ------------------------------------------------------------------------


def test_date_argument_overrides_the_articles_own(tmp_path):
    assert only_article(SEED, date="2017-07-09").date == "2017-07-09"
    articles = [i.article for i in items(FIXTURES / "articles.jsonl", date="2024-01-31") if i.article]
    assert {a.date for a in articles} == {"2024-01-31"}


@pytest.mark.parametrize("bad", ["8/7/17", "2017-13-01", "yesterday", "2017-07-08x"])
def test_bad_date_argument_is_refused_at_once(bad):
    with pytest.raises(IngestError) as caught:
        read_path(SEED, date=bad)  # raised before any reading, not on first next()
    assert caught.value.path == "--date"
    assert "YYYY-MM-DD" in str(caught.value)
    with pytest.raises(IngestError):
        read_one(SEED, date=bad)


# --- read_one (analyze) and the error type ----------------------------------------------------


def test_read_one_refuses_several_articles_and_folders(tmp_path):
    with pytest.raises(IngestError) as caught:
        read_one(FIXTURES / "articles.jsonl")
    assert "more than one article" in caught.value.message and "ingest" in caught.value.hint
    with pytest.raises(IngestError) as caught:
        read_one(FIXTURES)
    assert "folder" in caught.value.message


def test_read_one_single_line_jsonl_and_errors(tmp_path):
    single = write(tmp_path, "one.jsonl", json.dumps({"title": "Election called", "text": BODY}) + "\n")
    assert read_one(single).title == "Election called"
    with pytest.raises(IngestError, match="empty file"):
        read_one(write(tmp_path, "empty.txt", ""))
    with pytest.raises(IngestError, match="no such file"):
        read_one(tmp_path / "missing.txt")


def test_ingest_error_reads_as_file_line_message_hint_and_pickles():
    error = IngestError("feed.jsonl", 12, 'no "text" field', "add the article's text")
    assert str(error) == 'feed.jsonl:12: no "text" field — add the article\'s text'
    assert str(IngestError("a.txt", None, "empty file")) == "a.txt: empty file"
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.path, copy.line, copy.message, copy.hint) == (error.path, error.line, error.message, error.hint)


@pytest.mark.parametrize("form", ["{d} {m} {y}", "{m} {d}, {y}", "{m}. {d} {y}", "{d}th {m}, {y}"])
def test_common_datelines_read_without_dateparser_as_dateparser_reads_them(form):
    import dateparser

    from newsledger.ingest import _common_date, _parse_date

    for day, month, year in ((8, "July", 2017), (1, "sept", 2001), (29, "FEB", 2024), (31, "Dec", 1999)):
        value = form.format(d=day, m=month, y=year)
        parsed = dateparser.parse(value, languages=["en"], settings={"REQUIRE_PARTS": ["day", "month", "year"], "STRICT_PARSING": True})
        assert _common_date(value) == _parse_date(value) == parsed.date().isoformat(), value
    # An impossible day is left to dateparser, which refuses it.
    assert _common_date(form.format(d=30, m="February", y=2017)) is None
    assert _parse_date(form.format(d=30, m="February", y=2017)) is None
