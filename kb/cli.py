"""The `kb` command: a thin click group over the library's face (kb/__init__.py).

Commands other packages add (`kb serve` from the web front end) are entry points in the group
"sector_kb.commands", looked up only when a name is not built in, so `kb search` never loads them.
"""
from __future__ import annotations

import functools
import html
import json
import re
import shlex
import sys
from dataclasses import asdict
from datetime import date
from pathlib import Path

import click

from kb import (Correction, FileReport, IngestError, IngestReport, Item, KBError, KnowledgeBase, NotFound, Preview,
                QueryError, SearchRequest, SearchResult, Update, check_date, describe, expand_paths, formats, gap_lines,
                is_url, write_csv)

PLUGIN_GROUP = "sector_kb.commands"
LIST_IDS = 20  # an ingest report names each new or changed update up to this many
SAMPLE = Path(__file__).resolve().parent / "data" / "umg-covid-updates-2020.txt"
EXPORT_FIELDS = ["id", "update_id", "update_title", "date", "posted", "number", "heading", "text", "topics",
                 "dates_mentioned", "authors", "source", "links", "organisations", "refers_to", "label"]


class KBGroup(click.Group):
    """A click group that also offers commands registered by other packages as entry points."""

    def get_command(self, ctx: click.Context, name: str):
        command = super().get_command(ctx, name)
        if command is not None:
            return command
        entry = _plugins().get(name)
        if entry is None:
            return None
        try:
            return entry.load()
        except Exception as e:  # a broken plugin must not break the built-in commands
            raise click.ClickException(f"the {name!r} command could not be loaded: {e}") from e

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(super().list_commands(ctx)) | set(_plugins()))


def _plugins() -> dict:
    from importlib.metadata import entry_points

    return {ep.name: ep for ep in entry_points(group=PLUGIN_GROUP)}


def json_option(fn):
    """The shared `--json` flag: machine-readable output on stdout."""
    return click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")(fn)


def handle_errors(fn):
    """Turn knowledge-base errors into a one-line message and exit status 1 (no traceback)."""
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except (KBError, IngestError) as e:
            raise click.ClickException(str(e)) from e
    return wrapper


def get_kb() -> KnowledgeBase:
    """The knowledge base chosen by --kb, $KB_HOME or the per-user default."""
    ctx = click.get_current_context()
    root = ctx.find_root()
    if "kb" not in root.meta:
        root.meta["kb"] = KnowledgeBase(root.params.get("root"))
    return root.meta["kb"]


def echo_json(data) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


@click.group(cls=KBGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="sector-kb", prog_name="kb")
@click.option("--kb", "root", metavar="DIR", envvar="KB_HOME", show_envvar=True,
              type=click.Path(file_okay=False, path_type=Path),
              help="The knowledge-base directory (default: a per-user data directory).")
def main(root: Path | None) -> None:
    """A searchable knowledge base of sector updates.

    \b
    Examples:
      kb ingest --sample
      kb ingest archive/ new-update.html
      kb search "what was said about furlough"
      kb search reopening --topic reopening --from 2020-05-01 --json | jq '.results[].id'

    Shell completion: eval "$(_KB_COMPLETE=bash_source kb)" (zsh_source, fish_source for other shells).
    """


# ------------------------------------------------------------------ ingest

@main.command()
@click.argument("paths", nargs=-1, metavar="[PATH|URL]...")
@click.option("--sample", is_flag=True, help="Also ingest the bundled sample archive.")
@click.option("--date", "given_date", metavar="YYYY-MM-DD", callback=lambda ctx, param, value: _given_date(value),
              help="The date of updates that the files do not date themselves (never taken from the file's own time).")
@click.option("--follow-next", type=click.IntRange(0, 1000), default=0, metavar="N",
              help="For a URL: also fetch up to N following pages (rel=\"next\" or \"Older posts\" links).")
@click.option("--preview", is_flag=True, help="Only show how each file reads (dates and where they come from, titles, "
              "items, left-out lines, what needs a look) and what storing it would do; store nothing.")
