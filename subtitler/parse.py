"""Normalised transcript text to speaker segments.

Broadcasters mark who speaks with a bracket at the start of a line:

* role labels: ``[Anchor]``, ``[Reporter]``, ``[Anchor Lead]``, ``[Pkg]``,
  ``[Soundbite]``, ``[앵커]``, ``[기자]``, ``[인터뷰]``, ``[녹취]``; a label may
  carry the speaker after a colon (``[Interview: Kim Min-soo, Seoul resident]``,
  the form the cleaned transcript is written in). Other broadcasters put a label
  in other brackets: ``<앵커>``, ``<기자>`` (SBS), ``◀ 앵커 ▶``, ``◀ 리포트 ▶``
  (MBC), ``【앵커】``, ``［앵커］``, ``〈앵커〉``; in those only a label is a marker,
  as ``<Clean Rivers 2030>`` is a title. A label and a colon at the start of a
  line mark a speaker too, the speech following (``ANCHOR: Good evening.``,
  ``REPORTER (voice-over): …``, ``기자: …``, ``SOUNDBITE: Name (Title): quote``), as
  does a name and a title in capitals and a colon (``PARK MIN-SOO, RESIDENT: quote``,
  US network transcripts; read as the speaker line after a soundbite label), and so
  does a bracketed label after a sentence's end in the middle of a line (line breaks
  lost: ``... the news. [Reporter] Troops moved ...``);
* quote brackets: ``[Name Title: quote]`` (YTN English), ``[이름 / 직함 : 인용]``
  (YTN Korean), ``<이름/직함 : 인용>`` (SBS; in angle brackets only where the
  speaker reads as one for certain). The quote may go on over the next lines
  until the ``]``; what follows the bracket is the narrator (the last anchor or
  reporter) again;
* a soundbite label followed by a speaker line ``Name (Title): quote`` (KBS
  World): the quote is that line (and the lines after it until a sentence
  ends), then the narrator speaks again;
* an interview or soundbite label followed by an attribution line of its own,
  ``Name (Title)``, ``Name, Title`` or ``이름 / 직함`` (see
  :func:`read_attribution`): it names the speaker, as ``[Interview: Name,
  Title]`` would, and is not spoken; what follows until the next marker is
  theirs, unless it opens with a quotation mark (MBC: ``◀ 인터뷰 ▶ 이름/직함``,
  then ``"인용"``): then the quote ends at the line that closes it, and the
  narrator speaks again.

Text before the first marker, and transcripts with no markers at all, belong to
a segment of role ``unknown``. A bracket that is not a speaker marker
(``[Phone] 02-...``, a copyright line) is ordinary text here; cleaning removes
boilerplate later.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from subtitler import boilerplate
from subtitler.clean import line_ends_sentence
from subtitler.languages import ENGLISH, is_hangul_syllable
from subtitler.models import Notice, Role, Segment, SourceLine, assemble


@dataclass(frozen=True)
class Parsed:
    """The segments of a transcript, in order, and what the parser warns about."""

    segments: tuple[Segment, ...]
    warnings: tuple[Notice, ...]


# Role labels, case-folded with single spaces. Everything a label may be written as.
ROLE_LABELS: dict[str, Role] = {
    "anchor": "anchor",
    "anchor lead": "anchor",
    "lead": "anchor",
    "host": "anchor",
    "앵커": "anchor",
    "앵커 멘트": "anchor",
    "앵커멘트": "anchor",
    "reporter": "reporter",
    "pkg": "reporter",
    "package": "reporter",
    "report": "reporter",
    "narration": "reporter",
    "correspondent": "reporter",
    "기자": "reporter",
    "리포트": "reporter",
    "내레이션": "reporter",
    "interview": "interview",
    "soundbite": "interview",
    "sound bite": "interview",
    "sound-bite": "interview",
    "sot": "interview",
    "recording": "interview",
    "sync": "interview",
    "인터뷰": "interview",
    "녹취": "interview",
    "unknown": "unknown",
}

# Words that begin or make up a person's title or organisation, never a name.
# Used to split "[Edward Howell Oxford University Researcher: ...]" (no comma)
# into a name and a title; see split_name_title.
TITLE_WORDS = frozenset(
    """
    academy adviser advisor agency ambassador analyst army assembly association attorney
    bank board bureau ceo center centre chair chairman chairperson chairwoman chief citizen
    college command commander committee company corporation correspondent council defector
    defence defense department deputy diplomat director doctor economist employee envoy expert
    farmer fellow firefighter force forces foreign former foundation general governor
    government group head institute institution intelligence journalist judge lawmaker lawyer
    leader lecturer manager mayor member merchant military minister ministry national navy
    nurse office officer official organisation organization owner parliament party police
    president prime professor prosecutor representative research researcher resident
    school secretary senior service soldier spokesman spokesperson spokeswoman staff student
    teacher team union university veteran vice victim witness worker
    """.split()
)
# Korean words that end a title (직함): "고려대 교수", "해양수산부 장관", "서울 마포구 주민".
# Matched at the end of a word, as Korean writes compounds as one word ("국방부대변인").
KOREAN_TITLE_ENDINGS = tuple(
    """
    교수 강사 연구원 연구위원 위원 위원장 대변인 장관 차관 의원 대표 회장 사장 소장 원장
    총장 청장 국장 과장 부장 실장 팀장 센터장 시장 지사 대사 대통령 총리 주민 시민 상인
    학생 교사 기자 특파원 관계자 전문가 변호사 의사 간호사 경찰관 소방관 군인 농민 어민
    탈북민 피해자 목격자 유족 직원 근로자 노동자 공무원 분석가 이사장 선수 감독 예보관
    """.split()
)
# Korean surnames, one syllable or two: a Korean name begins with one ("김민준", "남궁 현").
KOREAN_SURNAMES = frozenset(
    """
    김 이 박 최 정 강 조 윤 장 임 한 오 서 신 권 황 안 송 류 유 전 홍 고 문 양 손 배 백 허
    남 심 노 하 곽 성 차 주 우 구 민 진 나 지 엄 채 원 천 방 공 현 함 변 염 여 추 도 소 석
    선 설 마 길 연 위 표 명 기 반 왕 금 옥 육 인 맹 제 모 탁 국 어 은 편 용 예 경 봉 사 부
    가 복 태 목 형 피 두 감 제갈 남궁 선우 황보 독고 사공 서문
    """.split()
)
# Lower-case words that may stand inside a name ("Ludwig van Beethoven").
_NAME_PARTICLES = frozenset({"van", "von", "de", "der", "den", "da", "di", "du", "la", "le", "bin"})
_NAME_SUFFIXES = frozenset({"jr.", "sr.", "jr", "sr", "ii", "iii", "iv"})
_INITIAL = re.compile(r"^[A-Z]\.$")
_NAME_TOKEN = re.compile(r"^[A-Z][\w'’.-]*$")
# What split_name_title splits at: "Name (Title)" exactly, else the first "/" or ",".
_NAME_PAREN_TITLE = re.compile(r"(?P<name>[^()/,]+?)\s*\((?P<title>[^()]*)\)")
_NAME_TITLE_SEPARATOR = re.compile(r"[/,]")
# A colon that separates (not the one in "8:30").
_COLON = re.compile(r"(?<!\d)\s*[:：]\s*|\s*[:：](?!\d)\s*")
# KBS speaker line: "Name (Title): quote", "Name, Title: quote", "이름 / 직함 : 인용".
_SPEAKER_LINE = re.compile(r"^(?P<who>[^:：\[\]]{1,80}?)\s*[:：](?!\d)\s*(?P<quote>.*)$")
# At most this many words before the colon of a speaker line or quote bracket.
_MAX_SPEAKER_WORDS = 12
# An attribution line: "Name (Title)" exactly, or a "/" or "," between name and title.
_PAREN_TITLE = re.compile(r"[^()]+\([^()]+\)")
# Marks of speech an attribution never has: questions, exclamations, quotes, a colon
# (a line with a colon is a speaker line "Name: quote", read elsewhere).
_SPEECH_MARK = re.compile(r"[?!…\"“”:：]")
_MAX_NAME_WORDS = 4
_MAX_TITLE_WORDS = 8
# Words that open a clause or phrase, never a name or a title ("Yes, of course",
# "Kim Min-jun, who teaches here"): an attribution line starting so is speech.
_FUNCTION_WORDS = ENGLISH.no_break_after | ENGLISH.break_before
# Words that open a spoken answer or greeting ("Yes, Minister", "Good Morning, Professor")
# and name nobody.
_ANSWER_WORDS = frozenset(
    "yes no well okay ok oh thanks thank sorry please hello hi good morning afternoon evening "
    "welcome dear excuse".split()
)


def split_name_title(text: str) -> tuple[str | None, str | None]:
    """Split a speaker description into (name, title).

    With a separator it is exact: ``Name (Title)``, else the first ``,`` or
    ``/`` splits (``Name, Title``, ``이름 / 직함``); a leading separator means
    there is no name, a trailing one no title. Without one
    (machine translation drops the comma) the name is the leading capitalised
    words that are not title words (:data:`TITLE_WORDS`): at most two, three
    when the second is an initial or particle, plus a suffix such as ``Jr.``.
    Romanised Korean names are two words ("Kim Jong-un", "Yang Uk"), as are most
    Western ones. Up to three capitalised words with no title word at all are
    taken as a whole name. Korean text without ``/`` is all name.

    >>> split_name_title("Edward Howell Oxford University Researcher")
    ('Edward Howell', 'Oxford University Researcher')
    >>> split_name_title("Park Min-ji Seoul resident")
    ('Park Min-ji', 'Seoul resident')
    >>> split_name_title("홍길동 / 국방부 대변인")
    ('홍길동', '국방부 대변인')
    """
    text = text.strip()
    if not text:
        return None, None
    if text[0] in ",/":
        return None, text[1:].strip() or None
    paren = _NAME_PAREN_TITLE.fullmatch(text) if "(" in text else None
    if paren:
        return paren["name"], paren["title"].strip() or None
    separator = _NAME_TITLE_SEPARATOR.search(text)
    if separator:
        name, title = text[: separator.start()], text[separator.end() :]
        return name.strip() or None, title.strip() or None
    # ASCII first: a name in Latin letters, most of them, has no Hangul to look for.
    if not text.isascii() and any(map(is_hangul_syllable, text)):
        return text, None
    return _split_english(text.split())


def _split_english(tokens: list[str]) -> tuple[str | None, str | None]:
    def is_title(token: str) -> bool:
        return token.strip(".,;()'’").casefold() in TITLE_WORDS

    def is_name(token: str) -> bool:
        return bool(_NAME_TOKEN.match(token)) and not is_title(token)

    if not is_name(tokens[0]):
        return None, " ".join(tokens)
    if len(tokens) <= 3 and not any(is_title(t) for t in tokens) and all(map(is_name, tokens)):
        return " ".join(tokens), None
    limit = 2
    if len(tokens) > 2 and (_INITIAL.match(tokens[1]) or tokens[1] in _NAME_PARTICLES):
        limit = 3
    count = 1
    while count < min(limit, len(tokens)) and (
        is_name(tokens[count]) or tokens[count] in _NAME_PARTICLES
    ):
        count += 1
    if count < len(tokens) and tokens[count].casefold() in _NAME_SUFFIXES:
        count += 1
    return " ".join(tokens[:count]), " ".join(tokens[count:]) or None


# The most words a label has. Text with more is no label, which spares splitting all of a
# quote's words to find out (a bracket's content is asked whether it is a label first).
_LABEL_WORDS = max(len(label.split()) for label in ROLE_LABELS)


def _label_role(text: str) -> Role | None:
    words = text.split(maxsplit=_LABEL_WORDS)
    if len(words) > _LABEL_WORDS:
        return None
    return ROLE_LABELS.get(" ".join(words).casefold())


def _is_label(content: str) -> bool:
    """Whether bracket ``content`` is a role label, with a speaker after a colon or not."""
    return _label_role(content) is not None or _label_role(_split_colon(content)[0]) is not None


@dataclass(slots=True)
class _Marker:
    """What a speaker bracket says, and where it ends.

    Read, never changed; not frozen, as a frozen one costs several times more to make.
    """

    role: Role
    speaker: str | None
    title: str | None
    # Text after the closing bracket, on line index ``end``.
    after: str
    end: int
    unclosed: bool
    # (line index, text) of a quote inside the bracket, one entry per line. A quote
    # bracket holds the quote itself; the narrator speaks again after it.
    inside: tuple[tuple[int, str], ...] = ()
    # A soundbite label without a speaker: the next line should be "Name (Title): quote".
    wants_speaker_line: bool = False

    @property
    def is_quote(self) -> bool:
        return bool(self.inside)


def _read_marker(lines: list[str], i: int) -> _Marker | None:
    """The speaker marker starting line ``i``, or None if that line does not start with one."""
    line = lines[i]
    if not line.startswith("[") or boilerplate.classify(line) is not None:
        return None
    close, depth = _find_close(line, 1, 0)
    if close is not None:
        return _interpret(line[1:close], [(i, "")], line[close + 1 :].strip(), i, unclosed=False)
    content = line[1:]
    found = _closing_line(lines, i, depth) if _COLON.search(content) else None
    if found is None:
        return _interpret(content, [(i, "")], "", i, unclosed=True)
    # A quote bracket running over several lines.
    end, cut = found
    parts = [(j, lines[j]) for j in range(i + 1, end)]
    parts.append((end, lines[end][:cut]))
    return _interpret(
        content, [(i, ""), *parts], lines[end][cut + 1 :].strip(), end, unclosed=False
    )


# Brackets other than [ ] that broadcasters put a role label in, opening → closing.
OTHER_LABEL_BRACKETS = dict(zip("<〈《◀［【〔", ">〉》▶］】〕", strict=True))


def _read_other_marker(line: str, i: int) -> _Marker | None:
    """A role label in another bracket at the start of ``line`` (see OTHER_LABEL_BRACKETS),
    with the speaker after a colon or not: "<앵커>", "◀ 리포트 ▶", "<Interview: Name, Title>";
    or a quote in angle brackets, SBS's form of YTN's quote bracket: "<이름/직함 : 인용>",
    which a bracket never closed ends at the end of its line."""
    close = line.find(OTHER_LABEL_BRACKETS[line[0]], 1)
    content = line[1:] if close < 0 else line[1:close]
    if close >= 0 and _is_label(content):
        return _interpret(content, [(i, "")], line[close + 1 :].strip(), i, unclosed=False)
    if line[0] not in _QUOTE_BRACKETS:
        return None
    # A speaker who reads as one for certain: "<Clean Rivers: A Plan>" is a title.
    head, colon, _ = _split_colon(content)
    if not colon or not _names_a_speaker(head):
        return None
    after = "" if close < 0 else line[close + 1 :].strip()
    return _interpret(content, [(i, "")], after, i, unclosed=close < 0)


# The brackets of OTHER_LABEL_BRACKETS that may hold a quote as well as a label.
_QUOTE_BRACKETS = "<〈"


# "ANCHOR: Good evening.": a label (a few words at most) and a colon opening a line.
_LABEL_REACH = 64  # no label is longer, with a note before its colon
# A note on how the words are heard may stand between the label and the colon
# ("REPORTER (voice-over):", "ANCHOR (on camera):").
_LABEL_COLON = re.compile(
    r"(?P<label>[^\W\d_][^\W\d_ .-]*(?:[ .-][^\W\d_]+){0,2})"
    r"(?:\s*\([^()]{1,30}\))?\s*[:：]\s*"
)


def label_line(line: str) -> tuple[Role, str] | None:
    """(role, speech) when ``line`` opens with a role label and a colon ("REPORTER: The
    talks ended.", "앵커: 안녕하십니까"); the label ``unknown`` is only ever bracketed,
    and a label followed by names alone is a credit (see boilerplate)."""
    if line.find(":", 0, _LABEL_REACH) < 0 and line.find("：", 0, _LABEL_REACH) < 0:
        return None  # most lines
    match = _LABEL_COLON.match(line)
    if match is None:
        return None
    role = _label_role(match["label"])
    if role is None or role == "unknown" or boilerplate.classify(line) is not None:
        return None  # not a label, or a credit ("Reporter: Kwon Young-hee")
    return role, line[match.end() :]


def _capitals_speaker_line(line: str) -> bool:
    """Whether ``line`` opens with who speaks in capitals and a colon, as US network
    transcripts write it ("PARK MIN-SOO, RESIDENT: The water rose."): only a name and a
    title for certain (see _names_a_speaker), so "UPDATE: ..." stays text."""
    match = _SPEAKER_LINE.match(line)
    return match is not None and match["who"].isupper() and _names_a_speaker(match["who"])


def _find_close(text: str, start: int, depth: int) -> tuple[int | None, int]:
    """Index of the ``]`` that closes an open bracket (``depth`` already open before ``start``).

    Brackets inside the quote (``[sic]``) are skipped over.
    """
    depth = depth or 1
    # From one "]" to the next: the "[" between them open brackets it may close.
    while (close := text.find("]", start)) >= 0:
        depth += text.count("[", start, close) - 1
        if depth == 0:
            return close, 0
        start = close + 1
    return None, depth + text.count("[", start)


def _closing_line(lines: list[str], i: int, depth: int) -> tuple[int, int] | None:
    """(line index, column) of the ``]`` closing the bracket opened on line ``i``.

    Searched only within the bracket's paragraph: a blank line or a line that
    opens another bracket means it was never closed.
    """
    for j in range(i + 1, len(lines)):
        if not lines[j] or lines[j].startswith("["):
            return None
        if lines[j][0] in OTHER_LABEL_BRACKETS and _read_other_marker(lines[j], j) is not None:
            return None
        if label_line(lines[j]) is not None:
            return None
        close, depth = _find_close(lines[j], 0, depth)
        if close is not None:
            return j, close
    return None


def _interpret(
    first: str, rest: list[tuple[int, str]], after: str, end: int, *, unclosed: bool
) -> _Marker | None:
    """Classify a bracket whose first-line content is ``first``; ``rest`` are later lines in it."""
    start = rest[0][0]
    more = tuple([(j, text.strip()) for j, text in rest[1:]])
    role = _label_role(first)
    if role is not None and not more:
        wants = role == "interview"
        return _Marker(role, None, None, after, end, unclosed, wants_speaker_line=wants)
    head, colon, tail = _split_colon(first)
    if not colon:
        if more or not _names_a_speaker(first):
            return None
        # "[홍길동 / 국방부 대변인]": a speaker, no quote in the bracket; what follows is theirs.
        name, title = split_name_title(first)
        return _Marker("interview", name, title, after, end, unclosed)
    label = _label_role(head)
    if label is not None and not more:
        # "[Interview:]" says the speaker is unknown: no speaker line follows.
        name, title = split_name_title(tail)
        return _Marker(label, name, title, after, end, unclosed)
    if not _plausible_speaker(head):
        return None
    name, title = split_name_title(head)
    inside = tuple((j, t) for j, t in ((start, tail.strip()), *more) if t)
    return _Marker("interview", name, title, after, end, unclosed, inside=inside)


def _split_colon(text: str) -> tuple[str, str, str]:
    text = text.strip()
    colons = [at for at in (text.find(":"), text.find("：")) if at >= 0]
    if not colons:
        return text, "", ""
    # A match of _COLON is spaces and a colon, so none starts before the spaces in front
    # of the first colon: searching from there finds the match a search from the start
    # finds, without trying _COLON at every character of a long speaker description.
    first = min(colons)
    match = _COLON.search(text, len(text[:first].rstrip()))
    if match is None:
        return text, "", ""
    return text[: match.start()], ":", text[match.end() :]


def _plausible_speaker(text: str) -> bool:
    """Whether ``text`` before a colon can say who speaks: short, starts like a name."""
    words = text.split()
    return (
        0 < len(words) <= _MAX_SPEAKER_WORDS
        and (words[0][0].isupper() or is_hangul_syllable(words[0][0]))
        and not line_ends_sentence(text)
    )


def _names_a_speaker(text: str) -> bool:
    """A bracket with no colon is a speaker only if it is clearly ``name / title`` or
    ``Name Title`` with a title word ("[Edward Howell Oxford University Researcher]"),
    so that "[Photo]" or "[Kakao Talk]" stay text."""
    if not _plausible_speaker(text):
        return False
    name, title = split_name_title(text)
    if name is None or title is None:
        return False
    return "/" in text or _has_title_word(title)


def _has_title_word(text: str) -> bool:
    """Whether a word of ``text`` is a title word (English) or ends like one (Korean)."""
    for word in text.split():
        word = word.strip(".,;()'’")
        if word.casefold() in TITLE_WORDS or (
            is_hangul_syllable(word[:1]) and word.endswith(KOREAN_TITLE_ENDINGS)
        ):
            return True
    return False


def read_attribution(text: str) -> tuple[str, str] | None:
    """(name, title) when the line ``text`` is an attribution, else None.

    An attribution names who speaks next without saying anything: a name and a
    title separated as :func:`split_name_title` reads them (``Name (Title)``,
    ``Name, Title``, ``이름 / 직함``), short, with no sentence end or other mark
    of speech. Since a line of speech can look alike ("Seoul / Busan", "Yes,
    of course"), both halves must look the part: the name two to four
    capitalised words that are not title or function words, or a Korean name
    starting with a surname; the title holding a title word and ending in one
    or in a capitalised word.

    >>> read_attribution("Kim Min-jun / Korea University Professor")
    ('Kim Min-jun', 'Korea University Professor')
    >>> read_attribution("김민준 / 고려대 교수")
    ('김민준', '고려대 교수')
    >>> read_attribution("Seoul / Busan") is None
    True
    """
    text = text.strip()
    separated = "/" in text or "," in text or _PAREN_TITLE.fullmatch(text)
    if not separated or _SPEECH_MARK.search(text) or not _plausible_speaker(text):
        return None
    name, title = split_name_title(text)
    if name is None or title is None or not _looks_like_name(name):
        return None
    words = title.split()
    if len(words) > _MAX_TITLE_WORDS or words[0].casefold() in _FUNCTION_WORDS:
        return None
    # A title ends in a title word or a proper noun ("Minister of Oceans", "Bank of
    # Korea"), not in a verb or pronoun ("Professor, said", "교수님").
    last = words[-1].strip(".,;()'’")
    if not (last[:1].isupper() or _has_title_word(last)):
        return None
    return (name, title) if _has_title_word(title) else None


def _looks_like_name(text: str) -> bool:
    words = text.split()
    if is_hangul_syllable(text[:1]):
        # "김민준", "남궁 현", "김 모 씨": Hangul only, two to six syllables, a surname first.
        syllables = "".join(words)
        return (
            len(words) <= 3
            and 2 <= len(syllables) <= 6
            and all(map(is_hangul_syllable, syllables))
            and (syllables[0] in KOREAN_SURNAMES or syllables[:2] in KOREAN_SURNAMES)
        )
    if not 2 <= len(words) <= _MAX_NAME_WORDS or words[0].casefold() in _FUNCTION_WORDS:
        return False
    if any(word.strip(".,;!'’").casefold() in _ANSWER_WORDS for word in words):
        return False
    return all(
        word in _NAME_PARTICLES
        or word.casefold() in _NAME_SUFFIXES
        or (_NAME_TOKEN.match(word) and word.strip(".,;()'’").casefold() not in TITLE_WORDS)
        for word in words
    )


@dataclass
class _Open:
    """The segment being built."""

    role: Role
    speaker: str | None
    title: str | None
    line: int
    body: list[SourceLine] = field(default_factory=list)
    # A soundbite quote: it ends (and the narrator resumes) when a line ends a sentence.
    quote: bool = False
    wants_speaker_line: bool = False
    # After an attribution line: a first line opening a quotation mark is the quote, which
    # ends (and the narrator resumes) at the line that closes it (``closing``).
    awaits_quote: bool = False
    closing: str = ""


class _Builder:
    """Collects segments; remembers the narrator to return to after a quote."""

    def __init__(self) -> None:
        self.segments: list[Segment] = []
        self.warnings: list[Notice] = []
        self.current: _Open | None = None
        self.narrator: tuple[Role, str | None, str | None] | None = None

    def start(self, role: Role, speaker: str | None, title: str | None, line: int) -> _Open:
        self.finish()
        if role in ("anchor", "reporter"):
            self.narrator = (role, speaker, title)
        self.current = _Open(role, speaker, title, line)
        return self.current

    def finish(self) -> None:
        """Close the open segment; text that comes next starts a new one (the narrator's)."""
        open_ = self.current
        self.current = None
        if open_ is None:
            return
        if not open_.body:
            self.warnings.append(
                Notice("empty-segment", open_.line, f"line {open_.line}: marker with no text")
            )
            return
        fields = {
            "role": open_.role,
            "speaker": open_.speaker,
            "title": open_.title,
            "text": "\n".join([line.text for line in open_.body]),
            "line": open_.line,
            "lines": tuple(open_.body),
        }
        self.segments.append(assemble(Segment, fields))

    def add(self, number: int, text: str) -> None:
        if self.current is None:
            role, speaker, title = self.narrator or ("reporter", None, None)
            if not self.segments and self.narrator is None:
                role = "unknown"
            self.current = _Open(role, speaker, title, number)
        self.current.body.append(assemble(SourceLine, {"number": number, "text": text}))


# Tests switch the shortcut for plain lines in parse() off, to hold it to the general path.
_PLAIN_LINE_SHORTCUT = True


def parse(text: str) -> Parsed:
    """Split normalised transcript text into speaker segments.

    >>> parsed = parse("[Anchor]\\nGood evening.\\n"
    ...                "[Kim Min-soo Seoul resident: It is cold.]\\nSnow fell.")
    >>> [(s.role, s.speaker, s.title, s.text) for s in parsed.segments]
    ... # doctest: +NORMALIZE_WHITESPACE
    [('anchor', None, None, 'Good evening.'),
     ('interview', 'Kim Min-soo', 'Seoul resident', 'It is cold.'),
     ('anchor', None, None, 'Snow fell.')]
    """
    lines = [line.strip() for line in text.split("\n")]
    build = _Builder()
    i = 0
    while i < len(lines):
        line = lines[i]
        number = i + 1
        current = build.current
        if (
            _PLAIN_LINE_SHORTCUT
            and current is not None
            and not (current.quote or current.wants_speaker_line or current.closing)
            and not current.awaits_quote
            and line
            and "[" not in line
            and ":" not in line
            and "：" not in line
            and line[0] not in OTHER_LABEL_BRACKETS
        ):
            # Most lines: speech that goes on in the open segment. With no bracket and no
            # colon it holds no marker or label (see label_line, _body_text), and the open
            # segment is no quote that a sentence end closes and awaits no speaker line
            # (see _body_line): all that is left of the general path below is this.
            current.body.append(assemble(SourceLine, {"number": number, "text": line}))
            i += 1
            continue
        if not line:
            if build.current is not None and build.current.quote:
                build.finish()  # a blank line ends a soundbite quote
            i += 1
            continue
        if line.startswith("["):
            marker = _read_marker(lines, i)
        elif line[0] in OTHER_LABEL_BRACKETS:
            marker = _read_other_marker(line, i)
        elif (labelled := label_line(line)) is not None:
            role, speech = labelled
            marker = _Marker(
                role, None, None, speech, i, False, wants_speaker_line=role == "interview"
            )
        elif _capitals_speaker_line(line):
            # Read as the speaker line after a soundbite label is (see _body_line).
            marker = _Marker("interview", None, None, line, i, False, wants_speaker_line=True)
        else:
            marker = None
        if marker is None:
            _body_text(build, number, line)
            i += 1
            continue
        if marker.unclosed:
            build.warnings.append(
                Notice(
                    "unclosed-bracket",
                    number,
                    f"line {number}: '{line[0]}' is never closed; taken to end at the end of "
                    "its line",
                )
            )
        current = build.start(marker.role, marker.speaker, marker.title, number)
        current.wants_speaker_line = marker.wants_speaker_line
        for j, quote in marker.inside:
            current.body.append(assemble(SourceLine, {"number": j + 1, "text": quote}))
        if marker.is_quote:
            build.finish()  # the quote was the bracket; the narrator speaks after it
        if marker.after:
            _body_text(build, marker.end + 1, marker.after)
        i = marker.end + 1
    build.finish()
    return Parsed(segments=tuple(build.segments), warnings=tuple(build.warnings))


# A role label in brackets after the end of a sentence, in the middle of a line: a
# transcript whose line breaks were lost ("... the news. [Reporter] Troops moved ...").
# Only after a sentence's end, so an editor's "[reporter]" inside a sentence stays text.
_MID_LINE_LABEL = re.compile(r"(?<=[.?!…\"”’])\s+\[(?P<content>[^\[\]]{1,60})\]\s*")


def _body_text(build: _Builder, number: int, text: str) -> None:
    """Line ``number``'s text for the current speaker, up to a role label in its middle,
    which starts the next speaker (see _MID_LINE_LABEL)."""
    while "[" in text:
        for found in _MID_LINE_LABEL.finditer(text):
            if _is_label(found["content"]):
                break
        else:
            break
        marker = _interpret(found["content"], [(number - 1, "")], "", number - 1, unclosed=False)
        if marker is None:  # a label with a speaker that does not read as one
            break
        _body_line(build, number, text[: found.start()])
        current = build.start(marker.role, marker.speaker, marker.title, number)
        current.wants_speaker_line = marker.wants_speaker_line
        text = text[found.end() :]
        if not text:
            return
    _body_line(build, number, text)


def _body_line(build: _Builder, number: int, text: str) -> None:
    current = build.current
    if current is not None and current.wants_speaker_line and not current.body:
        current.wants_speaker_line = False
        match = _SPEAKER_LINE.match(text)
        if match and _plausible_speaker(match["who"]):
            current.speaker, current.title = split_name_title(match["who"])
            current.quote = True
            text = match["quote"]
            if not text:
                return
        elif (attribution := read_attribution(text)) is not None:
            # Who speaks, on a line of its own: the marker's speaker, not speech. Unlike
            # "Name (Title): quote" nothing shows where the quote ends, so it runs to the
            # next marker, as after "[Interview: Name, Title]"; unless it is in quotation
            # marks (MBC: "◀ 인터뷰 ▶ 이름/직함", then the quote in quotation marks).
            current.speaker, current.title = attribution
            current.awaits_quote = True
            return
    if current is not None and current.awaits_quote:
        current.awaits_quote = False
        if not current.body and text[:1] in _QUOTATION_MARKS:
            current.closing = _QUOTATION_MARKS[text[0]]
            build.add(number, text)
            if _closes_quote(text[1:], current.closing):
                build.finish()
            return
    build.add(number, text)
    if current is None:
        return
    if (current.quote and line_ends_sentence(text)) or (
        current.closing and _closes_quote(text, current.closing)
    ):
        build.finish()


# Opening quotation marks and the marks that close them.
_QUOTATION_MARKS = {'"': '"', "“": "”", "‘": "’", "「": "」", "『": "』"}


def _closes_quote(text: str, closing: str) -> bool:
    """Whether ``text``, a line inside a quotation, ends it: its closing mark ends the line,
    before a sentence's end at most ('…봤어요."', '…봤어요".')."""
    return text.rstrip().rstrip(".?!…").endswith(closing)
