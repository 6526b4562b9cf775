"""The command line: parse arguments, read and write files, map errors to exit codes.

Exit codes: 0 success; 1 the work failed (including an output that could not be
made); 2 usage errors (unknown option, missing input file). Errors are one line
on stderr; ``--debug`` shows the traceback. Nothing else imports this module.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import os
import sys
import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from subtitler import __version__, encoding
from subtitler.constants import DEFAULT_OUTDIR
from subtitler.errors import InputError, ModelError, SubtitlerError, TimecodeError
from subtitler.models import Document, TimingOptions
from subtitler.namecards import MODES
from subtitler.profiles import ExportProfile, profile_names, resolve_profile

if TYPE_CHECKING:
    from subtitler.report import CueRow
    from subtitler.translate.engine import Translator
    from subtitler.translate.packages import PackageStore

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """Wrong use of the command line: exit code 2."""


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line on stderr (and exit 2), like every other error."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def _csv(value: str) -> tuple[str, ...]:
    items = tuple(part.strip() for part in value.split(",") if part.strip())
    if not items:
        raise argparse.ArgumentTypeError("expected a comma-separated list")
    return items


def _fps(value: str) -> float:
    try:
        fps = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a frame rate: {value!r}") from None
    if not 1 <= fps <= 240:
        raise argparse.ArgumentTypeError(f"frame rate out of range (1-240): {value}")
    return fps


EPILOG_RUN = """examples:
  subtitler run transcripts/ytn-north-korean-troops-russia.txt
  subtitler run news.txt --targets ko --start 01:00:00:00 --fps 25 -o subs/
  subtitler run a.txt b.txt --duration 00:02:41,000 --formats srt,vtt --offline
"""
EPILOG_CLEAN = """examples:
  subtitler clean news.txt              # cleaned transcript on stdout
  subtitler clean news.txt -o news.cleaned.txt
  subtitler clean - < news.txt          # from standard input
"""
EPILOG_CHECK = """examples:
  subtitler check output/news.en.srt
  subtitler check theirs.ko.srt --lang ko --json
"""
EPILOG_PREVIEW = """examples:
  subtitler preview ytn-north-korean-troops-russia --lang ko
  subtitler preview news --video -o subs/
  subtitler preview subs/news.en.srt
"""
EPILOG_MODELS = """examples:
  subtitler models list
  subtitler models install en ko
  subtitler models install translate-en_ko-1_1.argosmodel
  subtitler models remove en ko
