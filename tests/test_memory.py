"""The writer gives freed memory back to the system (glibc's malloc_trim)."""
import ctypes

import pytest

from datasette_claims import memory, workers

MB = 2**20


def resident_mb() -> float:
    with open("/proc/self/status") as status:
        return int(next(line for line in status if line.startswith("VmRSS:")).split()[1]) / 1024


@pytest.mark.skipif(memory.MALLOC_TRIM is None, reason="only glibc has malloc_trim")
def test_freed_memory_held_by_malloc_goes_back_to_the_system():
    libc = ctypes.CDLL(None)
    libc.malloc.restype, libc.malloc.argtypes = ctypes.c_void_p, [ctypes.c_size_t]
    libc.free.argtypes = [ctypes.c_void_p]
    # 128 MB in blocks small enough for the heap (not mmap), each written so it is resident
    blocks = [libc.malloc(64 * 1024) for _ in range(2048)]
    for block in blocks:
        ctypes.memset(block, 1, 64 * 1024)
    for block in blocks[:-1]:  # the last one pins the heap's top: free memory stays below it
        libc.free(block)
    held = resident_mb()
    assert memory.give_back_freed_memory() is True
    assert held - resident_mb() > 100
    libc.free(blocks[-1])


def test_without_malloc_trim_nothing_is_done(monkeypatch):
    monkeypatch.setattr(memory, "MALLOC_TRIM", None)
    assert memory.give_back_freed_memory() is False


def test_a_worker_gives_back_freed_memory_before_each_task(monkeypatch):
    calls = []
    monkeypatch.setattr(workers, "give_back_freed_memory", lambda: calls.append("given back"))
    assert workers.after_giving_back_memory(lambda *args: calls.append(args) or "done", 2, "x") == "done"
    assert calls == ["given back", (2, "x")]
