"""Editions in the browser, on a site built with the three-change test edition
(tests/editions_fixture.py): a reader who read the changed sections in the first edition sees
"changed since you read it" on the study page and the home page; an acknowledgement is made,
exported (text, CSV, JSON) and collected on the manager's page, where a damaged and a foreign
line are refused with their line and reason."""
from __future__ import annotations

import json
import re

import pytest
from editions_fixture import CLAUSE, EDITION, LIMIT, STEP, make_test_edition

from scripts.local_browser import serve
from scripts.project_copy import build, copy_project

pytestmark = pytest.mark.browser

OLD = "2026-12"
READ_OLD = {"at": "2026-12-10T09:00:00.000Z", "edition": OLD}


@pytest.fixture(scope="module")
def edition_url(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("edition-browser"))
    make_test_edition(project)
    result = build(project)
    assert result.returncode == 0, result.stderr[-3000:]
    server, url = serve(project / "out")
    yield url
    server.shutdown()


def _read(page, url, records: dict) -> None:
    page.goto(url + "/en/tools/")
    page.evaluate("r => localStorage.setItem('service-norms:read', JSON.stringify(r))", records)


def test_a_reader_who_read_the_old_text_sees_what_changed_since(phone, edition_url):
    page = phone.new_page()
    # Read in the first edition: the three sections the test edition touches (a record from
    # before editions, a bare time, counts as the first edition); telephone read in the new one.
    _read(page, edition_url, {"basic-conduct": READ_OLD, "customer-visits": "2026-12-10T09:00:00.000Z",
                              "fault-handling": READ_OLD, "emergency-procedure": READ_OLD,
                              "telephone": {"at": "2027-01-16T09:00:00.000Z", "edition": EDITION}})
    page.goto(edition_url + "/en/study/")
    since = page.locator(".hb-study .hb-since")
    since.wait_for(state="visible")
    assert since.locator(".hb-since__count").inner_text() == "3 changes in what you have read:"
    keys = since.locator(".hb-since__list li").evaluate_all("els => els.map(e => e.dataset.key)")
    assert sorted(keys) == sorted([CLAUSE, STEP, LIMIT])  # the limit shown on two sections read counts once
    assert "clause:" not in since.inner_text()  # cited as V4 numbers it, never by id
    assert "Ch. 1, §1 Basic code of conduct, 1.1 Bearing (edition 2027-01)" in since.inner_text()
    row = lambda s: page.locator(f".hb-study__grid tr[data-section={s}] .hb-study__read")  # noqa: E731
    assert row("basic-conduct").inner_text() == f"Read in edition {OLD}; 1 change since"
    assert row("basic-conduct").get_attribute("data-read") == "changed"
    assert row("telephone").inner_text() == f"Yes (edition {EDITION})"
    assert row("office").inner_text() == "No"
    link = since.locator(".hb-since__list a", has_text="Bearing")
    assert link.get_attribute("href").endswith("conduct/basic-conduct/#bearing-manner")
    # The home page says the same.
    page.goto(edition_url + "/en/")
    home = page.locator(".hb-since-home .hb-since")
    home.wait_for(state="visible")
    assert home.locator(".hb-since__list li").count() == 3
    # Reading the section again, in this edition, makes it read for this text.
    page.goto(edition_url + "/en/conduct/basic-conduct/")
    page.locator(".hb-read-end").scroll_into_view_if_needed()
    page.wait_for_function(f"() => JSON.parse(localStorage.getItem('service-norms:read'))['basic-conduct'].edition === '{EDITION}'")
    page.goto(edition_url + "/en/study/")
    assert page.locator(".hb-study .hb-since__count").inner_text() == "2 changes in what you have read:"
    assert row("basic-conduct").inner_text() == f"Yes (edition {EDITION})"


def test_the_chinese_study_page_says_it_in_chinese(phone, edition_url):
    page = phone.new_page()
    _read(page, edition_url, {"basic-conduct": READ_OLD})
    page.goto(edition_url + "/study/")
    since = page.locator(".hb-study .hb-since")
    since.wait_for(state="visible")
    assert since.locator(".hb-since__title").inner_text() == "自你阅读以来有改动"
    assert since.locator(".hb-since__count").inner_text() == "你读过的章节有 1 处改动："
    assert since.locator(".hb-since__list li").inner_text() == "第一章 1. 基本行为准则 · 1.1 精神风貌（版次 2027-01）"