"""


def build_parser() -> argparse.ArgumentParser:
    """The whole command-line grammar; every command and option has help text."""
    parser = _Parser(
        prog="subtitler",
        description="Broadcast news transcripts (English, Korean) to professional subtitles.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="Run 'subtitler COMMAND --help' for the options and examples of a command.",
    )
    parser.add_argument("--version", action="version", version=f"subtitler {__version__}")
    parser.add_argument(
        "--debug", action="store_true", help="show the full traceback when something fails"
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    run = commands.add_parser(
        "run",
        help="make subtitles, the cleaned transcript and the review report",
        description="Make SRT subtitles (one file per language), the cleaned transcript and "
        "a review report (JSON and HTML) for each transcript.",
        epilog=EPILOG_RUN,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    run.add_argument("inputs", nargs="+", metavar="INPUT", type=Path, help="transcript file(s)")
    run.add_argument(
        "-o",
        "--outdir",
        type=Path,
        default=Path(DEFAULT_OUTDIR),
        help=f"folder for the outputs (default: {DEFAULT_OUTDIR}/)",
    )
    run.add_argument(
        "--targets",
        type=_csv,
        default=None,
        metavar="LANGS",
        help="subtitle languages, e.g. 'en,ko' (default: the source language, then the other)",
    )
    _add_source_options(run)
    run.add_argument(
        "--fps",
        type=_fps,
        default=None,
        help="snap cue times to frames of this rate (e.g. 25, 29.97); also the rate of HH:MM:SS:FF",
    )
    run.add_argument(
        "--start",
        default=None,
        metavar="TIMECODE",
        help="timeline start, e.g. 01:00:00:00 for a DaVinci Resolve timeline (default 0)",
    )
    run.add_argument(
        "--duration",
        default=None,
        metavar="TIMECODE",
        help="scale the estimated timeline to the programme's real length, e.g. 00:02:41,000",
    )
    run.add_argument(
        "--formats",
        type=_csv,
        default=("srt",),
        metavar="FORMATS",
        help="subtitle formats to write: srt, vtt or both (default: srt)",
    )
    run.add_argument(
        "--profile",
        default="default",
        choices=profile_names(),
        help="export profile of the editor or platform the files are for (default: default); "
        "--bom, --crlf, --start and --fps override it",
    )
    run.add_argument(
        "--bom", action="store_true", default=None, help="start subtitle files with a UTF-8 BOM"
    )
    run.add_argument(
        "--crlf", action="store_true", default=None, help="end lines with CRLF instead of LF"
    )
    run.add_argument(
        "--name-cards",
        nargs="?",
        const="inline",
        choices=MODES,
        default=None,
        help="show each interviewee's name and title as a cue of its own when they first "
        "speak ('inline', the default) or in a separate NAME.names.LANG.srt ('track')",
    )
    run.add_argument(
        "--preview",
        action="store_true",
        help="also render a contact sheet PNG per language (needs ffmpeg), linked from the report",
    )
    run.add_argument(
        "--bilingual",
        action="store_true",
        help="also write NAME.SRC-TGT.srt: each source cue with its translation under it",
    )
    _add_translation_options(run)

    clean = commands.add_parser(
        "clean",
        help="print the cleaned, speaker-labelled transcript",
        description="Clean a transcript (boilerplate removed, machine-translation artifacts "
        "fixed) and print it speaker by speaker.",
        epilog=EPILOG_CLEAN,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    clean.add_argument(
        "input", metavar="INPUT", type=Path, help="transcript file ('-' for standard input)"
    )
    clean.add_argument(
        "-o",
        "--output",
        default="-",
        metavar="FILE",
        help="where to write the cleaned transcript ('-' for stdout, the default)",
    )
    _add_source_options(clean)

    check = commands.add_parser(
        "check",
        help="lint SRT files against professional subtitle limits",
        description="Check SRT files (ours or anyone's) against line length, line count, reading "
        "speed, duration and gap limits. Exit 1 if any cue breaks a rule.",
        epilog=EPILOG_CHECK,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    check.add_argument("files", nargs="+", metavar="FILE", type=Path, help="SRT file(s)")
    check.add_argument(
        "--lang",
        choices=("en", "ko"),
        default=None,
        help="language whose limits apply (default: guessed from the file's script)",
    )
    check.add_argument(
        "--fps", type=_fps, default=None, help="frame rate for the 2-frame minimum gap"
    )
    check.add_argument("--json", action="store_true", help="print the problems as JSON")

    preview = commands.add_parser(
        "preview",
        help="render a contact sheet (and a video) of subtitles as viewers will see them",
        description="Render OUTDIR/NAME.LANG.preview.png: one frame per cue, burned in with the "
        "export profile's font and size, with timecode and CPS under each; with --video also "
        "NAME.LANG.preview.mp4. The review report, if there, links the preview. Needs ffmpeg.",
        epilog=EPILOG_PREVIEW,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    preview.add_argument(
        "name", metavar="NAME", help="transcript name (OUTDIR/NAME.LANG.srt) or an .srt file"
    )
    preview.add_argument(
        "--lang", choices=("en", "ko"), default=None, help="which language (default: en, else ko)"
    )
    preview.add_argument(
        "-o",
        "--outdir",
        type=Path,
        default=Path(DEFAULT_OUTDIR),
        help=f"folder of the run's outputs, where the preview goes (default: {DEFAULT_OUTDIR}/)",
    )
    preview.add_argument("--video", action="store_true", help="also render a short MP4")
    preview.add_argument(
        "--profile",
        default="default",
        choices=profile_names(),
        help="export profile whose look the preview uses (default: default)",
    )

    models = commands.add_parser(
        "models",
        help="list, install and remove translation models (Argos packages)",
        description="Manage Argos Translate packages. ARGOS_PACKAGES_DIR and ARGOS_PACKAGE_INDEX "
        "are honoured, so models installed by other Argos tools are used as they are.",
        epilog=EPILOG_MODELS,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    actions = models.add_subparsers(dest="action", metavar="ACTION", parser_class=_Parser)
    actions.add_parser(
        "list",
        help="installed packages and, when the index is reachable, what can be installed",
        description="List installed translation packages and those the package index offers.",
    )
    install = actions.add_parser(
        "install",
        help="install a package from the index (FROM TO) or from a .argosmodel file",
        description="Install a translation package: 'install en ko' from the package index, "
        "or 'install FILE.argosmodel' from a file. The archive is checked before extraction.",
    )
    install.add_argument(
        "spec", nargs="+", metavar="FROM TO | FILE", help="language pair, or a package file"
    )
    remove = actions.add_parser(
        "remove", help="remove an installed package", description="Remove an installed package."
    )
    remove.add_argument("source", metavar="FROM", help="source language code, e.g. en")
    remove.add_argument("target", metavar="TO", help="target language code, e.g. ko")
    return parser


def _add_source_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--source-lang",
        choices=("auto", "en", "ko"),
        default="auto",
        help="language of the transcript (default: detect it)",
    )
    parser.add_argument(
        "--encoding",
        default=None,
        metavar="ENC",
        help="transcript encoding (default: detect UTF-8, UTF-16 or CP949/EUC-KR)",
    )


def _add_translation_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--offline",
        action="store_true",
        help="never download a missing model (also SUBTITLER_OFFLINE=1)",
    )
    parser.add_argument(
        "--glossary",
        type=Path,
        default=None,
        metavar="FILE",
        help="TSV or CSV of 'source term, target term': those terms are translated exactly so",
    )
    parser.add_argument(
        "--no-cache", action="store_true", help="translate everything again, ignoring the cache"
    )
    parser.add_argument(
        "--beam-size",
        type=int,
        default=2,
        metavar="N",
        help="beam width of the translation search (default 2; 1 is fastest)",
    )
    parser.add_argument(
        "--threads",
        type=int,
        default=0,
        metavar="N",
        help="CPU threads for translation (default 0: all cores)",
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``subtitler`` command; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        handler: Callable[[argparse.Namespace], int] = {
            "run": _cmd_run,
            "clean": _cmd_clean,
            "check": _cmd_check,
            "models": _cmd_models,
            "preview": _cmd_preview,
        }[args.command]
        with _no_collections():
            return handler(args)
    except UsageError as exc:
        return _fail(args, exc, EXIT_USAGE)
    except SubtitlerError as exc:
        return _fail(args, exc, EXIT_FAILED)
    except KeyboardInterrupt:
        print("subtitler: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug: still one line unless --debug
        return _fail(args, exc, EXIT_FAILED, prefix="internal error: ")


@contextlib.contextmanager
def _no_collections() -> Iterator[None]:
    """Switch CPython's cyclic garbage collector off while a command works.

    A run allocates millions of small objects (words, cues, report rows) and frees
    few of them before it ends, so the collector walks the growing heap again and
    again for nothing: even at thresholds raised 70-fold it took 0.8 s of a 10 MB
    run. What a run frees, reference counting frees: it leaves a few hundred objects
    in cycles (exceptions and their tracebacks), whatever the input's size, and a
    10 MB run peaks at the same memory either way. The command owns its process,
    so it may do this; the library never does, and the collector is switched back
    on afterwards.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _fail(args: argparse.Namespace, exc: BaseException, code: int, prefix: str = "") -> int:
    if args.debug:
        _show_traceback(exc)
    print(f"subtitler: error: {prefix}{exc}", file=sys.stderr)
    return code


