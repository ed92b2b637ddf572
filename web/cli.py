"""`kb serve`: the web front end under waitress (a plugin command of the `kb` group)."""
from __future__ import annotations

import time

import click
from waitress.channel import HTTPChannel

CONNECTION_LIMIT = 100  # open connections waitress accepts at once
CHANNEL_TIMEOUT = 30  # seconds an idle connection is kept
HEADER_TIMEOUT = 10  # seconds a request's line and headers may take to arrive, however slowly they trickle in
BODY_TIMEOUT = 120  # seconds a whole request (an upload's body too) may take to arrive
CHECK_EVERY = 1  # seconds between the server's checks of slow and idle connections
CROWDED = 0.75  # with this share of the connection limit open, a request's headers get only ...
CROWDED_HEADER_TIMEOUT = 2  # ... this many seconds (real clients send them in milliseconds)


class TimedChannel(HTTPChannel):
    """A waitress connection that remembers when its request in progress began to arrive."""

    request_started = 0.0

    def received(self, data):
        if data and self.request is None:  # the first bytes of a new request
            self.request_started = time.time()
        return super().received(data)

    def too_slow(self, now: float, header_timeout: float, body_timeout: float) -> bool:
        """True when the request being received has taken too long: its headers past header_timeout, the
        whole request past body_timeout (waitress's channel_timeout only catches connections that stay idle)."""
        request = self.request
        if request is None or self.requests:
            return False
        waited = now - self.request_started
        return waited > (body_timeout if request.headers_finished else header_timeout)


def _kb_root(ctx: click.Context):
    """The knowledge-base directory that the `kb` group resolved from --kb or KB_HOME."""
    return ctx.find_root().params.get("root")


def server_options(app, connection_limit: int, channel_timeout: int) -> dict:
    """waitress's limits: no request body larger than the upload limit is read (waitress answers 413 from
    its Content-Length), at most `connection_limit` connections, idle ones closed after `channel_timeout` s.
    Behind trusted proxies (KB_TRUSTED_PROXIES), waitress keeps the X-Forwarded-* headers for the app's
    ProxyFix, which believes exactly that many of them; otherwise it strips them."""
    return {"max_request_body_size": app.config["MAX_CONTENT_LENGTH"], "connection_limit": connection_limit,
            "channel_timeout": channel_timeout, "cleanup_interval": CHECK_EVERY,
            "clear_untrusted_proxy_headers": not app.config["KB_TRUSTED_PROXIES"]}


def make_server(app, host: str = "127.0.0.1", port: int = 0, threads: int = 8, connection_limit: int = CONNECTION_LIMIT,
                channel_timeout: int = CHANNEL_TIMEOUT, header_timeout: float = HEADER_TIMEOUT,
                body_timeout: float = BODY_TIMEOUT):
    """The waitress server `kb serve` runs (not started): its limits, and connections closed whose request
    trickles in slower than header_timeout (line and headers; CROWDED_HEADER_TIMEOUT while three quarters of
    the connection limit are open) or body_timeout (the whole request)."""
    import waitress

    server = waitress.create_server(app, host=host, port=port, threads=threads, ident="sector-kb",
                                    **server_options(app, connection_limit, channel_timeout))
    for listener in [server, *getattr(server, "map", {}).values()]:
        if hasattr(listener, "maintenance") and hasattr(listener, "channel_class"):
            _time_requests(listener, header_timeout, body_timeout)
    return server


def _time_requests(listener, header_timeout: float, body_timeout: float) -> None:
    """Make a waitress listener's connections TimedChannels and its periodic check close the slow ones."""
    idle_check = listener.maintenance

    def maintenance(now: float) -> None:
        idle_check(now)
        channels = list(listener.active_channels.values())
        crowded = len(channels) >= listener.adj.connection_limit * CROWDED  # slow clients are filling it up
        headers = min(header_timeout, CROWDED_HEADER_TIMEOUT) if crowded else header_timeout
        for channel in channels:
            if isinstance(channel, TimedChannel) and channel.too_slow(now, headers, body_timeout):
                channel.will_close = True

    listener.channel_class = TimedChannel
    listener.maintenance = maintenance


def listen_url(host: str, port: int) -> str:
    """The base of absolute URLs when KB_BASE_URL is not set: the address listened on (this machine's name
    for an address of every interface), never the Host header a client sends."""
    if host in ("0.0.0.0", "::", ""):
        import socket

        host = socket.getfqdn()
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}"


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=5000, show_default=True, type=click.IntRange(0, 65535), help="Port to listen on.")
@click.option("--threads", default=8, show_default=True, type=click.IntRange(1, 64), help="Worker threads.")
@click.option("--connection-limit", default=CONNECTION_LIMIT, show_default=True, envvar="KB_CONNECTION_LIMIT",
              show_envvar=True, type=click.IntRange(1, 10_000), help="Connections open at once.")
@click.option("--channel-timeout", default=CHANNEL_TIMEOUT, show_default=True, envvar="KB_CHANNEL_TIMEOUT",
              show_envvar=True, type=click.IntRange(1, 3600), help="Seconds before an idle connection is closed.")
@click.option("--header-timeout", default=HEADER_TIMEOUT, show_default=True, envvar="KB_HEADER_TIMEOUT",
              show_envvar=True, type=click.IntRange(1, 3600),
              help="Seconds a request's headers may take to arrive before the connection is closed.")
@click.option("--body-timeout", default=BODY_TIMEOUT, show_default=True, envvar="KB_BODY_TIMEOUT",
              show_envvar=True, type=click.IntRange(1, 3600),
              help="Seconds a whole request (an upload too) may take to arrive.")
@click.pass_context
def serve(ctx: click.Context, host: str, port: int, threads: int, connection_limit: int, channel_timeout: int,
          header_timeout: int, body_timeout: int) -> None:
    """Serve the search pages, the admin page and the JSON API.

    Uploads need KB_ADMIN_TOKEN; set KB_READ_PASSWORD to make reading members-only. For public use,
    put a reverse proxy in front (see docs/deployment.md).

    Example: kb ingest --sample && kb serve --port 8000
    """
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
        server = make_server(app, host, port, threads, connection_limit, channel_timeout, header_timeout, body_timeout)
    except OSError as e:
        raise click.ClickException(f"cannot listen on {host}:{port}: {e.strerror or e}") from e
    if not app.config["KB_BASE_URL"]:
        app.config["KB_LISTEN_URL"] = listen_url(host, getattr(server, "effective_port", port))
        click.echo(f"Links in the feed and the API start with {app.config['KB_LISTEN_URL']}/: set KB_BASE_URL "
                   "to the address members use")
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
