"""Command line: ``python -m geo build | import-control | export | ledger``.

This is the one module (with app.py) that calls the stages in order:
sources -> toponyms -> events -> claims -> control -> layer. It turns
``InputError`` into a message naming the file and an exit code:

- 0: done, nothing to report;
- 1: failed, nothing written (the previous layer is untouched);
- 2: bad command line (argparse);
- 3: built, with warnings (files skipped, names unresolved).

Every command takes ``--store URL`` to work on the team store (geo.store)
instead of the layer file.
"""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Sequence

from geo import settings
from geo.errors import BuildLockedError, InputError
from geo.records import AreaReport, Article, Event, Mention, Skipped

if TYPE_CHECKING:
    from geo.extract import Extraction
    from geo.toponyms import Unresolved

    _Read = tuple[list[Mention], list[Unresolved], Extraction]  # what reading one article gives

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_WARNINGS = 0, 1, 2, 3
# geo.gazetteer builds its place-name index on first use (about 35 s on a new
# machine) and caches it under settings.CACHE_DIR as gazetteer-<key>.pickle,
# silently: the build command says so first (on stderr; stdout is the summary).
INDEX_GLOB = "gazetteer-*.pickle"
INDEX_NOTICE = "building the place-name index (first run, about 40 s; cached afterwards)..."
FORMATS = ("png", "pdf", "html", "geojson", "csv", "kml")  # python -m geo export --format
_VIEW_FORMATS = ("png", "pdf", "html")  # the formats export --bbox applies to (geo.export.VIEW_FORMATS)
LEDGER_FORMATS = ("text", "csv", "json")  # python -m geo ledger --format


