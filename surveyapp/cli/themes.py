"""``surveyapp themes``: code a study's written answers, train on staff's codes,
and check a codebook file."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext

from analysis.themes.codebook import CodebookError, load_codebook
from analysis.themes.rules import RuleCoder
from surveyapp.cli.common import fail
from surveyapp.extensions import db
from surveyapp.services import ServiceError
from surveyapp.services.coding import read_coded_file, run_theming, train_models


@click.group(help="Free-text themes: code written answers, train on staff's codes.")
def themes() -> None:
    pass


@themes.command("code", help="Code every written answer of study SLUG automatically.")
@click.argument("slug")
@click.option("--new", "new_only", is_flag=True, help="Only answers not coded yet.")
@with_appcontext
def themes_code(slug: str, new_only: bool) -> None:
    try:
        coded = run_theming(db.session, slug, new_only=new_only)
    except ServiceError as exc:
        fail(str(exc))
    click.echo(f"Coded {coded} written answer(s); staff codes were kept.")


@themes.command(
    "train", help="Train the classifier of study SLUG on the answers staff coded with CODEBOOK."
)
@click.argument("slug")
@click.option("--codebook", default="social_prescribing", show_default=True)
@click.option(
    "--coded",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A coded data set too (.csv/.xlsx: text, codes with ; between, sentiment, question).",
)
@with_appcontext
def themes_train(slug: str, codebook: str, coded: Path | None) -> None:
    try:
        extra = read_coded_file(coded.read_bytes(), coded.name) if coded else []
        done = train_models(db.session, slug, codebook, extra)
    except ServiceError as exc:
        fail(str(exc))
    click.echo(
        f"Trained on {done.answers} coded answer(s) in {done.seconds:.1f} s"
        f"{' (themes and sentiment)' if done.sentiment else ' (themes)'}; answers recoded."
    )


@themes.command("validate", help="Check codebook files (YAML); messages name theme and problem.")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
def themes_validate(paths: tuple[Path, ...]) -> None:
    problems = []
    for path in paths:
        try:
            codebook = load_codebook(path)
            RuleCoder(codebook)  # patterns spaCy cannot compile are found here
        except CodebookError as exc:
            problems += exc.problems
        except ValueError as exc:
            problems.append(f"{path.name}: a pattern cannot be compiled: {exc}")
        else:
            click.echo(f"{path.name}: {sum(1 for _ in codebook.themes())} themes, valid.")
    for problem in problems:
        click.secho(problem, fg="red", err=True)
    if problems:
        fail(f"{len(problems)} problem(s) found.")
