"""Upload benchmark: stream a large generated file through S3Storage.put and measure memory.

Run from the repository root (moto runs as a separate process, so only the uploader is
measured):

    .venv/bin/python -m bench.storage_upload --size-mb 300
"""

from __future__ import annotations

import argparse
import hashlib
import os
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from learning.storage.store import S3Storage, new_key
from tests.support.s3 import dummy_aws_credentials, make_bucket, start_moto_process

MiB = 1024 * 1024
TARGET_MIB = 64
_BLOCK = MiB


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; return 0 when peak memory growth stays under the target, else 1."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mb", type=int, default=1024, help="file size in MiB")
    parser.add_argument("--part-size-mb", type=int, default=8, help="multipart part size")
    parser.add_argument("--threshold-mb", type=int, default=8, help="multipart threshold")
    parser.add_argument("--dir", type=Path, default=None, help="where to write the test file")
    args = parser.parse_args(argv)

    with dummy_aws_credentials(), tempfile.TemporaryDirectory(dir=args.dir) as workdir:
        path = Path(workdir) / "upload.bin"
        expected = generate(path, args.size_mb * MiB)
        moto, endpoint_url = start_moto_process()
        try:
            make_bucket(endpoint_url, "bench")
            storage = S3Storage(
                "bench",
                endpoint_url=endpoint_url,
                region="us-east-1",
                multipart_threshold=args.threshold_mb * MiB,
                part_size=args.part_size_mb * MiB,
                read_timeout=120,
            )
            return measure(storage, path, expected, args.part_size_mb)
        finally:
            moto.terminate()
            moto.wait()


def generate(path: Path, size: int) -> str:
    """Write ``size`` random bytes a block at a time (bounded memory); return their SHA-256."""
    digest = hashlib.sha256()
    with path.open("wb") as out:
        remaining = size
        while remaining:
            block = os.urandom(min(_BLOCK, remaining))
            digest.update(block)
            out.write(block)
            remaining -= len(block)
    return digest.hexdigest()


def measure(storage: S3Storage, path: Path, expected: str, part_size_mb: int) -> int:
    """Upload ``path`` once, print the figures, and check size and hash."""
    size = path.stat().st_size
    key = new_key("bench")
    rss_before = _peak_rss_mib()
    tracemalloc.start()
    started = time.perf_counter()
    with path.open("rb") as stream:
        result = storage.put(key, stream, "application/octet-stream")
    seconds = time.perf_counter() - started
    traced_peak = tracemalloc.get_traced_memory()[1] / MiB
    tracemalloc.stop()
    growth = _peak_rss_mib() - rss_before

    print(f"size:               {size / MiB:.0f} MiB ({size} bytes), parts of {part_size_mb} MiB")
    print(f"upload:             {seconds:.1f} s, {size / MiB / seconds:.1f} MiB/s")
    peak_after = rss_before + growth
    print(f"peak RSS growth:    {growth:.1f} MiB (ru_maxrss {rss_before:.1f} -> {peak_after:.1f})")
    print(f"peak Python allocs: {traced_peak:.1f} MiB (tracemalloc, during put)")
    print("moto ran in a separate process: its memory is not counted above.")
    if result.size != size or result.sha256 != expected or storage.size(key) != size:
        print("FAILED: stored size or hash differs from the file")
        return 1
    print("stored size and SHA-256 match the file.")
    verdict = "OK" if growth < TARGET_MIB else "OVER"
    print(f"target: peak RSS growth < {TARGET_MIB} MiB: {verdict}")
    return 0 if growth < TARGET_MIB else 1


def _peak_rss_mib() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # Linux reports KiB, macOS bytes.
    return peak / MiB if sys.platform == "darwin" else peak / 1024


if __name__ == "__main__":
    sys.exit(main())