def _show_traceback(exc: BaseException) -> None:
    """The full traceback on stderr, for --debug."""
    import traceback  # only here: a run that does not fail never needs it

    traceback.print_exception(exc)


def _error(message: str) -> None:
    print(f"subtitler: error: {message}", file=sys.stderr)


def _require_files(paths: Sequence[Path]) -> None:
    for path in paths:
        if not path.exists():
            raise UsageError(f"no such file: {path}")
        if path.is_dir():
            raise UsageError(f"{path} is a folder, not a file")


def _require_distinct_names(paths: Sequence[Path], outdir: Path) -> None:
    """Outputs are named after their input: two inputs of one name would overwrite each other's."""
    seen: dict[str, Path] = {}
    for path in paths:
        earlier = seen.setdefault(path.stem, path)
        if earlier is not path:
            raise UsageError(
                f"{earlier} and {path} would both write {outdir / path.stem}.*: "
                "rename one, or run them with different -o folders"
            )


@contextlib.contextmanager
def _about(source: Path | str) -> Iterator[None]:
    """An input error raised inside names ``source`` first, as `run`'s errors do."""
    try:
        yield
    except InputError as exc:
        raise InputError(f"{source}: {exc}") from exc


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from exc


def _export_profile(args: argparse.Namespace) -> ExportProfile:
    """The chosen profile with the single options given on the command line taking precedence."""
    start = _option_timecode("--start", args.start, args.fps) if args.start else None
    return resolve_profile(args.profile, bom=args.bom, crlf=args.crlf, start_ms=start, fps=args.fps)


