"""Quality gate: floors on the gold data, recorded with the sha256 of the gold files they were measured on.

Floors are raised as quality improves, never lowered silently: if the gold data changes (its hash), the floors
must be re-measured and this file updated in the same commit, saying why.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from rasd.evaluation.events import evaluate as evaluate_events
from rasd.evaluation.places import evaluate as evaluate_places
from rasd.evaluation.plover import evaluate as evaluate_plover
from tests.conftest import shared_path

# measured 2026-11-26 on ../shared/eval/dev (30 articles): recall 0.995, accuracy 1.000, outlet FP 1; after the
# step 4 pass recall 0.990, precision 0.733, accuracy 1.000; after the second pass precision 0.774 (a country's
# name with the article is its adjective: "المعارضة السورية")
GOLD_DEV_SHA256 = "aa20454d15e0b809710a804c68305501807e4c4350196c1cca198e542a59a6ac"
PLACE_FLOORS = {"mention_recall": 0.97, "place_accuracy": 0.95, "mention_precision": 0.75}
MAX_OUTLET_FALSE_POSITIVES = 1
# measured on the same data (2026-11-26, fourth step 4 quality pass): F1 0.856 (P 0.871, R 0.841), sub-type
# 1.000, actor1 0.946, actor2 0.865, fatalities exact 0.919, claims F1 0.764 (P 0.677, R 0.875); PLOVER 0.972.
# (third pass: F1 0.800, P 0.783, R 0.818, actor1 0.889, actor2 0.861, claims F1 0.602; second pass: F1 0.789,
# P 0.753, R 0.830, actor1 0.877, actor2 0.794, claims F1 0.607; first pass: F1 0.726, actor1 0.768, actor2 0.652,
# claims F1 0.541; first version: F1 0.486, P 0.377, R 0.682, sub-type 0.883, actor1 0.683, actor2 0.333, claims
# F1 0.253). Recall moved 0.830 → 0.818 in the third pass when an undated headline event gave way to the dated
# body event: the headline's publication-day date had matched a different gold event of that type.
EVENT_FLOORS = {
    "f1": 0.84,
    "precision": 0.85,
    "recall": 0.82,
    "subtype_accuracy": 0.97,
    "actor1_accuracy": 0.93,
    "actor2_accuracy": 0.85,
    "fatalities_exact": 0.90,
    "claims_f1": 0.74,
}
PLOVER_FLOOR = 0.95
# incident merging on eval/incidents/saudinewsnet-2015.tsv over the whole SaudiNewsNet Syria-violence file
# (measured 2026-11-26): pairwise P 0.971, R 0.631, recall where both articles yielded the event 0.811
# (42 of the 49 gold mentions yield an event). Re-measured after the step 4 quality pass: P 0.947, R 0.567,
# extracted-pair recall 0.724 (43 mentions yield an event). The extracted-pair floor moved from 0.75 to 0.70,
# not because merging got worse but because extraction stopped writing wrong events that had bridged reports of
# the Suruç bombing: "سقوط 30 قتيلاً" (30 killed) was read as a town "falling" (Non-state actor overtakes
# territory at سوروتش, toll 30), and the Kobani car bomb was placed at سوروتش. With those gone, the mentions of
# that incident meet only through their real (and differently dated: the corpus dates are crawl dates) events.
# Then reading a sentence's most precise date ("في وقت سابق من يوم أمس الخميس" → أمس الخميس) re-dated two later
# reports of the Suruç bombing correctly to 20 July; they found a second Suruç incident (their actor1 differs)
# that now draws some same-day mentions: P 0.944, R 0.541, extracted-pair recall 0.691. The merge rules did not
# change; on 157 pairs these figures move by ±0.05 with any change in extraction, so the recall floors sit
# below them: 0.52 and 0.66. After the second quality pass (2026-11-26): P 0.966, R 0.535, extracted-pair
# recall 0.683 — the Suruç reports meet again through the attributed perpetrator ("نُسب إلى تنظيم داعش"). After
# the third: P 0.965, R 0.529, extracted-pair recall 0.675 (a toll — "قتلى", the dead — is no attack of its own).
INCIDENT_GROUPS = Path(__file__).parent.parent / "eval" / "incidents" / "saudinewsnet-2015.tsv"
INCIDENT_GROUPS_SHA256 = "262ef93c7a5282963d136622a0d422a428dbd1944cd581290144b36e4fdb3dce"
INCIDENT_FLOORS = {"pairwise_precision": 0.90, "pairwise_recall": 0.52, "pairwise_recall_extracted": 0.66}


def gold_hash(directory: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(directory.glob("*.json")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


@pytest.fixture(scope="module")
def dev() -> Path:
    return shared_path("eval", "dev")


def test_gate_gold_data_is_the_measured_one(dev: Path) -> None:
    assert gold_hash(dev) == GOLD_DEV_SHA256, "gold data changed: re-measure the floors below"


def test_gate_places(dev: Path) -> None:
    total = evaluate_places(dev)["total"]
    for metric, floor in PLACE_FLOORS.items():
        assert total[metric] >= floor, f"{metric} {total[metric]:.3f} fell below its floor {floor}"
    assert total["outlet_false_positives"] <= MAX_OUTLET_FALSE_POSITIVES


def test_gate_events_and_claims(dev: Path) -> None:
    total = evaluate_events(dev)["total"]
    for metric, floor in EVENT_FLOORS.items():
        assert total[metric] >= floor, f"{metric} {total[metric]:.3f} fell below its floor {floor}"


def test_gate_plover() -> None:
    report = evaluate_plover(shared_path("eval", "plover-ar"))
    assert report["sentences"] == 645
    assert report["accuracy"] >= PLOVER_FLOOR


def test_gate_incident_merging() -> None:
    from rasd.evaluation.incidents import evaluate_groups

    assert hashlib.sha256(INCIDENT_GROUPS.read_bytes()).hexdigest() == INCIDENT_GROUPS_SHA256, (
        "incident gold groups changed: re-measure the floors"
    )
    corpus = shared_path("corpus", "saudinewsnet-syria-violence.jsonl")
    report = evaluate_groups(INCIDENT_GROUPS, [str(corpus)])
    for metric, floor in INCIDENT_FLOORS.items():
        assert report[metric] >= floor, f"{metric} {report[metric]:.3f} fell below its floor {floor}"
