from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
SEED = ROOT / "seeds" / "000_1499b85d5e9ca7ec.txt"


@pytest.fixture
def seed_path():
    return str(SEED)