def _option_timecode(option: str, text: str, fps: float | None) -> int:
    """A timecode option's milliseconds; one that cannot be read is a usage error."""
    from subtitler.timing import parse_timecode

    try:
        return parse_timecode(text, fps)
    except TimecodeError as exc:
        raise UsageError(f"{option}: {exc}") from exc


def _timing(args: argparse.Namespace, export: ExportProfile) -> TimingOptions:
    duration = _option_timecode("--duration", args.duration, export.fps) if args.duration else None
    if duration is not None and duration <= 0:
        raise UsageError("--duration must be longer than zero")
    return TimingOptions(start_ms=export.start_ms, duration_ms=duration, fps=export.fps)


def _progress(done: int, total: int, label: str) -> None:
    """Progress for several files, on a terminal only: scripts and logs stay clean."""
    if total > 1 and sys.stderr.isatty():
        print(f"[{done}/{total}] {label}", file=sys.stderr)


@dataclass
class _RunState:
    failed: bool = False


def _cmd_run(args: argparse.Namespace) -> int:
    from subtitler import outputs, pipeline, report
    from subtitler.files import write_all

    if Path("-") in args.inputs:
        raise UsageError(
            "run reads transcript files, whose names name the outputs: save standard input "
            "to a file first (subtitler clean reads '-')"
        )
    # Every named file is checked before any work, the glossary included.
    _require_files([*args.inputs, *([args.glossary] if args.glossary else [])])
    _require_distinct_names(args.inputs, args.outdir)
    if args.outdir.exists() and not args.outdir.is_dir():
        raise UsageError(f"-o {args.outdir} is a file, not a folder")
    if args.targets is not None:
        try:
            pipeline.check_language_codes(args.targets)
        except SubtitlerError as exc:
            raise UsageError(f"--targets: {exc}") from exc
    for fmt in args.formats:
        if fmt not in outputs.FORMATS:
            raise UsageError(f"unknown format {fmt!r} (choose from {', '.join(outputs.FORMATS)})")
    export = _export_profile(args)
    options = pipeline.Options(
        source_lang=args.source_lang,
        encoding=args.encoding,
        timing=_timing(args, export),
        name_cards=args.name_cards,
    )
    state = _RunState()
    documents: list[Document] = []
    for number, path in enumerate(args.inputs, 1):
        _progress(number, len(args.inputs), f"reading {path}")
        try:
            documents.append(pipeline.prepare(path.stem, _read(path), options))
        except SubtitlerError as exc:
            if args.debug:
                _show_traceback(exc)
            _error(f"{path}: {exc}")
            state.failed = True

    def targets_of(document: Document) -> tuple[str, ...]:
        return args.targets or pipeline.default_targets(document.source_language)

    translated = _translate(args, documents, targets_of, state)
    out_options = outputs.OutputOptions(
        formats=args.formats,
        bom=export.bom,
        crlf=export.crlf,
        voice_spans=export.voice_spans,
        bilingual=args.bilingual,
    )
    for document in translated:
        finished = pipeline.finish(document, options)
        languages = targets_of(finished)
        previews = _previews(args, finished, languages, export, state) if args.preview else {}
        rows = report.track_rows(finished)
        files = outputs.render(
            finished, languages, out_options, previews=previews, rows=rows, stage_in=args.outdir
        )
        write_all({args.outdir / name: data for name, data in files.items()})
        _warn_violations(finished, rows)
        if not sys.stdout.isatty() or len(documents) == 1:
            for name in files:
                print(args.outdir / name)
    return EXIT_FAILED if state.failed else EXIT_OK


def _warn_violations(document: Document, rows: Mapping[str, list[CueRow]]) -> None:
    """One line on stderr per track whose cues break a limit (e.g. a --duration too short)."""
    for language, language_rows in rows.items():
        bad = sum(1 for row in language_rows if row.problems)
        if bad:
            print(
                f"subtitler: warning: {document.name}.{language}.srt: {bad} of "
                f"{len(language_rows)} cues break subtitle limits "
                f"(see {document.name}.report.html)",
                file=sys.stderr,
            )


