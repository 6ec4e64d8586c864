"""`newsledger eval` on a statements gold (issue 14): pairwise precision and recall of
cross-article links, by kind of link (direct, partial, paraphrase)."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from newsledger.cli import app
from newsledger.evaluate import is_statements_gold, score_statement_links

A = 'The mayor spoke on Monday. "We will rebuild the bridge before the winter comes," Mayor Ann Holt said.'
B = 'Holt promised to act fast. She said the city would rebuild the bridge before winter. "No more delays," she added.'
C = 'Ann Holt said the city would "rebuild the bridge" soon. "The budget is not a problem," she said.'


def span(text: str, words: str) -> tuple[int, int]:
    start = text.index(words)
    return start, start + len(words)


def gold_for(texts: dict[str, str]) -> dict:
    occurrences = []
    for article, words, kind in (("a", "We will rebuild the bridge before the winter comes,", "direct"),
                                 ("b", "the city would rebuild the bridge before winter", "indirect"),
                                 ("c", "rebuild the bridge", "partial")):
        start, end = span(texts[article], words)
        occurrences.append({"article": article, "start": start, "end": end, "kind": kind})
    return {"corpus": "corpus.jsonl", "stories": [{"name": "the bridge", "articles": [{"id": k} for k in texts],
                                                   "statements": [{"id": "1", "occurrences": occurrences}]}]}


TEXTS = {"a": A, "b": B, "c": C}


def occurrence(article: str, words: str, statement: str) -> dict:
    start, end = span(TEXTS[article], words)
    return {"article": article, "start": start, "end": end, "statement_id": statement}


def test_pairs_are_scored_by_kind():
    gold = gold_for(TEXTS)
    system = [
        occurrence("a", "We will rebuild the bridge before the winter comes,", "s1"),
        occurrence("c", "rebuild the bridge", "s1"),  # partial: found
        occurrence("b", "the city would rebuild the bridge before winter", "s2"),  # paraphrase: missed twice
        occurrence("b", "No more delays,", "s3"),
        occurrence("c", "The budget is not a problem,", "s3"),  # two passages the reader left apart: a false link
    ]
    result = score_statement_links(gold, TEXTS, system)
    assert (result["links"].tp, result["links"].fp, result["links"].fn) == (1, 1, 2)
    assert (result["partial"].tp, result["partial"].fp, result["partial"].fn) == (1, 0, 0)
    assert (result["paraphrase"].tp, result["paraphrase"].fn) == (0, 2)
    assert (result["direct"].tp, result["direct"].fp, result["direct"].fn) == (0, 1, 0)  # two quoted passages linked
    assert result["occurrences"]["found"] == 5
    assert len(result["missed"]) == 2 and result["missed"][0].startswith("paraphrase")


def test_links_within_one_article_and_unmapped_quotes_are_not_pairs():
    system = [
        occurrence("b", "the city would rebuild the bridge before winter", "s1"),
        occurrence("b", "No more delays,", "s1"),  # same article: not a cross-article pair
        {"article": "c", "start": 0, "end": 8, "statement_id": "s1"},  # "Ann Holt": no gold counterpart
    ]
    result = score_statement_links(gold_for(TEXTS), TEXTS, system)
    assert result["links"].tp == 0 and result["links"].fp == 0 and result["links"].fn == 3
    assert result["occurrences"]["unjudged_pairs"] == 2  # the unmapped one with each of the two others


def test_eval_command_reads_a_statements_gold(tmp_path):
    folder = tmp_path / "gold"
    folder.mkdir()
    with open(folder / "corpus.jsonl", "w", encoding="utf-8") as out:
        for n, (key, text) in enumerate(TEXTS.items()):
            out.write(json.dumps({"id": key, "text": text, "date": f"2021-03-0{n + 1}", "source": f"Outlet {key.upper()}"}) + "\n")
    gold = gold_for(TEXTS)
    assert is_statements_gold(gold) and not is_statements_gold({"file": "x.txt", "quotes": []})
    (folder / "bridge.json").write_text(json.dumps(gold), encoding="utf-8")
    result = CliRunner().invoke(app, ["eval", str(folder), "--json"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.output)["stages"]["statements"]
    assert set(scores) >= {"links", "direct", "partial", "paraphrase"}
    assert scores["links"]["tp"] + scores["links"]["fn"] == 3  # three cross-article gold pairs
    assert scores["occurrences"]["of"] == 5  # three grouped occurrences and two other quoted passages


def test_eval_command_says_when_the_corpus_is_missing(tmp_path):
    (tmp_path / "bridge.json").write_text(json.dumps({**gold_for(TEXTS), "corpus": "nowhere.jsonl"}), encoding="utf-8")
    result = CliRunner().invoke(app, ["eval", str(tmp_path)])
    assert result.exit_code != 0 and "nowhere.jsonl" in result.output
