"""`kb serve`: the web front end under waitress (a plugin command of the `kb` group)."""
from __future__ import annotations

import click

CONNECTION_LIMIT = 100  # open connections waitress accepts at once
CHANNEL_TIMEOUT = 30  # seconds an idle or half-sent connection is kept


def _kb_root(ctx: click.Context):
    """The knowledge-base directory that the `kb` group resolved from --kb or KB_HOME."""
    return ctx.find_root().params.get("root")


def server_options(app, connection_limit: int, channel_timeout: int) -> dict:
    """waitress's limits: no request body larger than the upload limit is read (waitress answers 413 from
    its Content-Length), at most `connection_limit` connections, idle ones closed after `channel_timeout` s."""
    return {"max_request_body_size": app.config["MAX_CONTENT_LENGTH"], "connection_limit": connection_limit,
            "channel_timeout": channel_timeout}


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=5000, show_default=True, type=click.IntRange(0, 65535), help="Port to listen on.")
@click.option("--threads", default=8, show_default=True, type=click.IntRange(1, 64), help="Worker threads.")
@click.option("--connection-limit", default=CONNECTION_LIMIT, show_default=True, envvar="KB_CONNECTION_LIMIT",
              show_envvar=True, type=click.IntRange(1, 10_000), help="Connections open at once.")
@click.option("--channel-timeout", default=CHANNEL_TIMEOUT, show_default=True, envvar="KB_CHANNEL_TIMEOUT",
              show_envvar=True, type=click.IntRange(1, 3600), help="Seconds before an idle connection is closed.")
@click.pass_context
def serve(ctx: click.Context, host: str, port: int, threads: int, connection_limit: int, channel_timeout: int) -> None:
    """Serve the search pages, the admin page and the JSON API.

    Uploads need KB_ADMIN_TOKEN; set KB_READ_PASSWORD to make reading members-only. For public use,
    put a reverse proxy in front (see docs/deployment.md).

    Example: kb ingest --sample && kb serve --port 8000
    """
    import waitress

    from kb import KBError
    from web import create_app
    from web.context import kb_root

    root = _kb_root(ctx)
    try:
        app = create_app({"KB_HOME": str(root)} if root else None)
    except (KBError, ValueError) as e:
        raise click.ClickException(f"cannot start: {e}") from e
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"Serving the knowledge base in {kb_root(app)} "
               f"on http://{shown}:{port}/ (Ctrl+C to stop)")
    try:
        waitress.serve(app, host=host, port=port, threads=threads, ident="sector-kb", _quiet=True,
                       **server_options(app, connection_limit, channel_timeout))
    except OSError as e:
        raise click.ClickException(f"cannot listen on {host}:{port}: {e.strerror or e}") from e
