"""The benchmark's synthetic archive generator is deterministic and sized as asked."""
import re

from benchmarks.synth import generate, load_corpus


def test_corpus_comes_from_the_sample():
    corpus = load_corpus()
    assert "Coronavirus Job Retention Scheme" in corpus.headings
    assert "Building access" in corpus.headings
    assert any("furlough" in s for s in corpus.sentences)
    assert len(corpus.sentences) > 150


def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path):
    first = [p.read_bytes() for p in generate(tmp_path / "a", 300, seed=7)]
    again = [p.read_bytes() for p in generate(tmp_path / "b", 300, seed=7)]
    other = [p.read_bytes() for p in generate(tmp_path / "c", 300, seed=8)]
    assert first == again
    assert first != other


def test_item_count_and_update_sizes(tmp_path):
    paths = generate(tmp_path, 1000, seed=1)
    text = "".join(p.read_text(encoding="utf-8") for p in paths)
    numbers = [int(n) for n in re.findall(r"^\s*(\d+)[.)] ", text, flags=re.M)]
    assert len(numbers) == 1000
    runs = [n for i, n in enumerate(numbers) if i + 1 == len(numbers) or numbers[i + 1] == 1]
    assert all(4 <= n <= 15 for n in runs)
    assert len(re.findall(r"^University Museums Group$", text, flags=re.M)) == len(runs)
