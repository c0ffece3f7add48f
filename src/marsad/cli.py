"""The ``marsad`` command. Each subcommand mirrors a function of the Python API."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from typing import Any

import click

from marsad.ingest import ReadError, Record, read_bytes, read_path
from marsad.model import Analysis, parse_date


def _err(msg: str) -> None:
    click.echo(f"marsad: {msg}", err=True)


def _records(source: str, fmt: str | None) -> Iterator[Record]:
    if source == "-":
        data = sys.stdin.buffer.read()
        return read_bytes(data, "<stdin>", fmt)
    return read_path(source, fmt)


def _dump(obj: Any, pretty: bool) -> str:
    if pretty:
        return json.dumps(obj, ensure_ascii=False, indent=2)
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def _print_table(a: Analysis, console: Any) -> None:
    from rich.table import Table

    def cut(s: str, n: int = 90) -> str:
        s = " ".join(s.split())
        return s if len(s) <= n else s[: n - 1] + "…"

    head = f"[bold]{a.id}[/bold]  published {a.published or '?'}  " \
           f"{len(a.sentences)} sentences · {len(a.tokens)} tokens · {len(a.entities)} entities · " \
           f"{len(a.dates)} dates · {len(a.places)} places · {len(a.quotes)} quotes · {len(a.events)} events"
    console.print(head)
    for w in a.warnings:
        console.print(f"[yellow]warning:[/yellow] {w}")
    if a.events:
        t = Table(title="Events", show_lines=False)
        for col in ("#", "type", "cameo", "source", "target", "date", "flags", "evidence"):
            t.add_column(col, justify="right" if col == "evidence" else "left", overflow="fold")
        for ev in a.events:
            flags = ",".join(f for f, on in (("neg", ev.negated), ("fut", ev.future)) if on)
            src = ev.source.code or ev.source.country or ev.source.sector if ev.source else None
            tgt = ev.target.code or ev.target.country or ev.target.sector if ev.target else None
            t.add_row(str(ev.sentence), ev.plover, ev.cameo or "-", src or "-", tgt or "-",
                      ev.date or "-", flags, cut(ev.trigger.text, 40))
        console.print(t)
    if a.entities:
        t = Table(title="Entities")
        for col in ("type", "actor", "country", "sector", "text"):
            t.add_column(col, justify="right" if col == "text" else "left")
        seen: set[tuple[str, str]] = set()
        for e in a.entities:
            if (e.text, e.type) in seen:
                continue
            seen.add((e.text, e.type))
            ac = e.actor
            t.add_row(e.type, (ac.name_en or ac.code) if ac else "-", (ac.country or "-") if ac else "-",
                      (ac.sector or "-") if ac else "-", e.text)
        console.print(t)
    if a.dates or a.places:
        t = Table(title="Dates and places")
        t.add_column("kind")
        t.add_column("value")
        t.add_column("text", justify="right")
        for d in a.dates:
            t.add_row("date", d.value, d.text)
        for p in a.places:
            where = p.name_en + (f" ({p.country})" if p.country else "")
            if p.lat is not None:
                where += f" {p.lat:.2f},{p.lon:.2f}"
            t.add_row("place", where, p.text)
        console.print(t)
    t = Table(title="Sentences")
    t.add_column("#", justify="right")
    t.add_column("span")
    t.add_column("sentence", justify="right", overflow="fold")
    for i, s in enumerate(a.sentences):
        t.add_row(str(i), f"{s.start}–{s.end}", cut(a.text[s.start:s.end]))
    console.print(t)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="marsad")
def main() -> None:
    """Marsad: Arabic news to political event data.

    \b
    Examples:
      marsad analyze examples/seed_article.txt --published 2020-02-11 --format table
      marsad analyze articles.jsonl.gz --format jsonl > analyses.jsonl
      marsad evaluate --gold dev_gold.jsonl --articles dev_articles.jsonl
    """


@main.command()
@click.argument("file", default="-", metavar="[FILE|-]")
@click.option("--published", help="Publication date (YYYY-MM-DD) for plain text, or to override the JSONL field.")
@click.option("--format", "fmt", type=click.Choice(["json", "jsonl", "table"]), default="json", show_default=True)
@click.option("--input-format", type=click.Choice(["auto", "text", "jsonl"]), default="auto", show_default=True,
              help="How to read FILE (auto: JSONL for .jsonl/.json or when it starts with '{').")
@click.option("--tokens/--no-tokens", default=True, show_default=True, help="Include tokens in JSON output.")
@click.option("--actors", "actors", multiple=True, type=click.Path(dir_okay=False),
              help="A user actor dictionary (TSV) merged over the built-in one; may repeat.")
@click.option("--max-chars", type=click.IntRange(1000), default=None,
              help="Truncate (with a warning) articles longer than this many characters [default: 200,000].")
@click.option("--event-gate", type=click.Choice(["auto", "score", "floor", "drop"]), default="auto", show_default=True,
              help="What the PROTEST/ASSAULT gate drops: auto = below the type's threshold in a one-sentence "
                   "text, below a low floor in an article; score = nothing (its probability is the event's "
                   "confidence); floor / drop = the floor / the threshold for every text.")
def analyze(file: str, published: str | None, fmt: str, input_format: str, tokens: bool,
            actors: tuple[str, ...], max_chars: int | None, event_gate: str) -> None:
    """Analyse Arabic articles: plain text or JSONL (ANT fields; gzip read transparently).

    \b
    Examples:
      marsad analyze examples/seed_article.txt --published 2020-02-11 --format table
      echo 'قال الرئيس العراقي أمس ...' | marsad analyze - --published 2020-02-11
      marsad analyze news.jsonl.gz --format jsonl --no-tokens > out.jsonl
      marsad analyze news.jsonl.gz --format jsonl --event-gate score > all_events.jsonl

    Exit status: 0 when every article was analysed, 1 when some input failed.
    """
    from rich.console import Console

    from marsad.pipeline import Pipeline

    if published is not None:
        try:
            parse_date(published)
        except ValueError as exc:
            _err(f"--published: {exc}; analysing without a publication date")
            published = None
    options: dict[str, Any] = {"event_gate_mode": event_gate}
    if actors:
        options["actors"] = list(actors)
    if max_chars is not None:
        options["max_chars"] = max_chars
    try:
        pipeline = Pipeline(**options)
    except (ValueError, OSError) as exc:
        _err(str(exc))
        sys.exit(2)
    console = Console(soft_wrap=False)
    failed = 0
    empty = True
    try:
        records = _records(file, None if input_format == "auto" else input_format)
        for rec in records:
            if rec.warning:
                _err(f"warning: {rec.warning}")
            if rec.error:
                _err(rec.error)
                failed += 1
                continue
            if rec.article is None:
                continue
            empty = False
            a = pipeline.analyze(rec.article, published)
            for w in a.warnings:
                if fmt != "table":
                    _err(f"warning: {rec.where}: {w}")
            if fmt == "table":
                _print_table(a, console)
            else:
                click.echo(_dump(a.to_dict(tokens=tokens), pretty=(fmt == "json")))
    except ReadError as exc:
        _err(str(exc))
        failed += 1
    except KeyboardInterrupt:
        _err("interrupted")
        sys.exit(130)
    if empty and not failed:
        _err("warning: no articles in the input")
    sys.exit(1 if failed else 0)


@main.command()
@click.option("--gold", required=True, type=click.Path(exists=True, dir_okay=False), help="Gold annotations (JSONL).")
@click.option("--articles", required=True, type=click.Path(exists=True, dir_okay=False),
              help="The articles the gold annotates (JSONL).")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@click.option("--per-article", is_flag=True, help="Also show scores per article.")
def evaluate(gold: str, articles: str, as_json: bool, per_article: bool) -> None:
    """Score the analysis against gold annotations.

    \b
    Example:
      marsad evaluate --gold ../shared/data/gold/dev_gold.jsonl \\
                      --articles ../shared/data/gold/dev_articles.jsonl
    """
    from rich.console import Console
    from rich.table import Table

    from marsad.evaluate import evaluate as run_eval
    from marsad.evaluate import load_jsonl
    from marsad.pipeline import Pipeline

    try:
        gold_records = load_jsonl(gold)
    except (OSError, ValueError) as exc:
        _err(f"{gold}: cannot read gold ({exc})")
        sys.exit(2)
    pipeline = Pipeline()
    analyses = []
    for rec in read_path(articles, "jsonl"):
        if rec.error:
            _err(rec.error)
            continue
        if rec.article is not None:
            analyses.append(pipeline.analyze(rec.article))
    totals, rows = run_eval(analyses, gold_records)
    if as_json:
        out = dict(totals)
        if per_article:
            out["per_article"] = rows
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
        return
    console = Console()
    t = Table(title=f"Marsad evaluation: {totals['articles']} articles")
    for col in ("measure", "precision", "recall", "F1", "tp", "system", "gold"):
        t.add_column(col, justify="right" if col != "measure" else "left")
    for name in ("entities", "places", "dates_found", "dates_right", "quotes", "events", "event_types"):
        d = totals[name]
        t.add_row(name, f"{d['precision']:.3f}", f"{d['recall']:.3f}", f"{d['f1']:.3f}",
                  str(d["tp"]), str(d["system"]), str(d["gold"]))
    console.print(t)
    for name in ("entity_country", "place_coordinates"):
        d = totals[name]
        console.print(f"{name}: {d['accuracy']:.3f} ({d['right']}/{d['total']})")
    if per_article:
        t = Table(title="Per article (F1)")
        for col in ("id", "entities", "places", "dates", "quotes", "events", "types"):
            t.add_column(col)
        for r in rows:
            t.add_row(r["id"], *(f"{r[k]['f1']:.2f}" for k in
                                 ("entities", "places", "dates_right", "quotes", "events", "event_types")))
        console.print(t)


# Subcommands that live beside the modules they drive. Each module, when present, exposes
# ``COMMANDS``: a list of click commands added to ``marsad``.
_COMMAND_MODULES = (
    "marsad.commands.ner",  # train-ner
    "marsad.commands.store",  # ingest, events, search, export, stats
    "marsad.commands.serve",  # serve
    "marsad.commands.distributed",  # run, load
)


def _register_commands() -> None:
    import importlib
    import importlib.util

    for name in _COMMAND_MODULES:
        if importlib.util.find_spec(name) is None:
            continue
        for cmd in importlib.import_module(name).COMMANDS:
            main.add_command(cmd)


_register_commands()

if __name__ == "__main__":  # pragma: no cover
    main()
