"""A locked record: canonical JSON, a stable SHA-256, and verification that notices any change."""

from __future__ import annotations

import copy
import hashlib
import json
from decimal import Decimal as D

import pytest

from cirkular.core.evaluation import parse_model
from cirkular.core.evaluation.record import HASH_FIELD, VerifyCode, canonical, dumps, lock, verify
from tests.core.evaluation.support import load_example


def test_canonical_json_sorts_keys_and_writes_decimals_as_strings() -> None:
    assert canonical({"b": D("1.50"), "a": [1, "x", None, True]}) == b'{"a":[1,"x",null,true],"b":"1.50"}'
    assert canonical({"namn": "Återbruk"}) == '{"namn":"Återbruk"}'.encode()
    with pytest.raises(TypeError):
        canonical({"price": 1.5})


def test_the_hash_is_stable_and_covers_everything_but_itself() -> None:
    model = parse_model(load_example("weighted-relative.json"))
    a, b = lock(model), lock(parse_model(load_example("weighted-relative.json")))
    assert a == b
    body = {k: v for k, v in a.items() if k != HASH_FIELD}
    assert a[HASH_FIELD] == hashlib.sha256(canonical(body)).hexdigest()
    assert lock(model, {"case": "2025-17"})[HASH_FIELD] != a[HASH_FIELD]
    # no floats anywhere: money and points are strings
    assert a["results"]["evaluation"]["tenders"][0]["comparison"] == "84.00"


@pytest.mark.parametrize("name", ["weighted-relative.json", "value-deduction.json", "lcc.json", "priced-co2.json"])
def test_a_fresh_record_verifies_also_after_a_round_trip_through_a_file(name: str) -> None:
    record = lock(parse_model(load_example(name)))
    assert verify(record).ok
    again = json.loads(dumps(record), parse_float=D)
    check = verify(again)
    assert check.ok and check.computed_hash == record[HASH_FIELD]


def codes(record: object) -> list[VerifyCode]:
    return [code for code, _ in verify(record).problems]


def test_verify_notices_a_changed_input() -> None:
    record = lock(parse_model(load_example("weighted-relative.json")))
    record["inputs"]["tenders"][2]["price"] = "530000"
    assert not verify(record).ok
    assert codes(record)[0] is VerifyCode.HASH_MISMATCH
    assert VerifyCode.RESULTS_DIFFER in codes(record)


def test_verify_notices_a_changed_result_and_says_where() -> None:
    record = lock(parse_model(load_example("value-deduction.json")))
    tampered = copy.deepcopy(record)
    tampered["results"]["evaluation"]["tenders"][0]["comparison"] = "420000.00"
    check = verify(tampered)
    assert not check.ok
    assert (VerifyCode.RESULTS_DIFFER, "results.evaluation.tenders[0].comparison") in check.problems
    # rewriting the hash too does not help: recomputing from the inputs gives the old results
    from cirkular.core.evaluation.record import seal

    tampered[HASH_FIELD] = seal(tampered)
    check = verify(tampered)
    assert not check.ok and [c for c, _ in check.problems] == [VerifyCode.RESULTS_DIFFER]


def test_verify_notices_a_changed_hash_and_malformed_records() -> None:
    record = lock(parse_model(load_example("lowest-price.json")))
    record[HASH_FIELD] = "0" * 64
    assert codes(record) == [VerifyCode.HASH_MISMATCH]
    assert codes({"format": "x"}) == [VerifyCode.MALFORMED] * 3
    assert codes([1]) == [VerifyCode.MALFORMED]
    broken = lock(parse_model(load_example("lowest-price.json")))
    broken["inputs"]["tenders"][0]["price"] = D("-1")
    assert VerifyCode.INPUTS_INVALID in codes(broken)
    floats = lock(parse_model(load_example("lowest-price.json")))
    floats["inputs"]["tenders"][0]["price"] = 1.5
    assert codes(floats) == [VerifyCode.MALFORMED]
