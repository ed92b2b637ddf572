"""The README and docs/ are kept true: every shell, TOML and Python block in them is run or parsed.

The convention, for README.md and docs/*.md:

- Every fenced block names its language: ```sh, ```bash or ```console (shell), ```toml, ```python, or
  ```text for anything that is neither (output samples, directory listings), ```nginx, ```json. A fence
  without a language fails, so that output is never mistaken for shell.
- Shell blocks are RUN, each in its own `bash` under `set -euo pipefail`, with KB_HOME set to a fresh copy
  of a knowledge base holding the ingested sample, HOME and the working directory set to an empty
  temporary directory, and the test's Python environment first on PATH; the block must exit 0. In a
  ```console block the lines starting with `$ ` are the commands (a line ending in `\\` continues); the
  other lines are output and are not compared.
- A block right after the HTML comment `<!-- not run: REASON -->` (blank lines between allowed) is only
  PARSED. Use it for what a test cannot or must not do: start a server, install packages, run the test
  suite or a benchmark of minutes, reach the network, or read the secretary's own files. A block that
  holds one of NEVER_RUN and lacks the comment fails, so that it is marked rather than run by accident.
- Every shell block, run or not, must pass `bash -n`, and every `kb ...` or `python -m kb ...` in it must
  name a real command with real options: it is invoked with `--help` appended through click's CliRunner
  and must exit 0 (an unknown command or option exits 2). Every `python -m benchmarks.NAME --option` must
  name a module that exists and an option its source defines.
- A run block whose command needs a program that is not installed (jq) is skipped, with the reason.
- TOML blocks are parsed with tomllib; one holding [[topic]] tables must also load with the project's
  topic loader, one holding [[organisation]] tables with its organisations loader (`load_vocabulary`),
  and every topic or organisation of the example must come out of the loader.
- Python blocks are run like shell blocks (same environment, `python FILE`), unless marked not run.
- docs/cli.md, below its marker line, is exactly what `python docs/generate.py` writes from `kb --help`
  and each `kb COMMAND --help` (entry-point commands such as `kb serve` included).
- Relative links point at files, and at headings, that exist; in docs/*.md, code spans naming a path of
  the repository (`kb/ranking.py`, `tests/kb/test_faults.py`) name one that exists.

The tests at the end feed these checks broken blocks, so a check that cannot fail is noticed.
"""
from __future__ import annotations

import importlib.util
import os
import re
import shlex
import shutil
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.support.archives import ROOT

DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
SHELL = {"sh", "bash", "console"}
LANGUAGES = SHELL | {"toml", "python", "text", "nginx", "json"}
NEVER_RUN = ("kb serve", "pip install", "pytest", "curl ", "apt-get", "python -m benchmarks", "waitress-serve")
OPERATORS = {"|", "||", "&", "&&", ";", ";;", "(", ")", "$", "<", ">", ">>", "<<", "<(", ">&", "2>", "|&"}
BUILTINS = {"eval", "echo", "cd", "export", "set", "test", "[", "true", "false", "for", "do", "done", "if",
            "then", "else", "fi", "while", "source", ".", "printf", "read", "exit"}
NOT_RUN = re.compile(r"<!--\s*not run:\s*(.+?)\s*-->")
REPO_PATH = re.compile(r"^(?:ingest|kb|web|tests|benchmarks|docs|vocab)/[\w./-]*$")
TIMEOUT = 300


def load_vocabulary(path: Path) -> set[str]:
    """Load a topics.toml or organisations.toml with the project's own loader: the slugs or names it holds.

    The loaders live in ingest/ and may move to vocab/: this is the one place to change when they do.
    """
    from vocab.organisations import load_organisations
    from vocab.topics import load_taxonomy

    if path.name == "topics.toml":
        return {topic.slug for topic in load_taxonomy(path).topics}
    return {organisation.name for organisation in load_organisations(path).organisations}


