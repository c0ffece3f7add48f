"""``marsad train-ner``: retrain the NER tagger shipped in ``marsad/resources/ner``."""

from __future__ import annotations

import sys
from pathlib import Path

import click


@click.command("train-ner")
@click.option("--dev", is_flag=True, help="Also report F1 on an entity-disjoint dev split of train.")
@click.option("--dev-only", is_flag=True, help="Only the dev experiment; write nothing.")
@click.option("--out", type=click.Path(file_okay=False), default=None,
              help="Folder to write the model into (default: the package's resources/ner).")
@click.option("--cache", type=click.Path(file_okay=False), default="/tmp/marsad-ner", show_default=True,
              help="Where intermediate cluster files are cached.")
def train_ner(dev: bool, dev_only: bool, out: str | None, cache: str) -> None:
    """Train the Arabic NER tagger on ANERcorp (needs a source checkout and ../shared/data).

    \b
    Example:
      marsad train-ner --dev
    Same as `make model` or `python scripts/train_ner.py`.
    """
    script = Path(__file__).resolve().parents[3] / "scripts" / "train_ner.py"
    if not script.is_file():
        click.echo(f"marsad: train-ner needs a source checkout of Marsad ({script} not found)", err=True)
        sys.exit(2)
    argv = ["--cache", cache]
    if dev:
        argv.append("--dev")
    if dev_only:
        argv.append("--dev-only")
    if out:
        argv += ["--out", out]
    import runpy

    sys.argv = [str(script), *argv]
    try:
        runpy.run_path(str(script), run_name="__main__")
    except ImportError as exc:
        click.echo(f"marsad: train-ner needs the training extras: pip install -e '.[train]' ({exc})", err=True)
        sys.exit(2)


COMMANDS = [train_ner]
