"""Checks a soothe household export: the JSON document against docs/export.schema.json
(JSON Schema 2020-12, with formats checked), and, when given, the CSV zip against the
document: one file per kind of event, a header naming the kind's fields, one row per event
of that kind with the same id, baby and author, members.csv and babies.csv. Prints a JSON
summary (counts) for the Rust test to assert; exits 1 with the reasons when something is
wrong.

Usage: check_export.py SCHEMA.json EXPORT.json [EXPORT.zip]
"""

import csv
import io
import json
import sys
import zipfile

import jsonschema


def main(schema_path, export_path, zip_path=None):
    with open(schema_path, encoding="utf-8") as f:
        schema = json.load(f)
    with open(export_path, encoding="utf-8") as f:
        doc = json.load(f)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    problems = [f"{'/'.join(map(str, e.absolute_path)) or '(document)'}: {e.message}"
                for e in validator.iter_errors(doc)]
    kinds = {}
    for e in doc["events"]:
        kinds.setdefault(e["kind"], []).append(e)
    summary = {"events": {k: len(v) for k, v in sorted(kinds.items())},
               "babies": len(doc["babies"]), "members": len(doc["members"])}
    if zip_path:
        with zipfile.ZipFile(zip_path) as z:
            bad = z.testzip()
            if bad:
                problems.append(f"{bad}: bad CRC")
            names = set(z.namelist())
            summary["files"] = sorted(names)
            for kind, events in kinds.items():
                name = f"{kind}.csv"
                if name not in names:
                    problems.append(f"{name} is missing")
                    continue
                rows = list(csv.DictReader(io.TextIOWrapper(z.open(name), encoding="utf-8")))
                if len(rows) != len(events):
                    problems.append(f"{name}: {len(rows)} rows for {len(events)} events")
                by_id = {r["id"]: r for r in rows}
                for e in events:
                    r = by_id.get(e["id"])
                    if r is None:
                        problems.append(f"{name}: event {e['id']} is missing")
                        continue
                    for column in ("baby", "kind"):
                        if r[column] != e[column]:
                            problems.append(f"{name}: {e['id']} {column} {r[column]!r} != {e[column]!r}")
                    if r["logged_by"] != e.get("logged_by", ""):
                        problems.append(f"{name}: {e['id']} logged_by {r['logged_by']!r}")
            for name, count in (("members.csv", len(doc["members"])), ("babies.csv", len(doc["babies"]))):
                rows = list(csv.DictReader(io.TextIOWrapper(z.open(name), encoding="utf-8")))
                if len(rows) != count:
                    problems.append(f"{name}: {len(rows)} rows for {count}")
    if problems:
        print("\n".join(problems[:40]), file=sys.stderr)
        sys.exit(1)
    print(json.dumps(summary))


if __name__ == "__main__":
    main(*sys.argv[1:])
