"""The site as `kb serve` serves it: real HTTP to waitress on a loopback port (issue 18). Uploads and
searches in parallel threads, the throttle behind a trusted proxy with forwarded addresses, and clients that
send their headers too slowly."""
from __future__ import annotations

import http.client
import io
import json
import random
import socket
import threading
import time
import uuid
from urllib.parse import urlparse

import pytest

from kb import KnowledgeBase
from tests.support.webapp import make_app, waitress_served

TOKEN = "a-real-admin-token-0123456789"


def request(base: str, method: str, path: str, body: bytes | None = None, headers: dict | None = None):
    """(status, headers, body) of one HTTP request to the served app."""
    url = urlparse(base)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=120)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()


def multipart(name: str, data: bytes) -> tuple[bytes, dict]:
    boundary = uuid.uuid4().hex
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n"
            "Content-Type: text/plain\r\n\r\n").encode() + data + f"\r\n--{boundary}--\r\n".encode()
    return body, {"Content-Type": f"multipart/form-data; boundary={boundary}", "Authorization": f"Bearer {TOKEN}"}


# ---------------------------------------------------------------- finding 1: threads share no stemmer

def briefing(rng: random.Random, k: int) -> bytes:
    """A dated update of a few items: topic words among made-up words that no cache has seen."""
    terms = ["furlough", "reopening guidance", "emergency funding", "volunteers", "digitisation", "exhibitions",
             "museum closures", "grants", "accreditation", "collections care", "students", "research"]
    lines = [f"Members' briefing {k + 1} March 2031", ""]
    for n in range(6):
        made_up = " ".join("".join(rng.choice("abcdeilmnoprstuy") for _ in range(rng.randint(4, 11)))
                           for _ in range(40))
        lines += [f"{n + 1}. {rng.choice(terms).capitalize()} {made_up} {rng.choice(terms)} and {rng.choice(terms)}.", ""]
    return "\n".join(lines).encode()


