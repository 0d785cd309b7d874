"""Checks workflows/schema.json against the shipped definitions and the broken fixtures.

Every shipped definition must validate; every fixture whose mistake is structural must not.
Run by `make test` with the project's .venv (jsonschema, PyYAML).
"""
import json
import pathlib
import sys

import jsonschema
import yaml

ROOT = pathlib.Path(__file__).resolve().parents[2]
SCHEMA = json.loads((ROOT / "workflows" / "schema.json").read_text(encoding="utf-8"))
jsonschema.Draft202012Validator.check_schema(SCHEMA)
validator = jsonschema.Draft202012Validator(SCHEMA)

# Fixtures whose mistake a schema can see (the rest need the compiler: reachability, extends...).
STRUCTURAL = [
    "unknown-key", "bad-duration", "bad-portal-status", "wrong-type", "unknown-role",
    "bad-national-code", "unknown-field", "bad-clock", "missing-procedure-name",
]

passed = failed = 0


def check(name, ok, detail=""):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print(f"FAIL {name} {detail}")


shipped = sorted((ROOT / "workflows").rglob("*.yaml"))
check("shipped files found", len(shipped) >= 6, str(len(shipped)))
for path in shipped:
    errors = list(validator.iter_errors(yaml.safe_load(path.read_text(encoding="utf-8"))))
    check(f"valid: {path.relative_to(ROOT)}", not errors, "; ".join(e.message for e in errors[:3]))

broken = ROOT / "Tests" / "MotCuaCoreTests" / "Fixtures" / "broken"
for name in STRUCTURAL:
    document = yaml.safe_load((broken / f"{name}.yaml").read_text(encoding="utf-8"))
    check(f"invalid: {name}", not validator.is_valid(document))

# The OpenAPI document the server serves must be valid OpenAPI 3.1.
from openapi_spec_validator import validate as validate_openapi  # noqa: E402

openapi = yaml.safe_load((ROOT / "Sources" / "MotCuaServer" / "Resources" / "openapi.yaml").read_text(encoding="utf-8"))
try:
    validate_openapi(openapi)
    check("openapi.yaml is valid OpenAPI 3.1", openapi.get("openapi") == "3.1.0")
except Exception as error:  # the validator's own exception types vary by version
    check("openapi.yaml is valid OpenAPI 3.1", False, str(error)[:300])

print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
