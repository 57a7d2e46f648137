"""`make pdf` (scripts/make_pdf.py): both languages' PDFs, with every chapter and section title
as text, Chinese included (no tofu), in the fonts the print styles name.

Text is compared as a reader sees it. A PDF's text layer is what the font's glyph map says,
not what the page said: Noto Sans ligates "ffi" into one glyph that reads back as U+FB03 (ﬃ),
and Noto Sans CJK draws 行 and ⾏ (KANGXI RADICAL WALK) with one glyph that Skia maps to the
lowest code point, so 行为规范 reads back as ⾏为规范. Unicode NFKC folds ligatures and most
radicals back; a radical whose NFKC form is the traditional character (⼾ → 戶) is then taken
to OpenCC's simplified form (户), the character its Simplified Chinese glyph draws.
"""
from __future__ import annotations

import functools
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from handbook.data_files import load
from handbook.models import Handbook
from site_pages import ROOT

pytestmark = pytest.mark.browser

LANGS = ["zh", "en"]
RADICALS = re.compile(r"[\u2e80-\u2eff\u2f00-\u2fdf]")  # CJK Radicals Supplement, Kangxi Radicals
# The font families docs/assets/stylesheets/handbook.css names for print, and the one each
# language's text must be set in.
PRINT_FAMILIES = {"Noto Sans", "Noto Sans CJK SC", "DejaVu Sans", "DejaVu Sans Mono"}
TEXT_FAMILY = {"zh": "Noto Sans CJK SC", "en": "Noto Sans"}


@functools.cache
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


def _as_read(char: str) -> str:
    folded = unicodedata.normalize("NFKC", char)
    return _t2s().convert(folded) if RADICALS.fullmatch(char) else folded


def _compact(text: str) -> str:
    """Text as a reader sees it (see the module's docstring), without whitespace."""
    return "".join(_as_read(c) for c in re.sub(r"\s+", "", text))


def _titles(lang: str) -> list[str]:
    book = load("handbook.yml", Handbook)
    return [p.title[lang] for p in [*book.front_matter, *book.chapters, *book.sections()] if p.page]


def _pdf_text(path: Path) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() or "" for page in PdfReader(path).pages]


@pytest.fixture(scope="module")
def pdfs(built_site, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("pdf")
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "make_pdf.py"), "--site", str(built_site),
                             "--out", str(out)], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    return out


@pytest.fixture(scope="module")
def read_back(built_site, tmp_path_factory) -> dict[str, dict[str, str]]:
    """Each title printed by scripts/make_pdf.py on its language's print page, as pypdf reads it.

    A throw-away site: the built print pages with their article replaced by the titles (one
    per sheet), and the rest of the built site linked in, so styles and fonts are the real ones. The
    script runs in its own process, as `make pdf` runs it (a second Playwright in this process
    would clash with the browser tests' one)."""
    from bs4 import BeautifulSoup

    site = tmp_path_factory.mktemp("titles-site")
    for built, copy in ((built_site, site), (built_site / "en", site / "en")):
        copy.mkdir(exist_ok=True)
        for entry in built.iterdir():
            if entry.name not in ("print", "en"):
                (copy / entry.name).symlink_to(entry)
    for lang in LANGS:
        rel = ("en/" if lang == "en" else "") + "print/index.html"
        soup = BeautifulSoup((built_site / rel).read_text(encoding="utf-8"), "html.parser")
        article = soup.select_one("article.md-content__inner")
        article.clear()
        # This page is the test's own (its sheet breaks are inline styles), not the site's: the
        # site's Content-Security-Policy, which refuses inline styles, is left out of it.
        soup.select_one('meta[http-equiv="Content-Security-Policy"]').decompose()
        for n, title in enumerate(_titles(lang)):
            # A sheet per title: a break before every title but the first, so nothing that
            # follows the article (whatever the page's scripts add) can start a sheet of its own.
            h = soup.new_tag("h2", style="break-before: page" if n else "")
            h.string = title
            article.append(h)
        (site / rel).parent.mkdir()
        (site / rel).write_text(str(soup), encoding="utf-8")
    out = tmp_path_factory.mktemp("titles-pdf")
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "make_pdf.py"), "--site", str(site),
                             "--out", str(out)], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    read: dict[str, dict[str, str]] = {}
    for lang in LANGS:
        titles, pages = _titles(lang), _pdf_text(out / f"handbook-{lang}.pdf")
        assert len(pages) == len(titles)
        # The first line of each sheet; the footer (page numbers) comes after it.
        read[lang] = {t: _compact(text.split("\n")[0]) for t, text in zip(titles, pages)}
    return read


