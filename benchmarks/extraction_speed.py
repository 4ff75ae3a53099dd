"""How fast the extractors run: words per second over a folder of articles.

    python benchmarks/extraction_speed.py [PATH ...]   (default: tests/gold and seeds)

Reading happens before the clock starts; the time covers sentence splitting, every
registered extractor and entity linking, as a load does, but not the database.
Run on demand; the test suite never times anything.
"""
import sys
import time
from pathlib import Path

from datasette_claims.extract.pipeline import extract
from datasette_claims.extract.text import sentence_splitter
from datasette_claims.model import Article
from datasette_claims.readers import iter_files, read_file

ROOT = Path(__file__).parent.parent


def main(paths):
    articles = [item for path in iter_files(paths) for item in read_file(path) if isinstance(item, Article)]
    words = sum(len(a.body.split()) for a in articles)
    sentence_splitter()  # spaCy's one-off start-up is not extraction
    extract(articles[0])
    started = time.perf_counter()
    claims = sum(len(extract(article).claims) for article in articles)
    seconds = time.perf_counter() - started
    print(f"{len(articles)} articles, {words} words, {claims} claims in {seconds:.3f} s: "
          f"{words / seconds:,.0f} words/s, {claims / seconds:,.0f} claims/s")


if __name__ == "__main__":
    main(sys.argv[1:] or [str(ROOT / "tests" / "gold"), str(ROOT / "seeds")])
