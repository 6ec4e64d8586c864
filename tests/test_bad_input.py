"""The bad-input table of docs/RELIABILITY.md, end to end: each row is ingested into a fresh
database through ``run.ingest.ingest_paths`` (and all rows together, with two good articles,
through ``newsledger ingest DIR --db``). A row's outcome is one of: processed, processed
with a warning (stored with the warning), or an error naming the file (and line) while the
rest of the batch is stored. Row ids here match the table's first column."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pytest
from typer.testing import CliRunner

from newsledger.cli import app
from newsledger.run.ingest import ingest_paths
from newsledger.store import Store

GOOD_1 = (
    "Firefighters in the south of the country brought a forest fire under control on Wednesday, "
    "the regional governor said, after strong winds had pushed the flames towards two villages.\n\n"
    "\u201cWe were lucky the wind turned in the night,\u201d a fire brigade spokesman told reporters.\n"
)
GOOD_2 = (
    "The central bank left its main interest rate unchanged on Thursday, saying inflation was "
    "slowing but remained above its target. Analysts had expected the decision.\n"
)
GERMAN = (
    "Die Bundesregierung hat am Mittwoch ein neues Gesetz zum Klimaschutz beschlossen. "
    "Der Kanzler sagte in Berlin, das Gesetz sei ein wichtiger Schritt für die Zukunft des Landes. "
    "Die Opposition kritisierte den Entwurf jedoch als zu schwach und forderte strengere Regeln. "
    "Umweltverbände kündigten an, gegen das Gesetz vor Gericht zu ziehen.\n"
)
RUSSIAN = (
    "Правительство России в среду объявило о новых мерах поддержки экономики. "
    "Министр финансов заявил журналистам в Москве, что бюджет на следующий год будет сбалансирован. "
    "Эксперты считают, что рост цен в ближайшие месяцы замедлится. "
    "Центральный банк пока не комментирует эти планы.\n"
)
CHINESE = (
    "中国外交部发言人周三在北京举行的例行记者会上表示，中方愿与各方加强合作。"
    "发言人说，双方将在下个月举行新一轮会谈。"
    "分析人士认为，这次会谈对地区局势具有重要意义。"
    "此前，两国领导人曾多次通电话。\n"
)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89" + bytes(64)
LATIN1 = (
    "Le président a rencontré le Premier ministre à Paris mardi, a déclaré un porte-parole. "
    "The café owner said the talks went well and that both men agreed to meet again in Zürich."
)
HUGE_BYTES = 50 * 1024 * 1024 + 1  # one byte over the 50 MB limit of whole-file reads


def _huge(path: Path) -> None:
    block = (GOOD_2 * 200).encode("utf-8")
    with open(path, "wb") as out:
        written = 0
        while written < HUGE_BYTES:
            chunk = block[: HUGE_BYTES - written]
            out.write(chunk)
            written += len(chunk)


@dataclass
class Row:
    """One row of the table: files to write, and what ingesting them must give."""

    id: str
    files: dict[str, Callable[[Path], None]]
    new: int  # articles stored
    failed: int  # items reported as errors
    skipped: int = 0  # articles already present (same text)
    errors: list[str] = field(default_factory=list)  # substrings of the error messages, in order
    warning: str | None = None  # substring of a warning every stored article of the row carries
    stored: str | None = None  # text that must be stored exactly (decoding checked)


def text(content: str, encoding: str = "utf-8") -> Callable[[Path], None]:
    return lambda p: p.write_bytes(content.encode(encoding))


def raw(content: bytes) -> Callable[[Path], None]:
    return lambda p: p.write_bytes(content)


def jsonl(*lines: object) -> Callable[[Path], None]:
    return text("\n".join(line if isinstance(line, str) else json.dumps(line) for line in lines) + "\n")


ROWS = [
    Row("empty-file", {"empty.txt": raw(b"")}, new=0, failed=1, errors=["empty.txt: empty file"]),
    Row("whitespace-only", {"blank.txt": text("  \n\t\n   \n")}, new=0, failed=1, errors=["blank.txt: empty file (only white space)"]),
    Row("png-renamed-txt", {"photo.txt": raw(PNG)}, new=0, failed=1, errors=["photo.txt: binary file (PNG image), not an article"]),
    Row("utf16-bom", {"utf16.txt": raw(b"\xff\xfe" + GOOD_1.encode("utf-16-le"))}, new=1, failed=0, stored=GOOD_1),
    Row("latin1", {"latin1.txt": text(LATIN1, "latin-1")}, new=1, failed=0, warning="not UTF-8; decoded as Windows-1252", stored=LATIN1),
    Row("50mb-text", {"huge.txt": _huge}, new=0, failed=1, errors=["huge.txt: file too large (50 MB > 50 MB limit)"]),
    Row(
        "html-only-scripts",
        {"scripts.html": text("<html><head><script>var a = 1;</script></head><body><script>document.write('hi')</script></body></html>")},
        new=0, failed=1, errors=["scripts.html: no article text found in HTML"],
    ),
    Row(
        "html-no-body",
        {"nobody.html": text("<html><head><title>Breaking news</title><meta charset='utf-8'></head></html>")},
        new=0, failed=1, errors=["nobody.html: no article text found in HTML"],
    ),
    Row(
        "html-broken-tags",
        {"broken.html": text("<html><body><div><p>" + GOOD_2.strip() + "<b>unclosed <i>tags</p><p>The bank will meet again next month.<div></body")},
        new=1, failed=0,
    ),
    Row(
        "jsonl-malformed-lines",
        {"feed.jsonl": jsonl({"text": GOOD_1}, '{"text": "The talks broke down', "not json at all", {"text": GOOD_2})},
        new=2, failed=2, errors=["feed.jsonl:2: not valid JSON", "feed.jsonl:3: not valid JSON"],
    ),
    Row(
        "jsonl-missing-text",
        {"notext.jsonl": jsonl({"title": "No body here", "date": "2024-03-01"}, {"text": GOOD_1, "date": "2024-03-01"})},
        new=1, failed=1, errors=['notext.jsonl:1: no "text" field'],
    ),
    Row(
        "jsonl-duplicate-ids",
        {"dupids.jsonl": jsonl({"id": "a1", "text": GOOD_1}, {"id": "a1", "text": GOOD_2})},
        new=2, failed=0,
    ),
    Row(
        "duplicate-texts",
        {"duptexts.jsonl": jsonl({"id": "a1", "text": GOOD_1}, {"id": "b2", "text": GOOD_1 + "\n\n"})},
        new=1, failed=0, skipped=1,
    ),
    Row("german", {"de.txt": text(GERMAN)}, new=1, failed=0, warning="does not look like English (detected: probably German)"),
    Row("russian", {"ru.txt": text(RUSSIAN)}, new=1, failed=0, warning="does not look like English (detected: probably Russian or another Cyrillic-script language)"),
    Row("chinese", {"zh.txt": text(CHINESE)}, new=1, failed=0, warning="does not look like English (detected: probably Chinese)"),
]


def write_row(row: Row, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, write in row.files.items():
        write(folder / name)


def stored_documents(db: Path) -> list[dict]:
    store = Store(str(db))
    try:
        return [store.document(article_id).to_dict() for article_id in sorted(store.known_ids())]
    finally:
        store.close()


@pytest.mark.parametrize("row", ROWS, ids=[r.id for r in ROWS])
def test_bad_input_row(row: Row, tmp_path: Path, settings) -> None:
    folder = tmp_path / "in"
    write_row(row, folder)
    db = tmp_path / "news.db"
    started = time.monotonic()
    report = ingest_paths([str(folder)], str(db), settings=settings, workers=1, progress=False)
    elapsed = time.monotonic() - started
    assert (report.new, report.failed, report.skipped) == (row.new, row.failed, row.skipped), report.errors
    assert len(report.errors) == len(row.errors)
    for message, expected in zip(report.errors, row.errors):
        name, _, rest = expected.partition(": ")
        assert str(folder / name.split(":")[0]) in message, f"error does not name the file: {message}"
        assert f"{folder / name}: {rest}" in message, message
    documents = stored_documents(db)
    assert len(documents) == row.new
    if row.stored is not None:
        assert [d["text"] for d in documents] == [row.stored]
    for found in (d["warnings"] for d in documents):
        if row.warning:
            assert any(row.warning in w for w in found), found
        else:
            assert not any("does not look like English" in w or "decoded as" in w for w in found), found
    if row.id == "50mb-text":
        assert elapsed < 5, f"refusing a too-large file took {elapsed:.1f} s"


def test_batch_of_all_bad_inputs_stores_the_good_ones(tmp_path: Path, settings) -> None:
    folder = tmp_path / "batch"
    for row in ROWS:
        write_row(row, folder / row.id)
    (folder / "good").mkdir()
    (folder / "good" / "one.txt").write_text(GOOD_1, encoding="utf-8")
    (folder / "good" / "two.txt").write_text(GOOD_2, encoding="utf-8")
    db = tmp_path / "batch.db"
    report = ingest_paths([str(folder)], str(db), settings=settings, workers=1, progress=False)
    # GOOD_1 and GOOD_2 also appear in rows (utf16-bom, jsonl rows, broken HTML): the same
    # text is one article, stored once, whichever file brought it first.
    store = Store(str(db))
    try:
        ids = store.known_ids()
        texts = {store.document(i).text.strip() for i in ids}
    finally:
        store.close()
    assert GOOD_1.strip() in texts and GOOD_2.strip() in texts
    assert report.failed == sum(r.failed for r in ROWS)
    assert report.new == len(ids)
    assert report.new + report.skipped + report.failed == report.read
    for row in ROWS:
        for expected in row.errors:
            name, _, rest = expected.partition(": ")
            assert any(f"{folder / row.id / name}: {rest}" in e for e in report.errors), expected

    # The same batch through the command line: exit status 1 (some items failed), every good
    # article already present, the errors on stderr naming their files.
    result = CliRunner().invoke(app, ["ingest", str(folder), "--db", str(db), "--workers", "1", "--no-progress"])
    assert result.exit_code == 1, result.output
    assert f"ingested 0 new, {report.new + report.skipped} already present, {report.failed} failed" in result.output
    assert str(folder / "png-renamed-txt" / "photo.txt") in result.output