@json_option
@handle_errors
def ingest(paths: tuple[str, ...], sample: bool, given_date: str | None, follow_next: int, preview: bool,
           as_json: bool) -> None:
    """Add archive files (or directories, recursively, or web pages by URL) to the knowledge base.

    Ingesting the same file again changes nothing; a file with a corrected version of an update
    replaces that update's items. Failures are named on stderr and give exit status 1; the good
    files are ingested all the same.

    \b
    Examples:
      kb ingest updates-2020.txt saved-pages/ march-mail.eml 2019-September.txt.gz export.xml
      kb ingest --date 2021-12-01 committee-notes.txt
      kb ingest https://example.org/news/ --follow-next 5
      kb ingest --preview bulletin_12_Mar2021.md
    """
    urls = [p for p in paths if is_url(p)]
    paths = tuple(Path(p) for p in paths if not is_url(p)) + ((SAMPLE,) if sample else ())
    if not paths and not urls:
        raise click.UsageError("give at least one file, directory or URL to ingest (or --sample)")
    kb = get_kb()
    if preview:
        if urls:
            raise click.UsageError("--preview reads files, not URLs: save the page and preview the file")
        _preview(kb, paths, given_date, as_json)
        return
    report = _ingest_with_progress(kb, paths, given_date) if paths else IngestReport()
    if urls:
        report.files.extend(kb.ingest_urls(urls, follow_next, given_date).files)
    if as_json:
        echo_json({"files": [asdict(f) for f in report.files]})
    else:
        listed = sum(len(f.new) + len(f.changed) for f in report.files) <= LIST_IDS
        for file in report.files:
            if not file.error and not file.passed_over:
                _print_file_report(file, listed)
        _print_totals(report, listed)
        click.echo(f"knowledge base: {kb.root}")
    _print_passed_over([f for f in report.files if f.passed_over])
    for file in report.failed:
        click.echo(f"error: {file.name}: {file.error}", err=True)
    if report.failed:
        sys.exit(1)


def _preview(kb: KnowledgeBase, paths: tuple[Path, ...], given_date: str | None, as_json: bool) -> None:
    """Print how each file reads, storing nothing; a file that cannot be read is named on stderr (exit 1)."""
    shown, failed = [], []
    for path, error in expand_paths(paths):
        if error:
            failed.append(f"{path}: {error}")
            continue
        try:
            shown.append(kb.preview_bytes(path.read_bytes(), path.name, given_date))
        except IngestError as e:
            failed.append(f"{path}: {e.reason}")
        except OSError as e:
            failed.append(f"{path}: {e.strerror or e}")
    if as_json:
        echo_json({"files": [p.to_dict() for p in shown]})
    else:
        for found in shown:
            for line in preview_lines(found):
                click.echo(line)
    for line in failed:
        click.echo(f"error: {line}", err=True)
    if failed:
        sys.exit(1)


PREVIEW_WORDS = 10  # an item is shown by its heading and this many first words


def preview_lines(found: Preview) -> list[str]:
    """A preview as text: per update its date and title with where they came from, how it was cut and split,
    its items (number, line, heading, first words), the lines left out, what needs a look; then the file's."""
    lines = [f"{found.name}: read as {found.format}; nothing stored (a preview)"]
    for u in found.updates:
        r = u.reading
        lines += ["", f"{u.title}  [{found.status[u.id]}]", f"  id       {u.id}",
                  f"  date     {r.date.value} from {r.date.words}{_at(r.date.lines)}",
                  f"  title    {r.title.words}{_at(r.title.lines)}",
                  f"  cut      {r.update.words}; items: {r.items.words}"]
        starts = {s.number: s.line for s in r.starts}
        for item in u.items:
            line = f"line {starts[item.number]}" if starts.get(item.number) else ""
            lines.append(f"  {item.number:>4}  {line:<9} {first_words(item)}".rstrip())
        lines += [f"  left out ({x.why}): {x.text}" for x in r.left_out]
        lines += [f"  corrected: {c.words}{_at(c.lines)}" for c in r.corrections]
        lines += [f"  needs a look: {reason.words}" for reason in r.review]
    lines += [f"{found.name}: {what}" for what in found.unapplied + found.warnings]
    for new, old in found.replaces:
        lines.append(f"note: {new} has the same date as {old}; if it replaces it, run: kb remove {old}")
    if found.dropped:
        lines.append(f"storing it drops {', '.join(found.dropped)} (its corrections give those updates new ids)")
    return lines