def _code(edition: str, fingerprint: str, at: str, name: str) -> str:
    """An acknowledgement code as acknowledgement.js writes it (its check: FNV-1a, 32 bit)."""
    h = 0x811C9DC5
    for byte in f"{edition};{fingerprint};{at};{name}".encode():
        h = ((h ^ byte) * 0x01000193) & 0xFFFFFFFF
    return f"SN-ACK1;{edition};{fingerprint};{at};{h:08x};{name}"


def _fingerprint(page, url) -> str:
    page.goto(url + "/en/changes/")
    return page.locator(f'section[data-edition="{EDITION}"]').get_attribute("data-fingerprint")


def _download(page, action) -> str:
    with page.expect_download() as info:
        page.locator(f'.hb-ack button[data-action="{action}"]').click()
    return open(info.value.path(), encoding="utf-8").read()


def test_an_acknowledgement_is_exported_collected_and_a_damaged_or_foreign_one_refused(phone, edition_url):
    page = phone.new_page()
    fingerprint = _fingerprint(page, edition_url)
    assert re.fullmatch(r"[0-9a-f]{64}", fingerprint)
    page.goto(edition_url + "/en/study/")
    ack = page.locator(".hb-ack")
    assert "A static site cannot prove who acknowledged" in ack.inner_text()
    button = ack.locator('button[data-action="ack"]')
    assert button.inner_text() == f"I have read the changes in edition {EDITION}"
    button.click()
    assert ack.locator(".hb-ack__status").inner_text() == "Enter your name first."
    ack.locator(".hb-ack__name").fill("Zhang San")
    button.click()
    assert ack.locator(".hb-ack__status").inner_text().startswith(f"Recorded: Zhang San acknowledged the changes in edition {EDITION} at ")
    text, csv, data = _download(page, "ack-txt"), _download(page, "ack-csv"), json.loads(_download(page, "ack-json"))
    assert text.startswith(f"# I have read the changes in edition {EDITION} (2027-01-15).\n# Name: Zhang San\n")
    assert fingerprint in text and fingerprint in csv
    # The export names exactly the three changes acknowledged, cited as the handbook numbers them.
    assert "# The changes in this edition (3):\n" in text
    listed = [line for line in text.splitlines() if line.startswith("#   · ")]
    assert listed == ["#   · Provenance changed: Ch. 3, §1 Fault handling (reference draft), time limit: Call the customer",
                      "#   · Changed: Ch. 1, §1 Basic code of conduct, 1.1 Bearing",
                      "#   · Removed: Ch. 1, §4 Visiting customers, Visiting a customer, step 6"], listed
    assert csv.lstrip("\ufeff").startswith("Name,Edition,Edition date,Acknowledged at,Fingerprint of the change list (SHA-256),Acknowledgement code")
    [record] = data["acknowledgements"]
    assert record["edition"] == EDITION and record["fingerprint"] == fingerprint and record["name"] == "Zhang San"
    assert [c["key"] for c in record["changes"]] == [LIMIT, CLAUSE, STEP]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", record["at"])
    # The manager pastes the text export, a damaged copy and a line from another build.
    code = text.strip().splitlines()[-1]
    damaged = code.replace("Zhang San", "Zhang Sam")
    other_build = _code(EDITION, "0" * 64, record["at"], "Li Si")  # well formed, but not this build's list
    other_book = _code("2099-01", fingerprint, record["at"], "Li Si")
    page.goto(edition_url + "/en/acknowledgements/")
    assert "A static site cannot prove who acknowledged" in page.locator(".hb-acks").inner_text()
    page.locator(".hb-acks__paste").fill("\n".join([text.strip(), damaged, other_build, other_book]))
    page.locator('.hb-acks button[data-action="collect"]').click()
    assert page.locator(".hb-acks__status").inner_text() == "1 acknowledgement collected."
    cells = page.locator(".hb-acks__grid tbody tr")
    assert cells.count() == 1 and cells.locator("th").inner_text() == "Zhang San"
    assert cells.locator(f'td[data-edition="{EDITION}"]').inner_text() == record["at"]
    assert cells.locator(f'td[data-edition="{OLD}"]').inner_text() == "not acknowledged"
    refused = page.locator(".hb-acks__refused li").all_inner_texts()
    lines = len(text.strip().splitlines())
    assert refused == [f"Line {lines + 1}: damaged: the checksum does not match the content (perhaps copied wrong or altered)",
                       f"Line {lines + 2}: the fingerprint does not match the change list of edition {EDITION} "
                       "(from another build, or damaged)",
                       f"Line {lines + 3}: edition 2099-01 is not an edition of this handbook (perhaps from another handbook "
                       "or a later build)"]
    # The JSON and CSV exports import as well; the table exports as CSV.
    for name, body in (("a.json", json.dumps(data)), ("a.csv", csv)):
        page.locator(".hb-acks__import input").set_input_files(files=[{"name": name, "mimeType": "text/plain", "buffer": body.encode()}])
        page.wait_for_function("() => document.querySelector('.hb-acks__status').textContent === '1 acknowledgement collected.'")
        assert page.locator(".hb-acks__refused li").count() == 0
    with page.expect_download() as info:
        page.locator('.hb-acks button[data-action="export-csv"]').click()
    out = open(info.value.path(), encoding="utf-8").read()
    assert f"Zhang San,{EDITION},2027-01-15,{record['at']},{fingerprint}," in out


