"""Checks a soothe FHIR export against the FHIR R4 (4.0.1) models of `fhir.resources`, then
the codes the models leave open: LOINC and UCUM pairs, statuses, references inside the
bundle. Prints a JSON summary (counts per resource type and code) for the Rust test to
assert; exits 1 with the reasons when something is wrong.

Usage: check_fhir.py BUNDLE.json
"""

import json
import sys

import fhir.resources
from fhir.resources.bundle import Bundle

LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
MASSAGE = "urn:soothe:massage-routine"
# LOINC code -> the UCUM unit soothe must use with it.
MEASURES = {"29463-7": "kg", "8306-3": "cm", "9843-4": "cm", "8310-5": "Cel", "93832-4": "h"}
# The R4 value sets of the statuses (ObservationStatus, EventStatus) and genders.
OBSERVATION_STATUS = {"registered", "preliminary", "final", "amended", "corrected",
                      "cancelled", "entered-in-error", "unknown"}
PROCEDURE_STATUS = {"preparation", "in-progress", "not-done", "on-hold", "stopped",
                    "completed", "entered-in-error", "unknown"}
GENDER = {"male", "female", "other", "unknown"}


def main(path):
    problems = []
    if fhir.resources.__fhir_version__ != "4.0.1":
        problems.append(f"the models are FHIR {fhir.resources.__fhir_version__}, not R4 4.0.1")
    with open(path, encoding="utf-8") as f:
        raw = json.load(f)
    bundle = Bundle.parse_obj(raw)  # raises on any structural error
    if bundle.type != "collection":
        problems.append(f"bundle type {bundle.type}")
    urls = {}
    summary = {"resources": {}, "codes": {}, "patients": []}
    for i, entry in enumerate(bundle.entry or []):
        r = entry.resource
        kind = r.resource_type
        summary["resources"][kind] = summary["resources"].get(kind, 0) + 1
        if entry.fullUrl != f"urn:uuid:{r.id}":
            problems.append(f"entry {i}: fullUrl {entry.fullUrl} is not urn:uuid:{r.id}")
        urls[entry.fullUrl] = kind
    for i, entry in enumerate(bundle.entry or []):
        r = entry.resource
        kind = r.resource_type
        where = f"entry {i} ({kind} {r.id})"
        if kind == "Patient":
            if r.gender not in GENDER:
                problems.append(f"{where}: gender {r.gender}")
            summary["patients"].append({"gender": r.gender, "birthDate": str(r.birthDate),
                                        "name": r.name[0].text if r.name else None})
            continue
        ref = r.subject.reference if r.subject else None
        if urls.get(ref) != "Patient":
            problems.append(f"{where}: subject {ref} is not the bundle's Patient")
        coding = r.code.coding[0]
        if kind == "Observation":
            if r.status not in OBSERVATION_STATUS:
                problems.append(f"{where}: status {r.status}")
            if coding.system != LOINC or coding.code not in MEASURES:
                problems.append(f"{where}: code {coding.system} {coding.code}")
                continue
            q = r.valueQuantity
            if q is None or q.system != UCUM or q.code != MEASURES[coding.code]:
                problems.append(f"{where}: quantity {q and (q.system, q.code)} for {coding.code}")
            if q is not None and q.value is not None and q.value <= 0:
                problems.append(f"{where}: value {q.value}")
            if r.effectiveDateTime is None and r.effectivePeriod is None:
                problems.append(f"{where}: no effective time")
            key = coding.code
        elif kind == "Procedure":
            if r.status not in PROCEDURE_STATUS:
                problems.append(f"{where}: status {r.status}")
            if coding.system != MASSAGE:
                problems.append(f"{where}: code system {coding.system}")
            p = r.performedPeriod
            if p is None or p.end < p.start:
                problems.append(f"{where}: performed {p}")
            key = f"massage:{coding.code}"
        else:
            problems.append(f"{where}: unexpected resource type")
            continue
        summary["codes"][key] = summary["codes"].get(key, 0) + 1
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 1
    print(json.dumps(summary, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
