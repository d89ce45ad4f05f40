"""`python -m orchestration.synthetic generate N --out DIR [--seed S] [--inconsistency-share F]`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .corpus import MANIFEST, generate


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m orchestration.synthetic")
    sub = parser.add_subparsers(dest="command", required=True)
    gen = sub.add_parser("generate", help="write N synthetic documents and their manifest")
    gen.add_argument("n", type=int, help="number of documents")
    gen.add_argument("--out", type=Path, required=True, help="folder to write into")
    gen.add_argument("--seed", type=int, default=0)
    gen.add_argument("--inconsistency-share", type=float, default=0.05,
                     help="share of documents that get one injected inconsistency")
    args = parser.parse_args(argv)
    if args.n < 1 or not 0 <= args.inconsistency_share <= 1:
        parser.error("N must be positive and the share between 0 and 1")
    paths = generate(args.n, args.out, args.seed, args.inconsistency_share)
    print(f"wrote {len(paths)} documents to {args.out} (injections listed in {MANIFEST})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
