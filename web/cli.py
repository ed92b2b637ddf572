"""`kb serve`: the web front end under waitress (a plugin command of the `kb` group)."""
from __future__ import annotations

import click


def _kb_home(ctx: click.Context):
    """The knowledge-base directory that the `kb` group resolved from --kb or KB_HOME."""
    return ctx.find_root().params.get("home")


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=5000, show_default=True, type=click.IntRange(0, 65535), help="Port to listen on.")
@click.option("--threads", default=8, show_default=True, type=click.IntRange(1, 64), help="Worker threads.")
@click.pass_context
def serve(ctx: click.Context, host: str, port: int, threads: int) -> None:
    """Serve the search pages, the admin page and the JSON API.

    Uploads need KB_ADMIN_TOKEN; set KB_READ_PASSWORD to make reading members-only.

    Example: kb ingest --sample && kb serve --port 8000
    """
    import waitress

    from web import create_app
    from web.context import kb_home

    home = _kb_home(ctx)
    app = create_app({"KB_HOME": str(home)} if home else None)
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"Serving the knowledge base in {kb_home(app)} "
               f"on http://{shown}:{port}/ (Ctrl+C to stop)")
    try:
        waitress.serve(app, host=host, port=port, threads=threads, ident="sector-kb", _quiet=True)
    except OSError as e:
        raise click.ClickException(f"cannot listen on {host}:{port}: {e.strerror or e}") from e
