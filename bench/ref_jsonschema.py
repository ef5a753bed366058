#!/usr/bin/python3
# ref_jsonschema.py: reference row for `make bench`: python3-jsonschema
# (Debian) validating the same record files against the same schemas.
# Reads file paths on standard input; prints "FILES INVALID".
# YAML is read with PyYAML's C loader, minus YAML 1.1 timestamps (netsync
# follows the 1.2 core schema: dates are strings).
import sys
import yaml
import jsonschema

SCHEMA_DIR = sys.argv[1]


class Loader(yaml.CSafeLoader if hasattr(yaml, "CSafeLoader")
             else yaml.SafeLoader):
    pass


Loader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load(path):
    with open(path, "rb") as f:
        return yaml.load(f, Loader=Loader)


store = {}
for name in ("common", "meeting", "followup", "federation"):
    s = load("%s/%s.yaml" % (SCHEMA_DIR, name))
    store[s["$id"]] = s
cls = jsonschema.Draft202012Validator
validators = {}
for kind in ("meeting", "followup", "federation"):
    s = store["https://netsync.dev/schema/%s.yaml" % kind]
    resolver = jsonschema.RefResolver.from_schema(s, store=store)
    validators[kind] = cls(s, resolver=resolver,
                           format_checker=cls.FORMAT_CHECKER)
files = bad = 0
for line in sys.stdin:
    path = line.rstrip("\n")
    doc = load(path)
    files += 1
    v = validators.get(doc.get("kind") if isinstance(doc, dict) else None)
    if v is None or next(v.iter_errors(doc), None) is not None:
        bad += 1
        if bad <= 3:
            err = next(v.iter_errors(doc)) if v else "no kind"
            print("%s: %s" % (path, err), file=sys.stderr)
print(files, bad)
