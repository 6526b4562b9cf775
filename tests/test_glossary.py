"""Glossary loading, term protection and restoration, name renderings."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from subtitler.errors import InputError
from subtitler.translate.glossary import (
    Glossary,
    Placeholder,
    Term,
    glossary_from_names,
    load_glossary,
    restore,
)
from subtitler.translate.packages import PackageStore


def write(tmp_path: Path, name: str, text: str, *, bom: bool = False) -> Path:
    path = tmp_path / name
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return path


def pairs(glossary: Glossary) -> list[tuple[str, str]]:
    return [(t.source, t.target) for t in glossary.terms]


def test_tsv_with_comments_header_and_blank_lines(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "terms.tsv",
        "# newsroom glossary\nsource\ttarget\n\nKim Jong Un\t김정은\nYTN\tYTN\n  # indented\n",
    )
    glossary = load_glossary(path)
    assert pairs(glossary) == [("Kim Jong Un", "김정은"), ("YTN", "YTN")]
    assert glossary.terms[0].line == 4


def test_csv_with_quotes_and_bom(tmp_path: Path) -> None:
    path = write(
        tmp_path, "terms.csv", 'source,target\r\n"Seoul, capital",서울\r\n국정원,NIS\r\n', bom=True
    )
    assert pairs(load_glossary(path)) == [("Seoul, capital", "서울"), ("국정원", "NIS")]


def test_separator_sniffed_without_known_extension(tmp_path: Path) -> None:
    assert pairs(load_glossary(write(tmp_path, "g.txt", "Seoul\t서울\n"))) == [("Seoul", "서울")]
    assert pairs(load_glossary(write(tmp_path, "h.txt", "Seoul,서울\n"))) == [("Seoul", "서울")]


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("Seoul,서울\nPyongyang\n", 2),
        ("Seoul,서울\nPyongyang,평양,extra\n", 2),
        ("# c\n\nSeoul,\n", 3),
        ("Seoul,서울\nseoul,서울시\n", 2),
    ],
)
def test_bad_rows_name_their_line(tmp_path: Path, text: str, line: int) -> None:
    with pytest.raises(InputError, match=rf"line {line}:"):
        load_glossary(write(tmp_path, "bad.csv", text))


def test_unreadable_glossary(tmp_path: Path) -> None:
    latin1 = tmp_path / "latin1.csv"
    latin1.write_bytes(b"Caf\xe9,cafe\n")
    with pytest.raises(InputError, match="not UTF-8"):
        load_glossary(latin1)
    with pytest.raises(InputError, match="cannot read"):
        load_glossary(tmp_path / "missing.csv")


def test_protect_and_restore_english_source() -> None:
    glossary = Glossary((Term("Kim Min-ji", "김민지"), Term("NIS", "국정원"), Term("Kim", "김")))
    protected, placeholders = glossary.protect(
        "kim min-ji said the NIS and Kim agreed; NISSAN is no term.", "en"
    )
    assert protected == "ZQAA said the ZQAB and ZQAC agreed; NISSAN is no term."
    assert [p.term.target for p in placeholders] == ["김민지", "국정원", "김"]
    translated = "ZQAA는 ZQAB와 ZQAC가 합의했다고 말했다."
    assert glossary.restore(translated, placeholders) == "김민지는 국정원과 김이 합의했다고 말했다."


def test_protect_korean_term_followed_by_particle() -> None:
    glossary = Glossary((Term("김민지", "Kim Min-ji"),))
    protected, placeholders = glossary.protect("김민지가 서울에서 보도합니다. 이김민지", "ko")
    assert protected == "ZQAA가 서울에서 보도합니다. 이김민지"
    assert (
        restore("ZQAA reports from Seoul.", placeholders).text == "Kim Min-ji reports from Seoul."
    )


def test_korean_term_inside_a_longer_word_is_not_the_term() -> None:
    glossary = Glossary((Term("서울", "Seoul"),))
    protected, placeholders = glossary.protect("서울시청은 서울에서는 드문 서울의 건물.", "ko")
    assert protected == "서울시청은 ZQAA에서는 드문 ZQAB의 건물."
    assert len(placeholders) == 2


def test_restore_tolerates_what_models_do_to_codes() -> None:
    placeholders = (Placeholder("ZQAA", Term("YTN", "YTN")), Placeholder("ZQAB", Term("x", "엑스")))
    assert restore("Zq Aa 그리고 zqab", placeholders).text == "YTN 그리고 엑스"


def test_lost_placeholder_is_appended_and_reported() -> None:
    placeholders = (Placeholder("ZQAA", Term("Seoul", "서울")),)
    result = restore("그는 말했다.", placeholders)
    assert result.text == "그는 말했다 서울."
    assert result.lost == (Term("Seoul", "서울"),)
    assert restore("", placeholders).text == "서울"


def test_particles_agree_with_restored_term() -> None:
    placeholders = (
        Placeholder("ZQAA", Term("Seoul", "서울")),
        Placeholder("ZQAB", Term("P", "푸틴")),
    )
    assert restore("ZQAA는 ZQAB를", placeholders).text == "서울은 푸틴을"
    assert restore("ZQAB는 ZQAA으로 갔다", placeholders).text == "푸틴은 서울로 갔다"
    assert restore("ZQAA이다", placeholders[:1]).text == "서울이다"


word = st.text(alphabet="abcdefghij", min_size=1, max_size=6)


@settings(max_examples=60, deadline=None)
@given(
    terms=st.lists(
        st.tuples(
            word,
            st.text(alphabet="가나다라마 ", min_size=1, max_size=5).map(str.strip).filter(bool),
        ),
        min_size=1,
        max_size=4,
        unique_by=lambda t: t[0],
    ),
    filler=st.lists(word, max_size=8),
    picks=st.lists(st.integers(0, 3), min_size=1, max_size=5),
)
def test_every_protected_term_comes_back_exactly(
    terms: list[tuple[str, str]], filler: list[str], picks: list[int]
) -> None:
    glossary = Glossary(tuple(Term(s.upper() + "X", t) for s, t in terms))
    words = list(filler)
    used = []
    for i, pick in enumerate(picks):
        term = glossary.terms[pick % len(glossary.terms)]
        words.insert(min(i * 2, len(words)), term.source)
        used.append(term.target)
    protected, placeholders = glossary.protect(" ".join(words), "en")
    # An engine that copies the codes (what the real test model does) and translates the rest.
    restored = glossary.restore(protected.lower(), placeholders)
    for target in used:
        assert target in restored
    assert len(placeholders) == len(picks)


def test_names_use_user_entry_then_engine_rendering_then_name() -> None:
    user = Glossary((Term("Vladimir Putin", "블라디미르 푸틴"),))
    names = ["Vladimir Putin", "Kim Min-ji", "John Park", "Kim  Min-ji"]
    renderings = {"Kim Min-ji": "김민지.", "John Park": "John Park"}
    glossary = glossary_from_names(names, "en", "ko", renderings, user=user)
    assert pairs(glossary) == [
        ("Vladimir Putin", "블라디미르 푸틴"),
        ("Kim Min-ji", "김민지"),
        ("John Park", "John Park"),
    ]


def test_korean_names_rendered_once_or_kept_as_written() -> None:
    glossary = glossary_from_names(
        ["김민지", "박서준"], "ko", "en", {"김민지": "Kim Min-ji", "박서준": "박서준"}
    )
    assert pairs(glossary) == [("김민지", "Kim Min-ji"), ("박서준", "박서준")]


def test_merged_prefers_the_first_glossary() -> None:
    user = Glossary((Term("Seoul", "서울특별시"),))
    names = Glossary((Term("seoul", "서울"), Term("Kim", "김")))
    assert pairs(user.merged(names)) == [("Seoul", "서울특별시"), ("Kim", "김")]


# --- with the real test model (tests/modelkit.py), through ArgosEngine ---------------------


@pytest.fixture(scope="module")
def engine_store(tmp_path_factory: pytest.TempPathFactory) -> PackageStore:
    from tests import modelkit

    root = tmp_path_factory.mktemp("glossary-model")
    store = PackageStore(root / "packages")
    store.install_file(modelkit.build_package(root / "built", "en", "ko"))
    store.install_file(modelkit.build_package(root / "built", "ko", "en"))
    return store


def test_terms_survive_the_real_model_exactly_every_time(engine_store: PackageStore) -> None:
    from subtitler.translate.engine import ArgosEngine

    engine = ArgosEngine(engine_store)
    # "seoul" and "president" are in the model's lexicon: without the glossary they would
    # come out as the model's words; with it, as the glossary's, in every sentence.
    glossary = Glossary((Term("Seoul", "서울특별시"), Term("the president", "대통령님")))
    sentences = [
        "The president said Seoul sent troops.",
        "Seoul today.",
        "In Seoul the president and the minister met the president of China.",
    ]
    protected = [glossary.protect(s, "en") for s in sentences]
    outputs = engine.translate([p[0] for p in protected], "en", "ko")
    restored = [restore(o, p) for o, (_, p) in zip(outputs, protected, strict=True)]
    assert [r.lost for r in restored] == [(), (), ()]
    assert [r.text for r in restored] == [
        "대통령님 말했다 서울특별시 보낸 군대.",
        "서울특별시 오늘.",
        "안에 서울특별시 대통령님 그리고 그 장관 met 대통령님 의 중국.",
    ]
    korean = Glossary((Term("서울", "Seoul City"),))
    text, placeholders = korean.protect("서울 오늘 뉴스.", "ko")
    out = engine.translate([text], "ko", "en")[0]
    assert restore(out, placeholders).text == "Seoul City today news."


def test_doctests_of_glossary_cache_and_service() -> None:
    import doctest

    from subtitler.translate import cache, glossary, service

    for module in (glossary, service):
        result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
        assert result.attempted > 0 and result.failed == 0, module.__name__
    assert doctest.testmod(cache).failed == 0