def _generator():
    """docs/generate.py, the CLI reference's generator, imported from its path."""
    spec = importlib.util.spec_from_file_location("docs_generate", ROOT / "docs" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# ------------------------------------------------------------------ reading the blocks

@dataclass
class Block:
    path: Path
    line: int  # of the opening fence, 1-based
    lang: str
    body: str
    not_run: str | None  # the reason given in <!-- not run: ... -->, or None

    @property
    def name(self) -> str:
        return f"{self.path.relative_to(ROOT)}:{self.line}"

    def script(self) -> str:
        """The shell commands of the block: all of it, or a console block's `$ ` lines."""
        if self.lang != "console":
            return self.body
        lines, going_on = [], False
        for line in self.body.splitlines():
            if line.startswith("$ ") or going_on:
                lines.append(line[2:] if line.startswith("$ ") and not going_on else line)
                going_on = line.endswith("\\")
        return "\n".join(lines) + "\n"


def blocks_of(text: str, path: Path) -> list[Block]:
    """The fenced blocks of a Markdown text."""
    found, lines, i = [], text.splitlines(), 0
    while i < len(lines):
        fence = re.match(r"^ {0,3}(`{3,}|~{3,})\s*([\w+-]*)", lines[i])
        if not fence:
            i += 1
            continue
        start, mark = i, fence.group(1)
        i += 1
        body = []
        while i < len(lines) and not lines[i].strip().startswith(mark):
            body.append(lines[i])
            i += 1
        before = next((lines[j] for j in range(start - 1, -1, -1) if lines[j].strip()), "")
        reason = NOT_RUN.search(before)
        found.append(Block(path, start + 1, fence.group(2).lower(), "\n".join(body) + "\n",
                           reason.group(1) if reason else None))
        i += 1
    return found


def all_blocks() -> list[Block]:
    return [block for path in DOCS for block in blocks_of(path.read_text(encoding="utf-8"), path)]


def blocks(*langs: str, run_only: bool = False) -> list:
    """The blocks in these languages as test parameters (with `run_only`, those not marked "not run")."""
    return [pytest.param(b, id=b.name) for b in all_blocks() if b.lang in langs and not (run_only and b.not_run)]


def outside_fences(text: str) -> str:
    """The text with its fenced blocks blanked (line numbers kept)."""
    out, fence = [], None
    for line in text.splitlines():
        mark = re.match(r"^ {0,3}(`{3,}|~{3,})", line)
        if fence is None and mark:
            fence = mark.group(1)
            out.append("")
        elif fence is not None:
            if line.strip().startswith(fence):
                fence = None
            out.append("")
        else:
            out.append(line)
    return "\n".join(out)


# ------------------------------------------------------------------ checking shell

def simple_commands(script: str) -> list[list[str]]:
    """The words of each simple command in a script (split at pipes, lists, subshells, redirections),
    environment assignments dropped; good enough for the commands of a README, not for every shell."""
    commands = []
    for line in script.replace("\\\n", " ").splitlines():
        lexer = shlex.shlex(line, posix=True, punctuation_chars=True)
        lexer.whitespace_split = True
        lexer.commenters = "#"
        try:
            tokens = list(lexer)
        except ValueError:  # unbalanced quotes: bash -n reports it
            continue
        words: list[str] = []
        redirected = False
        for token in tokens + [";"]:
            if redirected:  # the file a redirection names is no command
                redirected = False
                continue
            if token in OPERATORS or set(token) <= set("();<>|&$"):
                redirected = token.startswith((">", "<")) or token.endswith(">")
                while words and re.match(r"^[A-Za-z_]\w*=", words[0]):
                    words.pop(0)
                if words:
                    commands.append(words)
                words = []
            else:
                words.append(token)
    return commands


def kb_arguments(words: list[str]) -> list[str] | None:
    """The arguments of a `kb ...` or `python -m kb ...` command, else None."""
    if words[0] == "kb":
        return words[1:]
    if words[0] in ("python", "python3") and words[1:3] == ["-m", "kb"]:
        return words[3:]
    return None


def invocation_problems(script: str) -> list[str]:
    """Every `kb` and `python -m benchmarks.NAME` invocation that names no real command or option."""
    from click.testing import CliRunner

    from kb.cli import main

    problems = []
    for words in simple_commands(script):
        args = kb_arguments(words)
        if args is not None:
            result = CliRunner().invoke(main, [*args, "--help"], prog_name="kb")
            if result.exit_code != 0:
                problems.append(f"`{shlex.join(words)}` is not a valid kb command line: "
                                f"{result.output.strip().splitlines()[-1] if result.output.strip() else result.exception}")
        if words[0] in ("python", "python3") and len(words) > 2 and words[1] == "-m" \
                and words[2].startswith("benchmarks."):
            problems += _benchmark_problems(words)
    return problems


def _benchmark_problems(words: list[str]) -> list[str]:
    spec = importlib.util.find_spec(words[2])
    if spec is None or spec.origin is None:
        return [f"`{shlex.join(words)}`: there is no module {words[2]}"]
    origin = Path(spec.origin)
    files = sorted(origin.parent.glob("*.py")) if origin.name in ("__init__.py", "__main__.py") else [origin]
    source = "\n".join(f.read_text(encoding="utf-8") for f in files)
    return [f"`{shlex.join(words)}`: {words[2]} defines no option {word}"
            for word in words[3:] if word.startswith("--") and f'"{word.split("=")[0]}"' not in source]


def syntax_problems(script: str) -> list[str]:
    result = subprocess.run(["bash", "-n"], input=script, capture_output=True, text=True)
    return [f"bash -n: {result.stderr.strip()}"] if result.returncode else []


def missing_programs(script: str) -> list[str]:
    """Programs the script runs that are not installed (kb and python come from this environment)."""
    wanted = {words[0] for words in simple_commands(script)} - BUILTINS - {"kb", "python", "python3"}
    return sorted(name for name in wanted if "/" not in name and shutil.which(name) is None)


def environment(home: Path, work: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KB_")}
    env.update(KB_HOME=str(home), HOME=str(work), PYTHONPATH=str(ROOT),
               PATH=os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")]))
    return env


def run_problems(block: Block, home: Path, work: Path) -> list[str]:
    """Run a shell or Python block over the knowledge base in `home`, in the directory `work`."""
    if block.lang == "python":
        script = work / "block.py"
        script.write_text(block.body, encoding="utf-8")
        command = [sys.executable, str(script)]
    else:
        command = ["bash", "-c", "set -euo pipefail\n" + block.script()]
    result = subprocess.run(command, cwd=work, env=environment(home, work), capture_output=True, text=True,
                            timeout=TIMEOUT)
    if result.returncode:
        return [f"exit status {result.returncode}:\n{result.stderr[-2000:]}"]
    return []


def unmarked_problems(block: Block) -> list[str]:
    script = block.script() if block.lang in SHELL else block.body
    return [f"holds `{never.strip()}`: mark it <!-- not run: REASON --> or take it out"
            for never in NEVER_RUN if never in script]


def toml_problems(block: Block, tmp: Path) -> list[str]:
    try:
        data = tomllib.loads(block.body)
    except tomllib.TOMLDecodeError as e:
        return [f"not valid TOML: {e}"]
    for table, name, key in (("topic", "topics.toml", "slug"), ("organisation", "organisations.toml", "name")):
        if table not in data:
            continue
        path = tmp / name
        path.write_text(block.body, encoding="utf-8")
        try:
            loaded = load_vocabulary(path)
        except ValueError as e:
            return [f"{name}: refused by the project's loader: {e}"]
        missing = {entry[key] for entry in data[table]} - loaded
        if missing:
            return [f"{name}: the loader did not read {sorted(missing)}"]
    return []


# ------------------------------------------------------------------ checking links

def slug(heading: str) -> str:
    """GitHub's anchor for a heading."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def anchors(path: Path) -> set[str]:
    seen: dict[str, int] = {}
    found = set()
    for line in outside_fences(path.read_text(encoding="utf-8")).splitlines():
        heading = re.match(r"^#{1,6}\s+(.*?)\s*#*$", line)
        if heading:
            base = slug(heading.group(1))
            n = seen.get(base, 0)
            seen[base] = n + 1
            found.add(base if n == 0 else f"{base}-{n}")
    return found


def link_problems(path: Path, check_paths: bool | None = None) -> list[str]:
    """Links to missing files or headings; in docs/ (or when asked), code spans naming missing paths. The
    README is left out of the path check: its Development section sketches the planned layout."""
    problems = []
    text = outside_fences(path.read_text(encoding="utf-8"))
    for target in re.findall(r"\]\(([^)\s]+)\)", text):
        if re.match(r"^[a-z]+:", target):
            continue
        file, _, anchor = target.partition("#")
        where = (path.parent / file).resolve() if file else path
        if not where.exists():
            problems.append(f"{path.name}: link to {target}: no such file")
        elif anchor and where.suffix == ".md" and anchor not in anchors(where):
            problems.append(f"{path.name}: link to {target}: no such heading")
    if check_paths is None:
        check_paths = path.parent == ROOT / "docs"
    if check_paths:
        for span in re.findall(r"`([^`\n]+)`", text):
            if REPO_PATH.match(span) and not (ROOT / span).exists():
                problems.append(f"{path.name}: `{span}` names no file of the repository")
    return problems


# ------------------------------------------------------------------ the tests

@pytest.fixture(scope="module")
def readme_home(tmp_path_factory) -> Path:
    """A knowledge base made by `kb ingest --sample`, as a reader of the README makes it."""
    work = tmp_path_factory.mktemp("docs-sample")
    home = work / "kb"
    result = subprocess.run([sys.executable, "-m", "kb", "ingest", "--sample"], cwd=work,
                            env=environment(home, work), capture_output=True, text=True, timeout=TIMEOUT)
    assert result.returncode == 0, result.stderr
    return home


@pytest.fixture
def fresh(readme_home, tmp_path) -> tuple[Path, Path]:
    """A copy of the sample knowledge base, and an empty working directory, for one block."""
    home = tmp_path / "kb"
    shutil.copytree(readme_home, home)
    work = tmp_path / "work"
    work.mkdir()
    return home, work


def test_every_block_names_its_language():
    bad = [f"{b.name}: ```{b.lang}" for b in all_blocks() if b.lang not in LANGUAGES]
    assert not bad, f"fence these as one of {sorted(LANGUAGES)} (```text for output):\n" + "\n".join(bad)


@pytest.mark.parametrize("block", blocks(*SHELL))
def test_shell_block_parses_and_names_real_commands(block):
    problems = syntax_problems(block.script()) + invocation_problems(block.script())
    assert not problems, f"{block.name}:\n" + "\n".join(problems)


@pytest.mark.slow
@pytest.mark.parametrize("block", blocks(*SHELL, "python", run_only=True))
def test_block_runs(block, fresh):
    """Every block not marked `<!-- not run: ... -->` runs (the marked ones are parsed by the test above)."""
    problems = unmarked_problems(block)
    assert not problems, f"{block.name}:\n" + "\n".join(problems)
    if block.lang in SHELL and (missing := missing_programs(block.script())):
        pytest.skip(f"needs {', '.join(missing)}, not installed")
    problems = run_problems(block, *fresh)
    assert not problems, f"{block.name}:\n" + "\n".join(problems)


@pytest.mark.parametrize("block", blocks("toml"))
def test_toml_block_parses_and_loads(block, tmp_path):
    problems = toml_problems(block, tmp_path)
    assert not problems, f"{block.name}:\n" + "\n".join(problems)


def test_docs_hold_toml_examples_of_both_lists():
    """The topics.toml and organisations.toml examples are checked by the loaders (not only parsed)."""
    bodies = [b.body for b in all_blocks() if b.lang == "toml"]
    assert any("[[topic]]" in body for body in bodies) and any("[[organisation]]" in body for body in bodies)


@pytest.mark.parametrize("path", DOCS, ids=lambda p: p.name)
def test_links_and_paths_exist(path):
    problems = link_problems(path)
    assert not problems, "\n".join(problems)


def test_cli_reference_is_kb_help():
    generate = _generator()
    names = generate.commands()
    assert "serve" in names and {"ingest", "search", "check"} <= set(names)  # entry-point commands too
    _, documented = generate.split_cli_md(generate.CLI_MD.read_text(encoding="utf-8"))
    wanted = generate.reference()
    sections = lambda text: dict(re.findall(r"^## (kb[^\n]*)\n\n```text\n(.*?)\n```", text, re.S | re.M))
    have, want = sections(documented), sections(wanted)
    assert have.keys() == want.keys(), "commands differ: run python docs/generate.py"
    for command in want:
        assert have[command] == want[command], f"`{command} --help` changed: run python docs/generate.py"
    assert documented == wanted, "docs/cli.md's generated part differs: run python docs/generate.py"


def test_readme_is_short_and_starts_with_the_two_commands():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(text.splitlines()) <= 250
    first = blocks_of(text, ROOT / "README.md")[0]
    assert first.lang == "sh" and first.body.splitlines() == [
        "pip install -e . && kb ingest --sample && kb serve        # then open http://127.0.0.1:5000/",
        'pip install -e ".[test]" && pytest                        # the test suite']
    assert (ROOT / "docs" / "images" / "search.png").stat().st_size < 200_000


# ------------------------------------------------------------------ the checks can fail

def _one_block(markdown: str) -> Block:
    return blocks_of(markdown, ROOT / "README.md")[0]


@pytest.mark.parametrize("script", [
    "kb serch furlough\n",                       # no such command
    "kb search furlough --bogus\n",               # no such option
    "kb search furlough | jq . && kb exprot\n",   # in a pipe and a list
    "X=1 kb --nope\n",                            # after an assignment
    "python -m kb show --limit 3 x\n",            # an option of another command
    "python -m benchmarks.bench --huge\n",        # a benchmark option that does not exist
    "python -m benchmarks.nothing\n",             # a benchmark that does not exist
])
def test_a_wrong_command_line_is_caught(script):
    assert invocation_problems(script)


def test_a_right_command_line_passes():
    assert not invocation_problems('kb search "what was said" --limit 2 --json | jq .total\n'
                                   'KB_X=$(python -c "print(1)") kb --kb /tmp/x serve --port 8000\n'
                                   'python -m benchmarks.bench --sizes 5000 --repeat 5\n')


def test_a_shell_syntax_error_is_caught():
    assert syntax_problems("if kb search x; then\n")


@pytest.mark.slow
def test_a_failing_block_is_caught(fresh):
    assert run_problems(_one_block("```sh\nkb show no-such-update\n```\n"), *fresh)
    assert run_problems(_one_block("```console\n$ kb search furlough\nwhatever output\n$ false\n```\n"), *fresh)
    assert run_problems(_one_block("```python\nraise SystemExit(3)\n```\n"), *fresh)
    assert not run_problems(_one_block("```console\n$ kb topics\n  21  Funding & finance\n```\n"), *fresh)


def test_unmarked_and_marked_blocks():
    block = _one_block("```sh\nkb serve --port 8000\n```\n")
    assert block.not_run is None and unmarked_problems(block)
    assert _one_block("<!-- not run: starts a server -->\n\n```sh\nkb serve\n```\n").not_run == "starts a server"


def test_a_fence_without_language_is_caught():
    assert _one_block("```\n$ kb search\n```\n").lang not in LANGUAGES


@pytest.mark.parametrize("toml", [
    '[[topic]]\nname = "A"\nslug = "a"\ndescription = "x"\nconcepts = [["a"]]\nconcepts = [["b"]]\n',  # twice
    '[[topic]]\nname = "A"\nslug = "A b"\ndescription = "x"\n',                                        # bad slug
    '[[topic]]\nname = "A"\nslug = "a"\ndescription = "x"\ncolour = "red"\n',                          # unknown key
    '[[organisation]]\nname = "A"\nacronyms = ["X"]\n[[organisation]]\nname = "B"\nacronyms = ["X"]\n',  # twice
])
def test_a_broken_toml_example_is_caught(toml, tmp_path):
    assert toml_problems(_one_block(f"```toml\n{toml}```\n"), tmp_path)


def test_a_broken_link_is_caught(tmp_path):
    page = tmp_path / "docs" / "page.md"
    page.parent.mkdir()
    page.write_text("# Page\n\n## A heading\n\n[ok](#a-heading) [bad](#nothing) [gone](missing.md)\n"
                    "`kb/no_such_module.py`\n", encoding="utf-8")
    assert len(link_problems(page, check_paths=True)) == 3