def _previews(
    args: argparse.Namespace,
    document: Document,
    languages: Sequence[str],
    export: ExportProfile,
    state: _RunState,
) -> dict[str, bytes]:
    """Contact sheets per language (file name -> PNG bytes); a failure fails only the preview."""
    from subtitler.preview import render_contact_sheet

    sheets: dict[str, bytes] = {}
    with tempfile.TemporaryDirectory(prefix="subtitler-preview-") as folder:
        for language in languages:
            track = document.tracks.get(language)
            if track is None or not track.cues:
                continue
            out = Path(folder) / f"{document.name}.{language}.preview.png"
            try:
                render_contact_sheet(track.cues, language, export, out)
            except SubtitlerError as exc:
                _error(f"{document.name}: preview: {exc}")
                state.failed = True
                break
            sheets[out.name] = out.read_bytes()
    return sheets


def _translate(
    args: argparse.Namespace,
    documents: list[Document],
    targets_of: Callable[[Document], tuple[str, ...]],
    state: _RunState,
) -> list[Document]:
    """Add every requested translated track; a missing model fails only the tracks that need it."""
    from subtitler import pipeline

    wanted = {t for d in documents for t in targets_of(d) if t != d.source_language}
    if not wanted:
        return documents
    glossary = None
    if args.glossary is not None:
        from subtitler.translate.glossary import load_glossary

        glossary = load_glossary(args.glossary)
    cache = None
    if not args.no_cache:
        from subtitler.translate.cache import TranslationCache

        cache = TranslationCache.default()
    offline = args.offline or os.environ.get("SUBTITLER_OFFLINE", "") not in ("", "0")
    store = _store()
    engine: Translator | None = None
    for target in sorted(wanted):
        source = pipeline.other_language(target)
        try:
            store.ensure(source, target, offline=offline, progress=_download_progress)
        except ModelError as exc:
            if args.debug:
                _show_traceback(exc)
            _error(str(exc))
            state.failed = True
            continue
        if engine is None:
            from subtitler.translate.engine import ArgosEngine

            engine = ArgosEngine(store, beam_size=args.beam_size, threads=args.threads)
        needing = [d for d in documents if target in targets_of(d)]
        done = pipeline.translate_documents(needing, target, engine, glossary=glossary, cache=cache)
        by_id = {id(old): new for old, new in zip(needing, done, strict=True)}
        documents = [by_id.get(id(d), d) for d in documents]
    return documents


def _store() -> PackageStore:
    from subtitler.translate.packages import PackageStore

    return PackageStore()


def _download_progress(done: int, total: int | None) -> None:
    """A one-line progress bar on stderr (redrawn on a terminal, milestones otherwise)."""
    mb = done / 1e6
    if total:
        percent = 100 * done / total
        text = f"downloading model: {percent:5.1f}% ({mb:.1f} of {total / 1e6:.1f} MB)"
    else:
        text = f"downloading model: {mb:.1f} MB"
    if sys.stderr.isatty():
        end = "\n" if total and done >= total else ""
        print(f"\r{text}", end=end, file=sys.stderr, flush=True)
    elif done == 0 or (total and done >= total):
        print(text, file=sys.stderr)


def _cmd_clean(args: argparse.Namespace) -> int:
    from subtitler import pipeline
    from subtitler.files import write_all
    from subtitler.formats.cleaned import compose_cleaned

    options = pipeline.Options(source_lang=args.source_lang, encoding=args.encoding)
    if args.input == Path("-"):
        name, data = "stdin", sys.stdin.buffer.read()
    else:
        _require_files([args.input])
        name, data = args.input.stem, _read(args.input)
    with _about("stdin" if args.input == Path("-") else args.input):
        document = pipeline.clean_transcript(name, data, options)
    text = compose_cleaned(document.segments)
    if args.output == "-":
        sys.stdout.write(text)
    else:
        write_all({Path(args.output): text.encode("utf-8")})
    return EXIT_OK


