"""Check or update the sha256 of every file in src/rasd/data/catalogue.json (not shipped).

python tools/catalogue.py            # verify; exit 1 on a mismatch
python tools/catalogue.py --update   # after a reviewed edit: re-hash every listed file
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "src" / "rasd" / "data"


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--update", action="store_true", help="rewrite the sha256 fields")
    args = parser.parse_args()
    path = DATA / "catalogue.json"
    catalogue = json.loads(path.read_text(encoding="utf-8"))
    bad = 0
    for relpath, entry in sorted(catalogue["files"].items()):
        actual = hashlib.sha256((DATA / relpath).read_bytes()).hexdigest()
        if actual != entry.get("sha256"):
            if args.update:
                entry["sha256"] = actual
                print(f"updated {relpath}")
            else:
                bad += 1
                print(f"MISMATCH {relpath}: catalogue {entry.get('sha256')} actual {actual}")
    if args.update:
        path.write_text(json.dumps(catalogue, ensure_ascii=False, indent=1, sort_keys=True) + "\n", "utf-8")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