def first_words(item: Item) -> str:
    """An item as the preview shows it: its heading, then the first words of its text."""
    words = item.text.split()
    text = " ".join(words[:PREVIEW_WORDS]) + (" …" if len(words) > PREVIEW_WORDS else "")
    return f"{item.heading} — {text}" if item.heading and text else item.heading or text


def _at(lines: list[int]) -> str:
    return f" (line {', '.join(map(str, lines))})" if lines else ""


def _given_date(value: str | None) -> str | None:
    """--date as YYYY-MM-DD, or a usage error."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date: write it as YYYY-MM-DD, e.g. 2021-12-01") from None


def _ingest_with_progress(kb: KnowledgeBase, paths, given_date: str | None) -> IngestReport:
    if not (sys.stderr.isatty() and (len(paths) > 1 or any(Path(p).is_dir() for p in paths))):
        return kb.ingest_files(paths, given_date=given_date)
    total = sum(1 for _ in expand_paths(paths))
    with click.progressbar(length=total, label="Reading ", file=sys.stderr, show_pos=True) as bar:
        def step(name: str) -> None:
            bar.update(1)
            if bar.pos >= total:  # what is left is indexing, which has no steps to show
                bar.label = "Indexing"
                bar.render_progress()
        return kb.ingest_files(paths, progress=step, given_date=given_date)


def _print_file_report(f: FileReport, listed: bool) -> None:
    updates = len(f.new) + len(f.changed) + len(f.unchanged)
    parts = [f"{len(f.new)} new", f"{len(f.changed)} changed", f"{len(f.unchanged)} unchanged"]
    skipped = f", {len(f.skipped)} line{'s' if len(f.skipped) != 1 else ''} of page furniture skipped" if f.skipped else ""
    click.echo(f"{f.name}: {updates} update{'s' if updates != 1 else ''} ({', '.join(parts)}), "
               f"{f.items} items{skipped}")
    for uid in f.new if listed else []:
        click.echo(f"  new      {uid}")
    for uid in f.changed if listed else []:
        click.echo(f"  changed  {uid}")
    for uid, lines in f.left_out.items():
        click.echo(f"  left out of {uid}: {len(lines)} line{'s' if len(lines) != 1 else ''} (furniture, captions)")
    for cut in f.cut:
        click.echo(f"  cut: {cut}")
    for uid in f.dropped:
        click.echo(f"  dropped  {uid} (its corrections give it a new id)")
    review = [uid for uid in f.new + f.changed if (f.readings.get(uid) or {}).get("review")]
    for uid in review if listed else []:
        click.echo(f"  needs a look: {uid}: {'; '.join(r['words'] for r in f.readings[uid]['review'])}")
    if review and not listed:
        click.echo(f"  {len(review)} update{'s' if len(review) != 1 else ''} need{'s' if len(review) == 1 else ''} "
                   "a look (kb updates --needs-review lists them)")
    for what in f.corrected:
        click.echo(f"  corrected: {what}")
    for what in f.unapplied:
        click.echo(f"warning: {f.name}: {what}", err=True)
    for new, old in f.replaces:
        click.echo(f"  note: {new} has the same date as {old}; if it replaces it, run: kb remove {old}")
    for warning in f.warnings:
        click.echo(f"warning: {f.name}: {warning}", err=True)


def _print_passed_over(files: list[FileReport]) -> None:
    """Name on stderr the files found in folders that were not read (not a format kb reads): each one while
    they are few, else how many of each suffix. They are no failure: the exit status stays 0."""
    if len(files) <= LIST_IDS:
        for f in files:
            click.echo(f"skipped: {f.name}: {f.passed_over}", err=True)
        return
    counts: dict[str, int] = {}
    for f in files:
        suffix = "Word lock files" if "lock file" in (f.passed_over or "") else Path(f.name).suffix.lower() or "(no suffix)"
        counts[suffix] = counts.get(suffix, 0) + 1
    listed = ", ".join(f"{n} {suffix}" for suffix, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
    click.echo(f"skipped: {len(files)} files of formats kb does not read ({listed}); see `kb formats`, and "
               "`kb ingest --json` for their names", err=True)


def _print_totals(report: IngestReport, listed: bool) -> None:
    read = [f for f in report.files if not f.passed_over]
    good = [f for f in read if not f.error]
    if len(read) > 1:
        new = sum(len(f.new) for f in good)
        changed = sum(len(f.changed) for f in good)
        ids = "" if listed else " (kb ingest --json lists their ids)"
        click.echo(f"{len(good)} of {len(read)} files ingested: {new} new and {changed} changed updates{ids}")


# ------------------------------------------------------------------ search

def _date_option(name: str, end: bool):
    def check(ctx, param, value):
        try:
            check_date(value, end, name)
        except QueryError as e:
            raise click.BadParameter(str(e)) from e
        return value
    help_text = f"Only items dated {'on or before' if end else 'on or after'} this (2020-04-01, 'April 2020', 2021)."
    return click.option(f"--{name}", f"date_{name}", metavar="DATE", callback=check, help=help_text)


@main.command()
@click.argument("query", nargs=-1, required=True)
@click.option("--limit", "-n", default=10, show_default=True, type=click.IntRange(1, 10000), help="Items per page.")
@click.option("--page", default=1, type=click.IntRange(1), help="Page of results.")
@click.option("--topic", "-t", "topics", multiple=True, metavar="TOPIC", help="Only items with this topic (repeatable).")
@_date_option("from", end=False)
@_date_option("to", end=True)
@click.option("--sort", type=click.Choice(["relevance", "date"]), default="relevance", show_default=True,
              help="Best matches first, or newest first.")
@click.option("--related", is_flag=True, help="Fill a page the matches leave short with items like the best "
              "matches (labelled; never counted).")
@click.option("--drop", "drop", multiple=True, metavar="READING", help="Leave a reading of the words out: 'date' (all "
              "dates), or 'widen:WORDS' (the words as typed, without related terms); repeatable.")
@click.option("--as-typed", is_flag=True, help="Search a word no item holds as typed, not as the closest word items hold.")
@json_option
@handle_errors
def search(query, limit, page, topics, date_from, date_to, sort, related, drop, as_typed, as_json) -> None:
    """Search the items. Items matching all the words come first, then those matching some
    (counted apart); a word also finds its concept's other terms ("furlough": "CJRS").
    "quoted phrases", -excluded, prefix*, fuzzy~, topic:NAME, and questions such as
    "what was said about furlough in April" work too.

    \b
    Examples:
      kb search furlough
      kb search "when will museums reopen" --limit 5
      kb search funding --topic funding --from "May 2020" --sort date --json
    """
    kb = get_kb()
    _check_topics(kb, topics)
    request = SearchRequest(q=" ".join(query), topics=list(topics), date_from=date_from, date_to=date_to,
                            sort=sort, limit=limit, page=page, related=related, drop=list(drop), correct=not as_typed)
    result = kb.search(request)
    for name in result.understood.unknown_topics:
        click.echo(f"warning: there is no topic {name!r} (see `kb topics`)", err=True)
    for name in result.understood.unknown_organisations:
        click.echo(f"warning: there is no organisation {name!r} (see `kb organisations`)", err=True)
    if as_json:
        echo_json(result.to_dict())
    else:
        _print_result(result)


def _check_topics(kb: KnowledgeBase, topics: tuple[str, ...]) -> None:
    """A usage error (exit 2) naming the known topics' slugs when a --topic stands for none of them (by the
    rule search reads topic names with: KnowledgeBase.find_topic)."""
    unknown = [t for t in topics if kb.find_topic(t) is None]
    if unknown:
        known = ", ".join(t.slug for t in kb.vocabulary.topics.topics)
        raise click.BadParameter(f"there is no topic {unknown[0]!r}; the topics are: {known}", param_hint="'--topic'")


def terminal_text(snippet: str) -> str:
    """A snippet for the terminal: <mark> as bold, entities decoded, tags dropped."""
    parts = re.split(r"<mark>(.*?)</mark>", snippet)
    return "".join(click.style(html.unescape(p), bold=True, fg="yellow") if i % 2 else html.unescape(p)
                   for i, p in enumerate(parts))


def _print_result(result: SearchResult) -> None:
    """A search as the page shows it: the count in words, each reading with the option that drops it, the
    timeline, then the hits in their sections (dated first, found through a related term, other dates, some
    of the words, related)."""
    first = (result.page - 1) * result.limit + 1
    matched = sum(1 for hit in result.hits if not hit.related)
    related = len(result.hits) - matched
    shown = f" ({first}-{first + matched - 1} shown" if matched else ""
    shown += (f", then {related} related item{'s' if related != 1 else ''})" if related else ")") if matched else ""
    some = f"; {result.total_partial} more match some of the words" if result.total_partial else ""
    click.echo(f"{result.headline()}{some}{shown}")
    u = result.understood
    if u.too_common and not result.hits:
        click.echo(f"Too common to be searched on their own: {', '.join(u.too_common)}")
    if result.corrected_from:
        click.echo(f"Showing results for {result.query} (no results for {result.corrected_from}; --as-typed searches it)")
    if result.suggestion:
        click.echo(f"Did you mean: {result.suggestion}")
    for line in reading_lines(u):
        click.echo(line)
    if u.date_from or u.date_to or u.topics:
        filters = [f"topic {t}" for t in u.topics]
        if u.date_from or u.date_to:
            filters.append(f"dated {u.date_from or '…'} to {u.date_to or '…'}")
        click.echo("Filtered by " + "; ".join(filters))
    if result.timeline and result.page == 1:
        click.echo("\nTimeline:")
        for entry in result.timeline:
            heading = f"{entry.heading}: " if entry.heading else ""
            click.echo(f"  {entry.date}  #{entry.number}  {heading}{entry.sentence}")
            if entry.follows:
                click.echo(f"              (next in the thread “{entry.thread}”, after {entry.follows})")
    for hit in result.hits:
        it = hit.item
        heading = f"  {it.heading}" if it.heading else ""
        click.echo(f"\n{it.date}  {it.update_title}  #{it.number}{heading}{_hit_note(hit)}")
        click.echo(f"    {terminal_text(hit.snippet)}")
        if hit.matched_through:
            click.echo(f"    matched through: {', '.join(hit.matched_through)}")
        click.echo(click.style(f"    {it.id}", dim=True))


def _hit_note(hit) -> str:
    """What a hit is, when it is not a plain match: some of the words, related, another date."""
    if hit.partial:
        return "  (some of the words)"
    if hit.related:
        return "  (related: none of the words)"
    return "  (other date)" if hit.other_date else ""


def reading_lines(u) -> list[str]:
    """Each reading of the words, with the option that drops it."""
    lines = []
    for r in u.readings:
        if r.kind == "date":
            lines.append(f"Dated {r.means} first, from “{r.typed}” (others follow; --drop date: all dates)")
            lines += [f"  for {c.start:%B} {c.year}: kb search {shlex.quote(c.q)}" for c in u.dated.choices]
        elif r.kind == "names":
            lines.append(f"“{r.typed}” also finds its other names: {', '.join(r.terms)} (--drop {shlex.quote(r.drop)})")
        elif r.kind in ("concept", "topic"):
            tagged = f"{' and ' if r.terms else ''}items tagged {r.means}" if r.means else ""
            lines.append(f"“{r.typed}” also finds {', '.join(r.terms)}{tagged} (--drop {shlex.quote(r.drop)})")
    if u.undated:
        lines.append(f"All dates: “{u.undated}” is not read as a date")
    return lines


# ------------------------------------------------------------------ reading

@main.command()
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv"]), default="jsonl", show_default=True)
@handle_errors
def export(fmt: str) -> None:
    """Print every item in date order, as JSON Lines (default) or CSV.

    \b
    Example:
      kb export --format csv > items.csv
    """
    items = get_kb().export()
    if fmt == "jsonl":
        for item in items:
            click.echo(json.dumps(item.to_dict(), ensure_ascii=False))
        return
    rows = (csv_row(item) for item in items)
    write_csv(sys.stdout, EXPORT_FIELDS, ([row[name] for name in EXPORT_FIELDS] for row in rows), lineterminator="\n")


def csv_row(item: Item) -> dict:
    """An item as one CSV row: lists joined with "; ", a link as its URL, a reference as its phrase and target."""
    row = item.to_dict()
    for name in ("topics", "dates_mentioned", "authors", "organisations"):
        row[name] = "; ".join(row[name])
    row["links"] = "; ".join(link.url for link in item.links)
    row["refers_to"] = "; ".join(f"{ref.text} -> {ref.target or ref.date or '?'}" for ref in item.refers_to)
    return row


@main.command()
@click.argument("id")
@json_option
@handle_errors
def show(id: str, as_json: bool) -> None:
    """Show an item (UPDATE_ID--N) or a whole update.

    \b
    Example:
      kb show 2020-04-09-update-from-co-chairs--2
    """
    kb = get_kb()
    try:
        item = kb.get_item(id)
    except NotFound:
        item = None
    if item is not None:
        referred = kb.item_references(item).referred_by_json()
        if as_json:
            echo_json({**item.to_dict(), "referred_by": referred})
            return
        click.echo(f"{item.update_title} ({item.date}), item {item.number}")
        if item.heading:
            click.echo(click.style(item.heading, bold=True))
        click.echo(f"\n{item.text}\n")
        click.echo(f"topics: {', '.join(item.topics) or '-'}")
        if item.organisations:
            click.echo(f"organisations: {', '.join(item.organisations)}")
        click.echo(f"dates mentioned: {', '.join(item.dates_mentioned) or '-'}")
        click.echo(f"source: {item.source}")
        for line in _origin_lines(kb.get_update(item.update_id)):
            click.echo(line)
        for line in [f"refers to: {describe(r)}" for r in item.refers_to] + [
                f"referred to by: {r['item_id']} (“{r['phrase']}”)" for r in referred]:
            click.echo(line)
        return
    try:
        update = kb.get_update(id)
    except NotFound:
        raise NotFound(f"there is no item or update {id!r} (see `kb updates`)") from None
    if as_json:
        echo_json(update.to_dict())
        return
    click.echo(click.style(update.title, bold=True))
    posted = f" (posted {update.posted})" if update.posted else ""
    click.echo("  ".join(part for part in (f"{update.date}{posted}", ", ".join(update.authors), f"[{update.source}]") if part))
    for line in _origin_lines(update):
        click.echo(line)
    for item in update.items:
        heading = f" {item.heading}." if item.heading else ""
        click.echo(f"\n{item.number}.{heading} {item.text}")
        for ref in item.refers_to:
            click.echo(f"   refers to: {describe(ref)}")


def _origin_lines(update: Update) -> list[str]:
    """The 'original: URL' and 'tags: ...' lines of `kb show`, for an update that has them."""
    return ([f"original: {update.url}"] if update.url else []) + ([f"tags: {', '.join(update.tags)}"] if update.tags else [])


@main.command()
@click.option("--limit", "-n", type=click.IntRange(1), help="Only the newest N.")
@click.option("--needs-review", is_flag=True, help="Only the updates whose reading needs a look (a date, a title or "
              "items that were a guess), each with why.")
@json_option
@handle_errors
def updates(limit: int | None, needs_review: bool, as_json: bool) -> None:
    """List the updates, newest first.

    \b
    Examples:
      kb updates --limit 5
      kb updates --needs-review
    """
    kb = get_kb()
    if needs_review:
        found = kb.review_updates()[:limit]
        if as_json:
            echo_json([{**u.to_dict(), "items": count} for u, count in found])
            return
        for u, count in found:
            click.echo(f"{u.date}  {count:3d} items  {u.id}")
            for reason in u.reading.review if u.reading else []:
                click.echo(f"    {reason.words}")
        return
    if as_json:
        echo_json(kb.update_listing(limit))
        return
    for u, count in kb.counted_updates(limit):
        click.echo(f"{u.date}  {count:3d} items  {u.id}")


@main.command("formats")
@json_option
def formats_command(as_json: bool) -> None:
    """List the formats kb reads: each one's name, suffixes and media types (a folder is walked for these
    suffixes; a file of another suffix found there is named and skipped)."""
    rows = formats()
    if as_json:
        echo_json(rows)
        return
    for row in rows:
        each = " (one update each)" if row["one_update_each"] else ""
        suffixes = " ".join(row["suffixes"]) or "(by content)"
        click.echo(f"{row['name']:<9} {row['label']}{each}")
        click.echo(f"{'':<9} suffixes: {suffixes}; media types: {' '.join(row['media_types']) or '-'}")


@main.command()
@json_option
@handle_errors
def topics(as_json: bool) -> None:
    """List the topics with how many items carry each."""
    found = get_kb().topics()
    if as_json:
        echo_json([asdict(t) for t in found])
        return
    for t in found:
        click.echo(f"{t.count:5d}  {t.name}  ({t.slug})")


@main.command()
@json_option
@handle_errors
def organisations(as_json: bool) -> None:
    """List the organisations items name, with their acronyms, where each was learned and how many items name it.

    \b
    Example:
      kb organisations --json | jq -r '.[] | select(.learned_from) | "\\(.acronyms[0]) = \\(.name)"'
    """
    found = get_kb().organisation_counts()
    if as_json:
        echo_json([{**asdict(o), "where": o.where} for o in found])
        return
    for o in found:
        short = f" ({', '.join(o.acronyms)})" if o.acronyms else ""
        also = f"; also {', '.join(o.names)}" if o.names else ""
        click.echo(f"{o.count:5d}  {o.name}{short}{also}  [{o.where}]")


@main.command()
@json_option
@handle_errors
def stats(as_json: bool) -> None:
    """Show what the knowledge base holds and where."""
    data = get_kb().stats()
    if as_json:
        echo_json(data)
        return
    for key, value in data.items():
        click.echo(f"{key:>17}: {value}")


# ------------------------------------------------------------------ writing

@main.command()
@click.argument("update_ids", nargs=-1, required=True)
@handle_errors
def remove(update_ids: tuple[str, ...]) -> None:
    """Remove updates and all their items (nothing is removed if any id is unknown).

    \b
    Example:
      kb remove 2020-03-30-update-from-co-chairs
    """
    for uid in get_kb().remove(update_ids):
        click.echo(f"removed {uid}")


@main.command()
@json_option
@handle_errors
def reindex(as_json: bool) -> None:
    """Rebuild the index from the stored sources (re-tagging topics), then switch to it atomically."""
    data = get_kb().reindex()
    if as_json:
        echo_json(data)
        return
    click.echo(f"rebuilt {data['index']}: {data['updates']} updates, {data['items']} items "
               f"({data['changed']} updates changed) in {data['seconds']} s")
    for problem in data["problems"]:
        click.echo(f"warning: {problem}", err=True)


@main.command()
@click.option("--repair", is_flag=True, help="Rebuild the index from the stored sources if anything differs.")
@json_option
@handle_errors
def check(repair: bool, as_json: bool) -> None:
    """Check that the index holds exactly the stored updates and items; exit 1 if not.

    It also lists the updates whose reading needs a look (a guess, not a fact: `kb updates --needs-review`)
    and the corrections by hand that no longer apply; neither is a fault of the index, so neither changes
    the exit status.

    \b
    Example:
      kb check || kb check --repair
    """
    data = get_kb().check(repair=repair)
    if as_json:
        echo_json(data)
    else:
        if data["repaired"]:
            click.echo("rebuilt the index from the stored sources")
        for problem in data["problems"]:
            click.echo(f"problem: {problem}", err=True)
        if data["ok"]:
            click.echo("the index matches the stored updates")
        if data["needs_review"]:
            n = len(data["needs_review"])
            click.echo(f"{n} update{'s' if n != 1 else ''} need{'s' if n == 1 else ''} a look (a reading that was "
                       "a guess; `kb updates --needs-review`, or correct with `kb correct`):")
            for u in data["needs_review"]:
                click.echo(f"  {u['id']}: {'; '.join(u['reasons'])}")
        for note in data["corrections"]:
            click.echo(f"correction not applied: {note}")
    if not data["ok"]:
        sys.exit(1)


@main.command()
@click.argument("update_id")
@click.option("--date", "new_date", metavar="YYYY-MM-DD", callback=lambda ctx, param, value: _given_date(value),
              help="Its date.")
@click.option("--title", metavar="TITLE", help="Its title.")
@click.option("--heading", type=click.IntRange(1), metavar="LINE", help="Line LINE of its file is a heading.")
@click.option("--not-heading", type=click.IntRange(1), metavar="LINE", help="Line LINE of its file is no heading.")
@click.option("--split", type=click.IntRange(1), metavar="LINE", help="An item starts at line LINE.")
@click.option("--merge", type=click.IntRange(1), metavar="LINE", help="The item starting at line LINE joins the one above.")
@json_option
@handle_errors
def correct(update_id: str, new_date: str | None, title: str | None, heading: int | None, not_heading: int | None,
            split: int | None, merge: int | None, as_json: bool) -> None:
    """Correct how an update was read: its date or title, or a line of its file (the line numbers `kb ingest
    --preview FILE` shows; a Markdown file has them). The update is read again from its stored file
    with the correction, which is kept beside that file and applied whenever it is read again (`kb reindex`,
    an ingest of the same file). A new date or title gives the update a new id; the old one goes in the same
    write.

    \b
    Examples:
      kb correct 2021-03-heritage-skills-bulletin --date 2021-03-12
      kb correct 2021-03-12-heritage-skills-bulletin --title "Heritage Skills Bulletin 12"
    """
    given = [c for c in (Correction("date", new_date) if new_date else None,
                         Correction("title", title) if title is not None else None,
                         Correction("heading", line=heading) if heading else None,
                         Correction("not-heading", line=not_heading) if not_heading else None,
                         Correction("split", line=split) if split else None,
                         Correction("merge", line=merge) if merge else None) if c is not None]
    if len(given) != 1:
        raise click.UsageError("give exactly one of --date, --title, --heading, --not-heading, --split, --merge")
    done = get_kb().correct(update_id, given[0])
    if as_json:
        echo_json(done)
        return
    click.echo(f"corrected {update_id}: {done['corrected']}")
    if done["now"] and done["now"] != update_id:
        click.echo(f"  now {done['now']} (the old id is gone)")
    for what in done["unapplied"]:
        click.echo(f"warning: {what}", err=True)


@main.command()
@json_option
@handle_errors
def gaps(as_json: bool) -> None:
    """Report what the archive seems to miss: updates referred to but not held, breaks in a series'
    rhythm, item numbering that skips, near-duplicate updates.

    \b
    Example:
      kb gaps --json
    """
    data = get_kb().gaps()
    if as_json:
        echo_json(data)
        return
    for line in gap_lines(data):
        click.echo(line)