@pytest.mark.parametrize("lang", LANGS)
def test_the_read_back_titles_are_the_titles(read_back, lang):
    for title, text in read_back[lang].items():
        assert text == _compact(title), f"{title!r} reads back as {text!r}"


@pytest.mark.parametrize("lang", LANGS)
def test_both_pdfs_hold_every_chapter_and_section_title(pdfs, lang):
    path = pdfs / f"handbook-{lang}.pdf"
    assert path.is_file() and path.stat().st_size > 100_000
    pages = _pdf_text(path)
    assert len(pages) >= 24  # each handbook page starts a sheet
    text = _compact("".join(pages))
    missing = [t for t in _titles(lang) if _compact(t) not in text]
    assert not missing, f"handbook-{lang}.pdf lacks {missing}"


def _family_key(name: str) -> str:
    return re.sub(r"[\s-]", "", name).casefold()


def _embedded_families(path: Path) -> set[str]:
    """The font families a PDF embeds, as keys of _family_key. Chromium embeds TrueType fonts
    under their PostScript name (ABCDEF+NotoSans-Bold) and CFF CJK fonts as Type 3 fonts that
    only name their family in the font descriptor; a font may sit in a form XObject."""
    from pypdf import PdfReader

    families: set[str] = set()
    seen: set[int] = set()

    def visit(resources) -> None:
        resources = resources.get_object() if resources else {}
        for ref in resources.get("/Font", {}).values():
            font = ref.get_object()
            for f in [font, *(d.get_object() for d in font.get("/DescendantFonts", []))]:
                descriptor = f.get("/FontDescriptor")
                descriptor = descriptor.get_object() if descriptor else {}
                if "/FontFamily" in descriptor:
                    families.add(_family_key(str(descriptor["/FontFamily"])))
                elif "/BaseFont" in f:  # ABCDEF+NotoSans-Bold → notosans
                    families.add(_family_key(str(f["/BaseFont"]).lstrip("/").split("+")[-1].rsplit("-", 1)[0]))
        for ref in resources.get("/XObject", {}).values():
            if ref.idnum not in seen:
                seen.add(ref.idnum)
                visit(ref.get_object().get("/Resources"))

    for page in PdfReader(path).pages:
        visit(page.get("/Resources"))
    return families


@pytest.mark.parametrize("lang", LANGS)
def test_the_pdfs_embed_only_the_fonts_the_print_styles_name(pdfs, lang):
    families = _embedded_families(pdfs / f"handbook-{lang}.pdf")
    named = {_family_key(f) for f in PRINT_FAMILIES}
    assert families <= named, f"handbook-{lang}.pdf embeds fonts the print styles do not name: {families - named}"
    assert _family_key(TEXT_FAMILY[lang]) in families, f"handbook-{lang}.pdf is not set in {TEXT_FAMILY[lang]}"


def test_the_chinese_pdf_is_chinese_text_not_tofu(pdfs):
    text = "".join(_pdf_text(pdfs / "handbook-zh.pdf"))
    assert "\ufffd" not in text
    han = re.findall(r"[\u4e00-\u9fff]", text)
    radicals = RADICALS.findall(text)
    assert len(han) > 10_000 and len(radicals) < len(han) / 5


def test_a_request_off_the_site_fails_the_print(tmp_path):
    site = tmp_path / "site"
    (site / "print").mkdir(parents=True)
    (site / "print" / "index.html").write_text(
        '<!doctype html><html lang="zh"><body><h1>打印</h1><img src="http://192.0.2.1/x.png"></body></html>',
        encoding="utf-8")
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "make_pdf.py"), "--site", str(site),
                             "--out", str(tmp_path / "pdf"), "--lang", "zh"],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode != 0 and "192.0.2.1" in result.stderr
    assert not (tmp_path / "pdf" / "handbook-zh.pdf").exists()


@pytest.mark.parametrize("lang", LANGS)
def test_the_pdfs_carry_the_edition_and_its_date(pdfs, lang):
    from handbook.editions import history
    from handbook.labels import label

    edition = history()["current"]["edition"]
    line = label("editions.print", lang).format(id=edition.id, date=edition.date.isoformat(), title="")
    first_sheets = _compact("".join(_pdf_text(pdfs / f"handbook-{lang}.pdf")[:2]))
    assert _compact(line) in first_sheets, first_sheets[:300]