@dataclass
class BuildReport:
    """What a build read, found, skipped and wrote."""

    out: Path | str  # the layer file, or the store's URL (password hidden)
    files_read: int = 0
    events: int = 0
    places: int = 0
    control: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    unresolved: dict[str, list[str]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    per_file: dict[str, dict[str, int]] = field(default_factory=dict)
    from_cache: int = 0  # articles whose reading came from the cache (unchanged since a build read them)

    @property
    def exit_code(self) -> int:
        """EXIT_WARNINGS when anything was skipped or left unresolved."""
        return EXIT_WARNINGS if (self.skipped or self.warnings or self.unresolved) else EXIT_OK

    def summary(self) -> str:
        """A short human summary for the terminal and the app."""
        lines = [
            f"built {self.out}: {self.files_read} files read, {self.events} events, "
            f"{self.places} places, {self.control} control extents",
        ]
        names = sorted({n for ns in self.unresolved.values() for n in ns})
        if names:
            lines.append(f"unresolved place names ({len(names)}): {', '.join(names)}")
        if self.from_cache:
            lines.append(f"{self.from_cache} unchanged articles taken from the cache, not read again")
        lines += [f"skipped {s.file}: {s.reason}" for s in self.skipped]
        lines += [f"warning: {w}" for w in self.warnings]
        return "\n".join(lines)


def build(seeds: Path, out: Path, *, jobs: int = 1, store: str | None = None, cache: bool = True) -> BuildReport:
    """Read every article in ``seeds`` and write the layer to ``out``, or into the store at ``store``.

    ``jobs`` processes read the articles (0: one per core); the layer is the
    same, byte for byte, for any number. With ``cache`` an article read
    before by the same code and data is not read again (geo.articlecache):
    the layer is the same, byte for byte, as without.

    Bad files are skipped (and reported); the layer is written atomically
    under a lock, so a failure leaves the previous one untouched. A store
    (a PostgreSQL URL, geo.store) takes the layer's features as one
    transaction instead, in place of what the same folder built into it
    before (geo.store.write), and keeps its imported extents itself.

    Raises
    ------
    InputError
        When the folder is missing or no article yields anything to map
        (``StoreError``, one of them, when the store cannot be used).
    BuildLockedError
        When another build or import is writing ``out``.
    """
    from geo import layer

    seeds, out = Path(seeds), Path(out)
    if not seeds.is_dir():
        raise InputError(seeds, "articles folder not found")
    jobs = jobs or os.cpu_count() or 1
    if store:
        return _build_into_store(seeds, store, jobs=jobs, cache=cache)
    with layer.layer_lock(out):
        imported, warning = _imported_controls(out)
        report, fc = _run_pipeline(seeds, out, imported=imported, jobs=jobs, cache=cache)
        if warning:
            report.warnings.append(warning)
        layer.write_layer(fc, out, locked=True)
    return report


def _build_into_store(seeds: Path, url: str, *, jobs: int, cache: bool) -> BuildReport:
    from geo import store as team_store

    team_store.connect(url)  # an unusable store fails before the articles are read
    report, fc = _run_pipeline(seeds, team_store.redact(url), jobs=jobs, cache=cache)
    team_store.write_layer(fc, url, collection=team_store.collection_of(seeds))
    return report


def _imported_controls(out: Path) -> tuple[list[dict], str]:
    """Front lines imported into the previous layer: a rebuild keeps them."""
    from geo import layer

    if not out.exists():
        return [], ""
    try:
        previous = layer.read_layer(out)
    except InputError as exc:
        return [], f"previous layer not readable, its imported extents (if any) are not kept: {exc.reason}"
    return [f for f in previous["features"]
            if f["properties"]["kind"] == "control" and f["properties"]["origin"] == "imported"], ""


def _read_article(article: Article) -> _Read:
    """Places and extraction of one article (top level, so a process pool can run it)."""
    from geo import extract, sources, toponyms
    from geo.gazetteer import load_default

    found, unknown = toponyms.extract(article.text, gazetteer=load_default())
    return found, unknown, extract.extract_article(article, sources.split_sentences(article.text), found)


def _read_all(articles: Sequence[Article], *, jobs: int, cache: bool = False) -> tuple[list[_Read], int]:
    """Every article's reading, in input order, and how many came from the cache.

    The layer is the same for any number of jobs, and with or without the cache.
    """
    from geo import articlecache

    entries = articlecache.ArticleCache() if cache else None
    results = articlecache.read_cached(articles, entries, lambda missing: _read_many(missing, jobs=jobs))
    if entries is None:
        return results, 0
    entries.prune()
    return results, entries.hits


def _read_many(articles: Sequence[Article], *, jobs: int) -> list[_Read]:
    """The articles read, in input order, by ``jobs`` processes."""
    from geo.gazetteer import load_default

    load_default()  # once here: forked workers inherit it
    if jobs <= 1 or len(articles) < 2 * jobs:
        return [_read_article(a) for a in articles]
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=jobs) as pool:
        return list(pool.map(_read_article, articles, chunksize=max(1, len(articles) // (4 * jobs))))


def _run_pipeline(seeds: Path, out: Path | str, *, imported: Sequence[dict] = (), jobs: int = 1,
                  cache: bool = False) -> tuple[BuildReport, dict]:
    from geo import claims, control, extract, layer, ledger, sources

    articles, skipped = sources.read_articles(seeds)
    files_skipped = sum(1 for s in skipped if not s.file.startswith("sources.csv"))  # csv rows are not files
    report = BuildReport(out=out, files_read=len(articles) + files_skipped, skipped=list(skipped))
    used: list[Article] = []
    all_events: list[Event] = []
    all_areas: list[AreaReport] = []
    mentions: dict[str, list[Mention]] = {}
    readings, report.from_cache = _read_all(articles, jobs=jobs, cache=cache)
    for article, (found, unknown, result) in zip(articles, readings):
        resolved = [m for m in found if m.place is not None]
        if not resolved:
            report.skipped.append(Skipped(article.file, "no place name the gazetteer knows"))
            continue
        article_events = result.events
        all_areas.extend(result.areas)
        used.append(article)
        mentions[article.source_id] = resolved
        all_events.extend(article_events)
        names = {u.surface for u in unknown} | set(result.unplaced)
        if names:
            report.unresolved[article.source_id] = sorted(names)
        report.per_file[article.file] = {"events": len(article_events), "places": len({m.place.place_id for m in resolved})}
    if not used:
        why = "; ".join(f"{s.file}: {s.reason}" for s in report.skipped) or "no .txt or .html article in the folder"
        raise InputError(seeds, f"no article could be used: {why}")
    merged = extract.merge_duplicates(all_events)
    graded = ledger.event_claims(merged)  # the ledger: drawn into control, and written as claim features
    extents = control.build_extents(claims.control_claims(merged, all_areas, graded), until=_last_date(used, merged))
    fc = layer.assemble(articles=used, events=merged, mentions=mentions, controls=extents + list(imported),
                        skipped=report.skipped, unresolved=report.unresolved, claims=graded)
    report.events = len(merged)
    report.places = sum(1 for f in fc["features"] if f["properties"]["kind"] == "place")
    report.control = len(extents)
    return report, fc


def _last_date(articles: Sequence[Article], items: Sequence[Event]) -> date:
    """The last date the reports speak of: the latest publication or event end."""
    return max([a.published for a in articles] + [e.when.end for e in items if not e.historical])


def index_build_pending(cache_dir: Path | None = None) -> bool:
    """Whether loading the gazetteer will first build its index (the long silent step).

    True when no index is cached in ``cache_dir`` (default
    ``settings.CACHE_DIR``, read when called) or the newest one is older than
    a curated CSV it is made from (``settings.ADMIN1_CSV``,
    ``settings.GAZETTEER_CSV``: a changed CSV is rebuilt). False once this
    process has loaded the gazetteer. A guess from file names and times,
    for a progress line only: the gazetteer decides for itself.
    """
    from geo.gazetteer import load_default

    if load_default.cache_info().currsize:
        return False
    folder = Path(cache_dir if cache_dir is not None else settings.CACHE_DIR)
    try:
        newest = max((p.stat().st_mtime_ns for p in folder.glob(INDEX_GLOB)), default=None)
    except OSError:
        newest = None
    if newest is None:
        return True
    for source in (settings.ADMIN1_CSV, settings.GAZETTEER_CSV):
        try:
            if Path(source).stat().st_mtime_ns > newest:
                return True
        except OSError:
            continue
    return False


def _cmd_build(args: argparse.Namespace) -> int:
    if index_build_pending():
        print(INDEX_NOTICE, file=sys.stderr, flush=True)
    report = build(Path(args.seeds), Path(args.out), jobs=args.jobs, store=args.store, cache=not args.no_cache)
    print(report.summary())
    return report.exit_code


def _cmd_import(args: argparse.Namespace) -> int:
    from geo.importer import import_control

    day = date.fromisoformat(args.date) if args.date else None
    added = import_control([Path(p) for p in args.paths], layer_path=Path(args.layer), holder=args.holder,
                           status=args.status, source=args.source, day=day, preset=args.preset, bbox=args.bbox,
                           force=args.force, store=args.store)
    print(f"imported {len(added)} control extents into {_target(args)}")
    return EXIT_OK


def _cmd_export(args: argparse.Namespace) -> int:
    from geo.export import export
    from geo.filters import EventFilter
    from geo.layer import read_layer

    fc = _read(args)
    flt = EventFilter(
        date_from=_day(args.date_from), date_to=_day(args.date_to),
        event_types=tuple(args.type or ()), actors=tuple(args.actor or ()),
        include_historical=args.historical,
    )
    path = export(fc, day=date.fromisoformat(args.date), flt=flt, fmt=args.format, out=Path(args.out), bbox=args.bbox)
    print(f"wrote {path}")
    return EXIT_OK


def _cmd_ledger(args: argparse.Namespace) -> int:
    from geo import export
    from geo.filters import events
    from geo.ledger import place_claims

    claims = place_claims(events(_read(args)))
    wanted = args.place.casefold() if args.place else ""
    claims = [c for c in claims if wanted in c.place.casefold()]
    if args.format == "csv":
        sys.stdout.write(export.ledger_csv(claims).decode("utf-8"))
    elif args.format == "json":
        sys.stdout.write(export.ledger_json(claims).decode("utf-8"))
    elif not claims:
        print(f"no claims about a place matching {args.place!r}" if args.place else "no claims about any place")
    else:
        _print_ledger(claims)
    return EXIT_OK


def _print_ledger(claims: Sequence) -> None:
    """Each place's status timeline, then its claims (the text format)."""
    from geo.ledger import grade, timeline

    for name, place_id in sorted({(c.place, c.place_id) for c in claims}):
        print(f"{name}:")
        for span in timeline(claims, place_id):
            print(f"  {span.start} .. {span.end}  {span.holder:<10} ({span.standing})")
        for c in (c for c in claims if c.place_id == place_id):
            print(f"    {c.start}..{c.end} {c.control:<9} holder={c.holder or '-':<8} {grade(c.reliability, c.credibility)} "
                  f"{c.standing:<9} {c.claimant or '(outlet)'} [{c.side or '?'}]: {c.basis}")


def _read(args: argparse.Namespace) -> dict:
    """The layer named by ``--store`` (a PostgreSQL URL) or else ``--layer``."""
    if args.store:
        from geo import store

        return store.read_layer(args.store)
    from geo.layer import read_layer

    return read_layer(Path(args.layer))


def _target(args: argparse.Namespace) -> str:
    if args.store:
        from geo import store

        return store.redact(args.store)
    return str(args.layer)


def _add_store(p: argparse.ArgumentParser, what: str) -> None:
    p.add_argument("--store", metavar="URL", help=f"{what} the team store, postgresql://user@host/db "
                                                  "(PostgreSQL + PostGIS), instead of the layer file")


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _iso_date(text: str) -> str:
    try:
        date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date YYYY-MM-DD") from None
    return text


def _bbox(text: str) -> tuple[float, ...]:
    try:
        values = tuple(float(v) for v in text.split(","))
    except ValueError:
        values = ()
    if len(values) != 4:
        raise argparse.ArgumentTypeError(f"{text!r} is not W,S,E,N (four numbers, degrees)")
    return values


def _view_bbox(text: str) -> tuple[float, ...]:
    """``--bbox`` of export: four numbers that make a box on the map, else a usage error saying why."""
    from geo.export import check_bbox

    try:
        return check_bbox(_bbox(text))
    except InputError as exc:
        raise argparse.ArgumentTypeError(exc.reason) from None


def parser() -> argparse.ArgumentParser:
    """The argument parser (public so the README's usage stays testable)."""
    p = argparse.ArgumentParser(prog="python -m geo", description="Kursk campaign mapper")
    sub = p.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="read articles, write the GeoJSON layer")
    b.add_argument("--seeds", default=str(settings.SEEDS_DIR), help="articles folder (default: seeds/)")
    b.add_argument("--out", default=str(settings.LAYER_PATH), help="layer file (default: data/layer.geojson)")
    b.add_argument("--jobs", type=int, default=0, help="processes reading articles (default 0: one per core)")
    b.add_argument("--no-cache", action="store_true",
                   help="read every article again (default: unchanged articles come from .cache/articles)")
    _add_store(b, "write into")
    b.set_defaults(run=_cmd_build)
    i = sub.add_parser("import-control", help="add front-line polygons (GeoJSON, KML, KMZ) to the layer")
    i.add_argument("paths", nargs="+", help="files, or folders of them")
    i.add_argument("--preset", choices=("deepstate",), help="read holders from DeepStateMap's styles, clip to the campaign area")
    i.add_argument("--bbox", type=_bbox, help="keep only what lies inside W,S,E,N (lon/lat)")
    i.add_argument("--force", action="store_true", help="import extents too large or wide for the campaign area")
    i.add_argument("--holder")
    i.add_argument("--status", choices=("assessed", "claimed"), default="assessed")
    i.add_argument("--source")
    i.add_argument("--date", type=_iso_date)
    i.add_argument("--layer", default=str(settings.LAYER_PATH))
    _add_store(i, "import into")
    i.set_defaults(run=_cmd_import)
    e = sub.add_parser("export", help="write a map snapshot or the filtered events")
    e.add_argument("--layer", default=str(settings.LAYER_PATH))
    e.add_argument("--date", required=True, type=_iso_date)
    e.add_argument("--format", required=True, choices=FORMATS)
    e.add_argument("--out", required=True)
    e.add_argument("--from", dest="date_from", type=_iso_date)
    e.add_argument("--to", dest="date_to", type=_iso_date)
    e.add_argument("--type", action="append", help="event type (repeatable)")
    e.add_argument("--actor", action="append", help="actor (repeatable)")
    e.add_argument("--historical", action="store_true", help="include historical background events")
    # "--bbox=-1.5,..." (with "=") when west is negative: argparse reads a leading "-" as an option.
    e.add_argument("--bbox", type=_view_bbox, metavar="W,S,E,N",
                   help="png/pdf/html: the box the map shows (lon/lat degrees; the slide widens it to 16:9)")
    _add_store(e, "read from")
    e.set_defaults(run=_cmd_export)
    g = sub.add_parser("ledger", help="who claims what about each place, graded by corroboration")
    g.add_argument("--layer", default=str(settings.LAYER_PATH))
    g.add_argument("--place", help="only places whose name contains this")
    g.add_argument("--format", choices=LEDGER_FORMATS, default="text",
                   help="text (default: timelines and claims), csv or json (one row per claim)")
    _add_store(g, "read from")
    g.set_defaults(run=_cmd_ledger)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    cli = parser()
    args = cli.parse_args(argv)
    if getattr(args, "bbox", None) is not None and getattr(args, "format", None) not in (None, *_VIEW_FORMATS):
        # The event files hold what the filter selects, wherever it lies: a box would be silently ignored.
        cli.error(f"--bbox applies to the map formats ({', '.join(_VIEW_FORMATS)}), not {args.format}")
    try:
        return args.run(args)
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
    except BuildLockedError as exc:
        print(f"error: {exc}", file=sys.stderr)
    except BrokenPipeError:  # "python -m geo ledger | head": the reader has what it wanted
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - stdout must stay open until exit
        return EXIT_OK
    return EXIT_FAILED