def _cmd_check(args: argparse.Namespace) -> int:
    from subtitler import check
    from subtitler.detect import hangul_share
    from subtitler.languages import profile

    _require_files(args.files)
    results = []
    for path in args.files:
        raw = _read(path)
        with _about(path):
            text, _ = encoding.decode(raw, what="subtitle file")
            language = args.lang or ("ko" if hangul_share(text) > 0 else "en")
            problems = check.check_text(text, profile(language), fps=args.fps)
        # BOM and CRLF are legal but trip some programs: told, never counted as problems.
        notes = check.text_notes(raw.decode("utf-8", errors="replace"))
        results.append((path, language, problems, notes))
    if args.json:
        payload = [
            {
                "file": str(p),
                "language": lang,
                "problems": check.problems_to_json(probs),
                "notes": check.problems_to_json(notes),
            }
            for p, lang, probs, notes in results
        ]
        print(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        for path, language, problems, notes in results:
            for note in notes:
                print(f"{path}: note: {note.code}: {note.message}")
            for problem in problems:
                where = f"cue {problem.cue}" if problem.cue else "file"
                print(f"{path}: {where}: {problem.code}: {problem.message}")
            if not problems:
                print(f"{path}: ok ({language})")
    return EXIT_FAILED if any(probs for _, _, probs, _ in results) else EXIT_OK


def _cmd_preview(args: argparse.Namespace) -> int:
    from subtitler.files import write_all
    from subtitler.formats.srt import parse_srt
    from subtitler.models import Cue
    from subtitler.preview import render_contact_sheet, render_video
    from subtitler.report_html import insert_preview

    given = Path(args.name)
    if given.suffix == ".srt":
        _require_files([given])
        source, outdir = given, given.parent
        stem, language = _split_srt_name(given, args.lang)
    else:
        outdir, stem = args.outdir, args.name
        languages = [args.lang] if args.lang else ["en", "ko"]
        found = [outdir / f"{stem}.{lang}.srt" for lang in languages]
        existing = [path for path in found if path.exists()]
        if not existing:
            raise UsageError(f"no such file: {found[0]} (run 'subtitler run' first)")
        source = existing[0]
        language = languages[found.index(source)]
    raw = _read(source)  # its own errors name the file
    with _about(source):
        text, _ = encoding.decode(raw, what="subtitle file")
    cues = [Cue(c.start_ms, c.end_ms, c.lines, 0, (i,)) for i, c in enumerate(parse_srt(text))]
    export = resolve_profile(args.profile)
    png = outdir / f"{stem}.{language}.preview.png"
    with tempfile.TemporaryDirectory(prefix="subtitler-preview-") as folder:
        made = [render_contact_sheet(cues, language, export, Path(folder) / png.name)]
        if args.video:
            mp4 = Path(folder) / f"{stem}.{language}.preview.mp4"
            made.append(render_video(cues, language, export, mp4))
        files = {outdir / path.name: path.read_bytes() for path in made}
    report = outdir / f"{stem}.report.html"
    if report.exists():
        page = report.read_text(encoding="utf-8")
        files[report] = insert_preview(page, png.name).encode("utf-8")
    write_all(files)
    for path in files:
        print(path)
    return EXIT_OK


def _split_srt_name(path: Path, lang: str | None) -> tuple[str, str]:
    """``news.ko.srt`` → ("news", "ko"); a name without a language suffix needs --lang."""
    stem, _, suffix = path.stem.rpartition(".")
    if stem and suffix in ("en", "ko"):
        return stem, lang or suffix
    if lang is None:
        raise UsageError(f"cannot tell the language of {path}: give --lang en or ko")
    return path.stem, lang


def _cmd_models(args: argparse.Namespace) -> int:
    store = _store()
    if args.action == "list":
        installed = store.installed()
        for pkg in installed:
            print(f"installed  {pkg.from_code} -> {pkg.to_code}  {pkg.version}  {pkg.path}")
        if not installed:
            print(f"no packages installed in {store.packages_dir}")
        try:
            available = store.available()
        except ModelError as exc:
            print(f"(package index not reachable: {exc})")
            return EXIT_OK
        have = {(p.from_code, p.to_code, p.version) for p in installed}
        for item in available:
            if (item.from_code, item.to_code, item.version) not in have:
                print(f"available  {item.from_code} -> {item.to_code}  {item.version}")
        return EXIT_OK
    if args.action == "install":
        spec = args.spec
        if len(spec) == 1:
            path = Path(spec[0])
            _require_files([path])
            pkg = store.install_file(path)
        elif len(spec) == 2:
            pkg = store.install_from_index(spec[0], spec[1], progress=_download_progress)
        else:
            raise UsageError("install takes FROM TO (e.g. 'en ko') or one .argosmodel file")
        print(f"installed {pkg.from_code} -> {pkg.to_code} {pkg.version} in {pkg.path}")
        return EXIT_OK
    if args.action == "remove":
        pkg = store.remove(args.source, args.target)
        print(f"removed {pkg.from_code} -> {pkg.to_code} {pkg.version}")
        return EXIT_OK
    raise UsageError("models needs an action: list, install or remove")
