"""Everything subtitler knows about a language, in one place per language.

Numbers come from ../shared/SUBTITLE-RULES.md (cited by section). Stages ask
``profile(code)`` for what they need and never test a language code themselves.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass

SUPPORTED = ("en", "ko")
LANGUAGE_NAMES = {"en": "English", "ko": "Korean"}


def latin_width(text: str) -> float:
    """Characters as Netflix counts them for English: every character, spaces included, is 1.

    >>> latin_width("Hello, world")
    12.0
    """
    return float(len(text))


def cjk_width(text: str) -> float:
    """Width units as Netflix / Subtitle Edit count them for Korean.

    A Hangul syllable, jamo or CJK character counts 1; everything else
    (Latin letters, digits, spaces, punctuation) counts 0.5.

    >>> cjk_width("북한 군")
    3.5
    >>> cjk_width("U.S. 군")
    3.5
    """
    # Exactly the per-character count, with the two common classes counted in bulk:
    # ASCII is all narrow and every Hangul syllable is wide, and in UTF-8 one takes one
    # byte and the other three. Other characters (CJK punctuation, Hanja, jamo...) are
    # looked up one at a time.
    if text.isascii():
        return len(text) * 0.5
    if _NEITHER_ASCII_NOR_SYLLABLE.search(text) is None:
        wide = (len(text.encode()) - len(text)) // 2
    else:
        wide = sum(map(_is_wide, _NOT_ASCII.findall(text)))
    return (len(text) + wide) * 0.5


_NEITHER_ASCII_NOR_SYLLABLE = re.compile("[^\x00-\x7f\uac00-\ud7a3]")
_NOT_ASCII = re.compile("[^\x00-\x7f]")


def _is_wide(ch: str) -> bool:
    if unicodedata.east_asian_width(ch) in ("W", "F"):
        return True
    # Hangul jamo (U+1100-11FF) are reported as wide only in part; count them all.
    return "\u1100" <= ch <= "\u11ff"


def latin_widths(texts: Sequence[str]) -> list[float]:
    """:func:`latin_width` of each of ``texts``.

    >>> latin_widths(["Hello,", "world"])
    [6.0, 5.0]
    """
    return [float(len(text)) for text in texts]


def cjk_widths(texts: Sequence[str]) -> list[float]:
    """:func:`cjk_width` of each of ``texts``, the characters' classes checked once for all.

    >>> cjk_widths(["북한", "U.S.", "「日本」"])
    [2.0, 2.0, 4.0]
    """
    if _NEITHER_ASCII_NOR_SYLLABLE.search("".join(texts)) is not None:
        return list(map(cjk_width, texts))
    # Of n characters taking b bytes in UTF-8, (b - n) / 2 are syllables: the width
    # (n + (b - n) / 2) / 2 is (n + b) / 4, exactly. (encode() is UTF-8, quicker unnamed.)
    return [(len(text) + len(text.encode())) * 0.25 for text in texts]


# Width functions that add up a width of 1 or 0.5 per character: a text's width is then the
# sum of its parts' widths, never negative, and a multiple of 0.5, so sums of widths are
# exact in floating point (tests/test_languages.py checks). Layout relies on it when a
# language's width function is one of these.
HALF_UNIT_WIDTHS: frozenset[Callable[[str], float]] = frozenset({latin_width, cjk_width})
_MANY_WIDTHS: dict[Callable[[str], float], Callable[[Sequence[str]], list[float]]] = {
    latin_width: latin_widths,
    cjk_width: cjk_widths,
}


def widths_function(width: Callable[[str], float]) -> Callable[[Sequence[str]], list[float]]:
    """A function giving ``[width(text) for text in texts]``, quicker for the width
    functions here than one call per text.

    >>> widths_function(latin_width)(["a", "bc"])
    [1.0, 2.0]
    """
    many = _MANY_WIDTHS.get(width)
    if many is not None:
        return many
    return lambda texts: list(map(width, texts))


def is_hangul(ch: str) -> bool:
    """Whether the character ``ch`` is Hangul: a syllable, a jamo or a compatibility jamo.

    >>> is_hangul("한"), is_hangul("ㅋ"), is_hangul("a")
    (True, True, False)
    """
    return "\uac00" <= ch <= "\ud7a3" or "\u1100" <= ch <= "\u11ff" or "\u3130" <= ch <= "\u318f"


def is_hangul_syllable(ch: str) -> bool:
    """Whether the character ``ch`` is a whole Hangul syllable (U+AC00-D7A3), not a lone jamo.

    For words as written ("김민준", a sentence ending), where a lone jamo ("ㅋㅋ") is
    not a word, and for sound rules that read a syllable's final consonant.

    >>> is_hangul_syllable("한"), is_hangul_syllable("ㅋ"), is_hangul_syllable("")
    (True, False, False)
    """
    return "\uac00" <= ch <= "\ud7a3"


# Korean particles whose form depends on the sound before them: 는 가 를 와 follow a
# vowel, 은 이 을 과 a consonant, 로 a vowel or ㄹ (으로 the other consonants).
_AFTER_VOWEL = frozenset("는가를와")
_AFTER_CONSONANT = frozenset("은이을과")
_RIEUL = 8  # ㄹ's index among the final consonants


def korean_particle_fits(word: str, ending: str) -> bool:
    """Whether ``word`` can end in the particle ``ending``, by the sound before it.

    A word that ends as a particle does may not be one: after a consonant 가 is part of
    the word ("국가", a nation), as 는 is of a verb's modifier form ("치솟는").

    >>> korean_particle_fits("정부는", "는"), korean_particle_fits("치솟는", "는")
    (True, False)
    >>> korean_particle_fits("국가", "가"), korean_particle_fits("가을", "을")
    (False, False)
    >>> korean_particle_fits("서울로", "로"), korean_particle_fits("경로", "로")
    (True, False)
    """
    if len(word) <= len(ending) or not (
        ending in _AFTER_VOWEL or ending in _AFTER_CONSONANT or ending == "로"
    ):
        return True
    before = word[-len(ending) - 1]
    if not is_hangul_syllable(before):
        return True  # "3%는", "IAEA가": the sound is not written
    final = (ord(before) - 0xAC00) % 28  # 0: no final consonant
    if ending in _AFTER_VOWEL:
        return final == 0
    if ending in _AFTER_CONSONANT:
        return final != 0
    return final in (0, _RIEUL)


@dataclass(frozen=True)
class LanguageProfile:
    """Limits and linguistic knowledge of one language."""

    code: str
    name: str
    # SUBTITLE-RULES "English (USA)" / "Korean": characters (width units) per line.
    max_line_width: float
    # SUBTITLE-RULES "general requirements": at most 2 lines.
    max_lines: int
    # Hard reading-speed ceiling (CPS in width units) and the speed we aim for.
    max_cps: float
    target_cps: float
    # Speech rate used to estimate timing without audio, in width units per second.
    speech_units_per_second: float
    width: Callable[[str], float]
    # Words after which a sentence does not end ("Mr.", "U.S.").
    abbreviations: frozenset[str]
    # Line/cue breaks are preferred before these words (conjunctions, prepositions).
    break_before: frozenset[str]
    # Never break right after these words (articles, possessives, auxiliaries...).
    no_break_after: frozenset[str]
    # Korean particles: a line must not begin with one of these (they attach to the word before).
    particles: frozenset[str]
    # How the language ends a sentence besides . ? ! (Korean: 다 요 까 without a period).
    sentence_final_endings: tuple[str, ...]
    # What marks a title (of a programme, book, campaign) in subtitles, open and close.
    # Transcripts write one in ASCII angle brackets ("<News Night>"), which SRT readers
    # take for a markup tag and drop: English quotes it, Korean uses the angle brackets
    # of its orthography (문장 부호: 〈 〉 for titles of works and programmes).
    title_marks: tuple[str, str]
    # The clause-opening subset of ``break_before`` (conjunctions, relative words): a cue or
    # line break before one of these is better than before a preposition (SUBTITLE-RULES
    # "general requirements": break before conjunctions, then before prepositions).
    conjunctions: frozenset[str] = frozenset()
    # The conjunctions that may join two words of a kind, opening no clause ("cold and
    # dry", "cheap but effective").
    coordinators: frozenset[str] = frozenset()
    # The ``break_before`` prepositions that attach to the noun before them rather than to
    # the verb ("of"): a break before one splits a noun phrase ("the city | of Busan",
    # "hundreds | of commuters"), so it costs what a plain space does. A line still never
    # ends in one.
    attached_prepositions: frozenset[str] = frozenset()
    # Word endings after which a break reads well: Korean connective endings close a clause.
    break_after_endings: tuple[str, ...] = ()
    # Never begin a line with these (Korean bound nouns: "할 | 수 있다" splits one phrase).
    no_break_before: frozenset[str] = frozenset()
    # Never begin a line with a word starting so (Korean 있다, 싶다, 않다 and 못하다 in any
    # form: after "-고" or "-지" they are auxiliaries, "조사하고 | 있습니다" and "가지 |
    # 않았다" split one verb).
    no_break_before_starts: tuple[str, ...] = ()
    # Word endings that close a phrase (Korean case and topic particles): a break after one
    # is better than after a bare word, which may be half of a compound or a modifier.
    phrase_endings: tuple[str, ...] = ()
    # Whether a word can end in one of those endings as a particle (by Korean's sound
    # rules: "국가" ends in 가 but is one noun); None: it always can.
    particle_fits: Callable[[str, str], bool] | None = None
    # Word endings that close an object (Korean 을/를), which the verb after it governs:
    # a break there splits a predicate ("온몸을 | 감싼 시민들이"), so it costs more than
    # after another phrase, and less than at a bare word.
    object_endings: tuple[str, ...] = ()
    # Words that count ("four", "billion"), lower-cased: like a number written in digits
    # ("62", "3.5%", "1천"), one makes an amount with the word after it, which a line
    # should not split from it ("62 billion | won", "four | years").
    number_words: frozenset[str] = frozenset()
    # Korean modifier (adnominal) forms that end as a particle does ("많은" as topic 은,
    # "있을" as object 을) where the sound before it does not tell them apart (see
    # ``particle_fits``: "있는" it does): they modify the noun after them and close no
    # phrase ("많은 | 사람들이", "추진하는 | 정책" split a noun phrase). By ending where
    # only a verb or an adjective ends so ("-하는", "-있을"), by the whole word where a
    # noun might too ("입은": "수입은" is "imports" with a topic particle).
    modifier_endings: tuple[str, ...] = ()
    modifier_words: frozenset[str] = frozenset()
    # Particles that are also whole words (Korean 이 "this", 만 "full", 보다 "more", 하고
    # "doing"): a line may begin with one, so a linter must not call it a particle.
    particle_homographs: frozenset[str] = frozenset()
    # Capitalised words that modify the noun after them, lower-cased: nationality and
    # region adjectives ("Korean soldiers"), which a line should not split from their noun
    # (SUBTITLE-RULES "general requirements": never separate adjective+noun).
    proper_adjectives: frozenset[str] = frozenset()
    # Endings that make a capitalised word such an adjective by its form ("Japanese",
    # "Russian", "British").
    proper_adjective_endings: tuple[str, ...] = ()
    # Common adjectives that stand before the noun they modify, lower-cased ("heavy rain",
    # "a new law", "the biggest concern"): a line should not split one from its noun, as
    # it should not a proper adjective. Only words that are seldom a noun or a verb
    # ("military", "official", "public" and "last" are left out: "the military | said").
    adjectives: frozenset[str] = frozenset()
    # Endings that make a word such an adjective by its form: hyphenated compounds
    # ("high-level talks", "medium-sized firms", "Seoul-based").
    adjective_endings: tuple[str, ...] = ()
    # Two words read as one, lower-cased, each pair as "first second": complex prepositions
    # and conjunctions ("due to", "instead of", "even though") and an adverb with the one
    # it qualifies ("shortly before"), which a line never splits ("cancelled due | to
    # heavy snow"). Of a longer one, its last two words ("in front of": "front of"): the
    # first is a preposition, after which a line never ends anyway. ("as well as" is left
    # out: "went well | as both sides agreed" is a good break.) A first written "-ending"
    # stands for any word with that ending, a second written "start-" for any word with
    # that start: Korean's "-기로 했-" is "지원하기로 | 했습니다", one predicate.
    fixed_pairs: frozenset[str] = frozenset()


# Clause openers: English breaks before these first (SUBTITLE-RULES "general requirements").
_EN_CONJUNCTIONS = frozenset(
    (
        "and but or nor so yet because although though while whereas if unless since when "
        "where which who whom whose that whether how why whenever wherever whatever "
        "whichever whoever"
    ).split()
)
# Then before prepositions.
_EN_PREPOSITIONS = frozenset(
    (
        "after before until as in on at by for from with without to into onto of about "
        "against between during through throughout over under near amid among amongst "
        "despite according across along alongside around behind below beneath beside "
        "besides beyond inside outside toward towards upon within via than"
    ).split()
)


# SUBTITLE-RULES "English (USA)": 42 characters, 2 lines, never over 20 CPS, aim for 17.
# Speech: English broadcast news 160-190 wpm (Rodero); at 170 wpm and ~6 characters a word
# including the space that is ~17 characters a second.
ENGLISH = LanguageProfile(
    code="en",
    name="English",
    max_line_width=42,
    max_lines=2,
    max_cps=20,
    target_cps=17,
    speech_units_per_second=15.5,
    width=latin_width,
    abbreviations=frozenset(
        (
            "mr mrs ms dr prof sr jr st gen lt col sgt capt maj cmdr adm gov sen rep pres rev "
            "hon vs etc inc ltd co corp no vol fig jan feb mar apr jun jul aug sep sept oct "
            "nov dec approx dept est u.s u.k u.n e.g i.e a.m p.m d.c"
        ).split()
    ),
    break_before=_EN_CONJUNCTIONS | _EN_PREPOSITIONS,
    no_break_after=frozenset(
        (
            "a an the this that these those my your his her its our their i you he she we "
            "they it is are was were be been has have had will would can could shall should "
            "may might must do does did not mr. mrs. ms. dr. prof. gen. very more most some "
            "any each every no to"
        ).split()
    ),
    particles=frozenset(),
    sentence_final_endings=(),
    title_marks=("“", "”"),
    conjunctions=_EN_CONJUNCTIONS,
    coordinators=frozenset({"and", "or", "but", "nor"}),
    attached_prepositions=frozenset({"of"}),
    adjectives=frozenset(
        (
            "new old former main major minor senior small large big huge vast massive tiny "
            "local national international foreign domestic global regional central federal "
            "nuclear economic political financial social environmental annual recent "
            "current previous early strong heavy high low long short full serious severe "
            "critical sharp rapid sudden significant special potential possible immediate "
            "urgent additional entire whole fresh hot cold dry wet warm mild windy sunny cloudy "
            "free fair cheap expensive rich poor weak safe dangerous deadly fatal "
            "key straight consecutive successive modern traditional fellow mere sole "
            "so-called would-be upcoming outgoing overall average young elderly "
            "second third fourth fifth sixth seventh eighth ninth tenth "
            "higher lower larger smaller bigger stronger wider greater "
            "biggest largest highest lowest latest greatest strongest worst oldest newest "
            "smallest longest fastest deadliest busiest heaviest toughest hottest coldest "
            "richest poorest earliest"
        ).split()
    ),
    adjective_endings=tuple(
        (
            "-sized -scale -term -level -ranking -based -owned -backed -led -run -related "
            "-free -wide -style -year-old"
        ).split()
    ),
    proper_adjectives=frozenset(
        (
            "american african mexican german french dutch swiss greek thai "
            "arab arabic afghan cuban kenyan tibetan pakistani israeli iraqi saudi qatari "
            "kuwaiti yemeni emirati somali bangladeshi filipino czech slovak soviet western "
            "eastern northern southern u.s u.k"
        ).split()
    ),
    proper_adjective_endings=("ese", "ian", "ean", "ish"),
    fixed_pairs=frozenset(
        (
            "according to|because of|due to|owing to|thanks to|prior to|next to|close to|"
            "up to|contrary to|instead of|ahead of|out of|regardless of|apart from|"
            "aside from|far from|along with|except for|rather than|such as|even though|"
            "even if|front of|spite of|behalf of|top of|favor of|favour of|terms of|"
            "addition to|order to|regard to|soon as|long as|exchange for|return for|"
            "line with|light of|wake of|lieu of|search of|charge of|accordance with|"
            # An adverb that qualifies the word after it: "shortly | before" splits one
            # time, as "due | to" splits one preposition.
            "shortly before|shortly after|soon after|just before|just after|right after|"
            "right before|long before|long after|even before|even after|even when|"
            "even as|only after|only if|only when|just as"
        ).split("|")
    ),
    # Not "one", also a pronoun ("the one | who").
    number_words=frozenset(
        (
            "two three four five six seven eight nine ten tens eleven twelve fifteen twenty "
            "thirty forty fifty hundred hundreds thousand thousands million millions "
            "billion billions trillion trillions dozen dozens"
        ).split()
    ),
)

# Korean conjunctions and sentence-linking adverbs ("and", "or", "but", "so", "also").
_KO_CONJUNCTIONS = frozenset(
    "및 또는 혹은 그리고 그러나 하지만 그런데 그래서 따라서 또한 게다가 반면".split()
)

# Verbs that make a postposition with the word before ("안전을 위해" for, "지침에 따라"
# according to, "폭설로 인해" because of): the forms that close the phrase as a particle
# does ("지침에 따라 |" as "지침에 |"), and the others they take there (modifier forms
# such as "대한", "-하여" forms). No line begins with any of them.
_KO_POSTPOSITION_VERBS = tuple(
    (
        "대해 대해서 위해 위해서 통해 통해서 인해 인해서 의해 관해 비롯해 향해 기해 "
        "대비해 따라 걸쳐"
    ).split()
)
_KO_POSTPOSITION_FORMS = tuple(
    (
        "대하여 대한 위하여 위한 통하여 통한 인하여 인한 의해서 의하여 의한 관해서 관하여 관한 "
        "따른 따르면 비롯하여 비롯한 향한 걸친 대비한 불구하고 맞아"
    ).split()
)

# The forms of 하다 and 되다 as auxiliaries (see KOREAN's fixed_pairs), by their starts
# and as whole words: "한다-", not "한-", which would take in 한국 and 한파.
_KO_HADA = tuple("했- 합니- 한다- 하는- 하고- 하며- 하면- 해야- 해서- 해도- 하기- 한 할 해".split())
_KO_DOEDA = tuple(
    "됐- 됩니- 된다- 되는- 되고- 되며- 되면- 되어- 되었- 돼야- 돼서- 될- 된 돼".split()
)

# SUBTITLE-RULES "Korean": 16 width units a line, 2 lines, 12 CPS adult.
# Speech: Korean broadcast news ~6.2 syllables/s; with the spaces between eojeol at 0.5 that is
# ~7 width units a second, well under 12.
KOREAN = LanguageProfile(
    code="ko",
    name="Korean",
    max_line_width=16,
    max_lines=2,
    max_cps=12,
    target_cps=11,
    speech_units_per_second=7.0,
    width=cjk_width,
    abbreviations=frozenset({"u.s", "u.k", "u.n", "e.g", "i.e", "a.m", "p.m", "mr", "dr"}),
    # Conjunctions and sentence-linking adverbs: a line may begin with one but never end
    # with one ("…했습니다. 하지만 | 정부는" leaves "but" hanging).
    break_before=_KO_CONJUNCTIONS,
    conjunctions=_KO_CONJUNCTIONS,
    # A bound noun and the word after it form one phrase ("할 수 있다"), as do a
    # determiner or a degree adverb and the word it modifies ("가장 | 강한 추위",
    # "약 | 1만 명"). (이, 세 and 네 are left out: also a particle, a counter, "yes".)
    no_break_after=frozenset(
        (
            "수 것 그 저 새 헌 옛 첫 두 모든 온갖 여러 각 몇 어느 무슨 약 총 현 매 "
            "가장 제일 매우 아주 너무 더 덜 잘 못 꽤 몹시 훨씬 좀 조금"
        ).split()
    ),
    # Particles and copula endings that are written attached to the previous word; if
    # machine translation separates one with a space it must still not start a line.
    particles=frozenset(
        (
            "은 는 이 가 을 를 의 에 에서 에게 께 와 과 도 로 으로 만 까지 부터 "
            "보다 처럼 이나 나 라고 이라고 하고 에는 에서는 으로는 로는 "
            "이다 입니다 였다 이었다"
        ).split()
    ),
    sentence_final_endings=("다", "요", "까", "죠", "니다", "습니다", "나요", "네요"),
    title_marks=("〈", "〉"),
    # Connective endings (-고 -며 -지만 -는데 -면서 -아서/어서 -니까) end a clause; 에서,
    # 에게, 으로 end a phrase and cannot be read as anything else.
    break_after_endings=tuple("고 며 지만 는데 은데 면서 아서 어서 해서 니까 도록".split()),
    # Also the verbs that make a postposition with the word before, in every form.
    no_break_before=frozenset(
        (
            "수 것 것이 것은 것을 것으로 것이다 것입니다 때문에 "
            "뿐 줄 데 만큼 대로 동안 때 중 등 정도 가량"
        ).split()
    )
    | frozenset(_KO_POSTPOSITION_VERBS)
    | frozenset(_KO_POSTPOSITION_FORMS),
    no_break_before_starts=("있", "싶", "않", "못하", "못했", "못해"),
    phrase_endings=(
        *"은 는 이 가 에 에서 에게 께서 으로 로 까지 부터 도 와 과 만".split(),
        *_KO_POSTPOSITION_VERBS,
    ),
    object_endings=("을", "를"),
    particle_fits=korean_particle_fits,
    # A verb's ending and the auxiliary it calls for, one predicate: "-야 하다" (must:
    # "유의해야 | 한다"), "-기로 하다" (decide to: "지원하기로 | 했습니다"), "-게 되다" (come
    # to), "-도록 하다" (make sure that).
    fixed_pairs=frozenset(
        f"-{ending} {form}"
        for ending, forms in (
            ("야", _KO_HADA + _KO_DOEDA),
            ("기로", _KO_HADA),
            ("게", _KO_DOEDA),
            ("도록", _KO_HADA),
        )
        for form in forms
    ),
    modifier_endings=tuple(
        (
            "하는 되는 르는 있을 없을 했을 됐을 많은 같은 않은 싶은 높은 좋은 낮은 넓은 깊은 짧은"
        ).split()
    ),
    modifier_words=frozenset("입은 받은 작은 적은 맞은".split()),
    particle_homographs=frozenset({"이", "가", "나", "도", "만", "보다", "하고", "와"}),
)

PROFILES = {p.code: p for p in (ENGLISH, KOREAN)}


def profile(code: str) -> LanguageProfile:
    """The profile of a supported language code.

    >>> profile("ko").max_line_width
    16
    """
    from subtitler.errors import LanguageError

    try:
        return PROFILES[code]
    except KeyError:
        raise LanguageError(
            f"unsupported language {code!r}: subtitler handles English (en) and Korean (ko)"
        ) from None


def cps(text: str, duration_ms: int, lang: LanguageProfile) -> float:
    """Reading speed of ``text`` shown for ``duration_ms``, in the language's width units.

    >>> round(cps("Hello there", 1000, ENGLISH), 1)
    11.0
    """
    if duration_ms <= 0:
        return float("inf")
    return lang.width(text) / (duration_ms / 1000)