@pytest.mark.slow
def test_parallel_uploads_and_searches_right_after_a_start_store_the_topics_one_process_would(tmp_path):
    from vocab import topics

    rng = random.Random(18)
    files = [(f"briefing-{k}.txt", briefing(rng, k)) for k in range(24)]
    for name, data in files:
        (tmp_path / name).write_bytes(data)
    alone = KnowledgeBase(tmp_path / "alone")
    alone.ingest_files(sorted(tmp_path.glob("*.txt")))
    expected = {item.id: item.topics for item in alone.export()}

    topics.stem.cache_clear()  # as after a restart: nothing stemmed yet
    topics.load_taxonomy()._seen.clear()
    app = make_app(tmp_path / "served", KB_ADMIN_TOKEN=TOKEN, KB_LOCK_TIMEOUT=60)
    failures: list[str] = []

    def uploader(mine):
        for name, data in mine:
            body, headers = multipart(name, data)
            status, _, answer = request(base, "POST", "/api/updates", body, headers)
            if status != 201:
                failures.append(f"upload {name}: {status} {answer[:200]!r}")

    def searcher(seed):
        words = random.Random(seed)
        for _ in range(15):
            q = words.choice(["furlough", "reopening guidance", "what was said about grants", "volunteers museums"])
            status, _, answer = request(base, "GET", f"/api/search?q={q.replace(' ', '+')}")
            if status != 200:
                failures.append(f"search {q}: {status} {answer[:200]!r}")

    with waitress_served(app, threads=8) as base:
        threads = [threading.Thread(target=uploader, args=(files[k::4],)) for k in range(4)]
        threads += [threading.Thread(target=searcher, args=(k,)) for k in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(300)
    assert failures == []
    served = {item.id: item.topics for item in KnowledgeBase(tmp_path / "served").export()}
    assert served == expected


@pytest.mark.slow
def test_the_topic_stemmer_gives_every_thread_right_stems():
    import snowballstemmer

    from vocab import topics

    rng = random.Random(7)
    words = ["".join(rng.choice("abcdeilmnoprstuy") for _ in range(rng.randint(3, 12))) for _ in range(20_000)]
    truth = snowballstemmer.stemmer("english").stemWords(words)
    topics.stem.cache_clear()
    problems = []

    def stem_all():
        for word, right in zip(words, truth):
            try:
                if topics.stem(word) != right:
                    problems.append(word)
            except Exception as e:  # IndexError from a stemmer another thread is using
                problems.append(repr(e))

    threads = [threading.Thread(target=stem_all) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert problems == []


@pytest.mark.slow
def test_the_query_analyzer_stems_in_parallel_threads_without_errors():
    from whoosh.lang.porter import stem

    from kb.index import SCHEMA

    analyzer = SCHEMA["text"].analyzer
    rng = random.Random(9)
    words = ["".join(rng.choice("abcdeilmnoprstuy") for _ in range(rng.randint(3, 12))) for _ in range(60_000)]
    problems = []

    def analyse_all(part):
        for word in part:
            try:
                got = [t.text for t in analyzer(word)]
                if got and got != [stem(word)]:
                    problems.append(word)
            except Exception as e:  # Whoosh's LFU cache evicting while another thread adds
                problems.append(repr(e))

    threads = [threading.Thread(target=analyse_all, args=(words[k::2] + words,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert problems == []


def test_each_thread_has_its_own_markdown_parser():
    from ingest.readers import markdown

    found = []
    thread = threading.Thread(target=lambda: found.append(markdown._markdown()))
    thread.start()
    thread.join()
    assert found[0] is not markdown._markdown() and markdown._markdown() is markdown._markdown()


# ---------------------------------------------------------------- finding 2: behind a trusted proxy

def basic(password: str, forwarded_for: str | None = None) -> dict:
    import base64

    headers = {"Authorization": "Basic " + base64.b64encode(f"member:{password}".encode()).decode()}
    return {**headers, "X-Forwarded-For": forwarded_for} if forwarded_for else headers


PASSWORD = "members-password-2031"


def test_behind_the_proxy_guesses_from_one_address_never_lock_out_another(sample_home):
    app = make_app(sample_home, KB_READ_PASSWORD=PASSWORD, KB_TRUSTED_PROXIES=1, LOGIN_MAX_FAILURES=5)
    with waitress_served(app) as base:
        statuses = [request(base, "GET", "/api/topics", headers=basic("wrong-guess", "198.51.100.7"))[0]
                    for _ in range(6)]
        assert statuses == [401] * 5 + [429]
        assert request(base, "GET", "/api/topics", headers=basic(PASSWORD, "198.51.100.8"))[0] == 200
        assert request(base, "GET", "/api/topics", headers=basic(PASSWORD, "198.51.100.7"))[0] == 429
        # the proxy appends the address it saw: a client's own X-Forwarded-For entry is not believed
        spoofed = basic(PASSWORD, "198.51.100.9, 198.51.100.7")
        assert request(base, "GET", "/api/topics", headers=spoofed)[0] == 429


def test_without_the_proxy_setting_forwarded_addresses_are_ignored(sample_home):
    app = make_app(sample_home, KB_READ_PASSWORD=PASSWORD, LOGIN_MAX_FAILURES=5)
    with waitress_served(app) as base:
        for n in range(5):
            assert request(base, "GET", "/api/topics", headers=basic("wrong-guess", f"198.51.100.{n}"))[0] == 401
        assert request(base, "GET", "/api/topics", headers=basic(PASSWORD, "198.51.100.99"))[0] == 429


# ---------------------------------------------------------------- finding 8: slow clients

@pytest.mark.slow
def test_a_client_trickling_its_headers_is_closed_and_others_are_served(sample_home):
    app = make_app(sample_home)
    with waitress_served(app, header_timeout=2) as base:
        port = urlparse(base).port
        slow = socket.create_connection(("127.0.0.1", port), timeout=10)
        slow.sendall(b"GET /api/topics HTTP/1.1\r\nHost: x\r\n")
        started = time.monotonic()
        closed = None
        while time.monotonic() - started < 8:
            try:
                slow.sendall(b"X-Slow: 1\r\n")  # one header line a second: never idle
                if slow.recv(1, socket.MSG_DONTWAIT) == b"":
                    closed = time.monotonic() - started
                    break
            except BlockingIOError:
                pass
            except OSError:
                closed = time.monotonic() - started
                break
            time.sleep(0.5)
        slow.close()
        assert closed is not None and closed < 6
        assert request(base, "GET", "/api/topics")[0] == 200


@pytest.mark.slow
def test_trickling_clients_filling_the_connections_are_closed_sooner_and_others_get_in(sample_home):
    app = make_app(sample_home)
    with waitress_served(app, connection_limit=8, header_timeout=60) as base:
        port = urlparse(base).port
        slow = []
        for _ in range(8):  # every connection the server takes, each sending a header line a second
            s = socket.create_connection(("127.0.0.1", port), timeout=10)
            s.sendall(b"GET /api/topics HTTP/1.1\r\nHost: x\r\n")
            slow.append(s)
        stop = threading.Event()

        def trickle():
            while not stop.wait(1):
                for s in slow:
                    try:
                        s.sendall(b"X-Slow: 1\r\n")
                    except OSError:
                        pass

        feeder = threading.Thread(target=trickle, daemon=True)
        feeder.start()
        started = time.monotonic()
        try:
            status = request(base, "GET", "/api/topics")[0]
        finally:
            stop.set()
            for s in slow:
                s.close()
        assert status == 200 and time.monotonic() - started < 6  # before: once a header timeout had passed (60 s)