def test_on_the_first_edition_nothing_has_changed_since_reading(phone, site_url):
    page = phone.new_page()
    page.goto(site_url + "/en/tools/")
    page.evaluate("() => localStorage.setItem('service-norms:read', JSON.stringify({'basic-conduct': '2026-12-01T00:00:00Z'}))")
    page.goto(site_url + "/en/")
    page.wait_for_load_state("load")
    assert page.locator(".hb-since-home .hb-since").is_hidden()
    page.goto(site_url + "/en/study/")
    page.locator(".hb-study__grid").wait_for()
    assert page.locator(".hb-study .hb-since").is_hidden()
    assert page.locator(".hb-study__grid tr[data-section=basic-conduct] .hb-study__read").inner_text() == f"Yes (edition {OLD})"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_edition_pages_fit_a_phone_and_pass_axe(phone, edition_url, lang):
    """At 360 px, with the changes shown: nothing wider than the screen (outside a hinted
    scroll box), every control ≥ 44 × 44 px, no serious axe-core violation."""
    from phone_fit import MEASURE
    from test_accessibility import axe_violations

    base = edition_url + ("/en" if lang == "en" else "")
    page = phone.new_page()
    _read(page, edition_url, {"basic-conduct": READ_OLD, "fault-handling": READ_OLD})
    problems = []

    def measure(where):
        page.evaluate("() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok)))")
        found = page.evaluate(MEASURE)
        problems.extend(f"{where}: {kind}: {what}" for kind in ("wide", "small", "unhinted") for what in found[kind])
        problems.extend(f"{where}: axe: {line}" for line in axe_violations(page))

    page.goto(base + "/changes/")
    measure("changes")
    page.goto(base + "/conduct/basic-conduct/#bearing-manner")
    page.locator("#bearing-manner details.hb-changed summary").click()
    assert page.locator("#bearing-manner .hb-changed__old").is_visible()
    measure("clause page, mark open")
    page.goto(base + "/study/")
    page.locator(".hb-study .hb-since").wait_for(state="visible")
    measure("study, changed since read")
    page.goto(base + "/acknowledgements/")
    page.locator(".hb-acks__paste").fill("SN-ACK1;x\nhello")
    page.locator('.hb-acks button[data-action="collect"]').click()
    page.locator(".hb-acks__refused li").first.wait_for()
    measure("acknowledgements, lines refused")
    assert not problems, "\n".join(problems)


def test_a_procedure_page_says_what_changed_since_a_records_older_version(phone, edition_url):
    from stored_runs import stored_runs

    page = phone.new_page()
    page.goto(edition_url + "/en/conduct/customer-visits/")
    since = page.locator('#checklist-customer-visit [data-since-version="1"]')
    page.locator("#checklist-customer-visit .hb-checklist__step input[type=checkbox]").first.check()
    for _ in range(100):
        if stored_runs(page):
            break
        page.wait_for_timeout(100)
    assert since.is_hidden()  # a record of the current version: nothing to say
    # The same record as if made with version 1, before the test edition removed a step.
    page.evaluate("""() => new Promise((resolve, reject) => {
      const req = indexedDB.open("handbook-records")  // the store's current version, whatever it is
      req.onsuccess = () => {
        const store = req.result.transaction("runs", "readwrite").objectStore("runs")
        const all = store.getAll()
        all.onsuccess = () => { for (const run of all.result) store.put({ ...run, version: 1 })
                                store.transaction.oncomplete = () => resolve() }
        all.onerror = () => reject(all.error)
      }
      req.onerror = () => reject(req.error)
    })""")
    page.reload()
    since.wait_for(state="visible")
    assert since.locator("summary").inner_text().startswith("What changed in this procedure since version 1")
    since.locator("summary").click()
    assert since.locator(f'li[data-key="{STEP}"]').count() == 1
    assert "Removed" in since.locator(f'li[data-key="{STEP}"]').inner_text()
