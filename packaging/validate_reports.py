"""Validates what `execplan-ls check` writes for CI against schemas, and the JSON Schema of
`.execplan.toml` against real configuration:

- `--format junit` against packaging/schemas/junit.xsd (xmlschema), plus the counts a
  schema cannot check (tests = cases = rules per plan, failures = <failure> elements);
- `--format gitlab` against packaging/schemas/gitlab-code-quality.schema.json (jsonschema),
  plus unique fingerprints;
- `--format sarif` against packaging/schemas/sarif-2.1.0-subset.schema.json, plus each
  result's ruleIndex naming its ruleId;
- each report holding exactly the findings of `--format json`;
- the README's `.execplan.toml` example and this repository's own against
  docs/execplan.schema.json, with jsonschema and with taplo (the TOML toolkit behind Even
  Better TOML), and a broken file rejected by both.

    python3 packaging/validate_reports.py --binary target/release/execplan-ls \
        [--taplo PATH] [PATHS TO CHECK …]

The schemas under packaging/schemas/ were written for this project (see each one's
description). Exits 0 when everything validates.
"""

import argparse
import json
import pathlib
import subprocess
import sys
import tempfile
import tomllib
import xml.etree.ElementTree as ET

import jsonschema
import xmlschema

REPO = pathlib.Path(__file__).resolve().parent.parent
SCHEMAS = REPO / "packaging" / "schemas"
failures = []


def check(ok, what, detail=""):
    print(("PASS: " if ok else "FAIL: ") + what + (f" ({detail})" if detail and not ok else ""))
    if not ok:
        failures.append(what)


def run(binary, fmt, paths, cwd):
    done = subprocess.run([binary, "check", "--format", fmt, *paths], cwd=cwd,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if done.returncode not in (0, 1):
        sys.exit(f"validate_reports: check --format {fmt} exited {done.returncode}: {done.stderr}")
    return done.stdout, done.returncode


def json_errors(schema, instance):
    validator = jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker())
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(instance)]


def validate_reports(binary, paths, label, rule_count, cwd=REPO):
    """Checks `paths` from `cwd` (CI runs at the repository root) in every format."""
    findings, _ = run(binary, "json", paths, cwd)
    findings = json.loads(findings)
    expected = sorted((f["path"].removeprefix("./"), f["code"], f["line"], f["message"]) for f in findings)

    text, status = run(binary, "junit", paths, cwd)
    schema = xmlschema.XMLSchema(SCHEMAS / "junit.xsd")
    problems = [str(e.reason) for e in schema.iter_errors(text)]
    check(not problems, f"{label}: JUnit validates against junit.xsd", "; ".join(problems[:3]))
    root = ET.fromstring(text)
    suites = root.findall("testsuite")
    counts_ok = all(
        len(s.findall("testcase")) == int(s.get("tests")) == rule_count
        and len(s.findall("testcase/failure")) == int(s.get("failures"))
        for s in suites
    ) and int(root.get("tests")) == rule_count * len(suites) \
        and int(root.get("failures")) == len(root.findall("testsuite/testcase/failure"))
    check(counts_ok, f"{label}: JUnit has {len(suites)} suites of {rule_count} cases, counts agree")
    listed = sum(
        len([l for l in (e.text or "").splitlines() if l.strip()])
        for e in root.iter() if e.tag in ("failure", "system-out")
    )
    check(listed == len(findings), f"{label}: JUnit lists every finding ({listed} of {len(findings)})")
    check((int(root.get("failures")) > 0) <= (status == 1), f"{label}: a JUnit failure means exit 1")

    text, _ = run(binary, "gitlab", paths, cwd)
    issues = json.loads(text)
    problems = json_errors(json.loads((SCHEMAS / "gitlab-code-quality.schema.json").read_text()), issues)
    check(not problems, f"{label}: GitLab Code Quality validates ({len(issues)} issues)", "; ".join(problems[:3]))
    fingerprints = [i["fingerprint"] for i in issues]
    check(len(set(fingerprints)) == len(fingerprints), f"{label}: GitLab fingerprints are unique")
    got = sorted((i["location"]["path"], i["check_name"], i["location"]["lines"]["begin"], i["description"]) for i in issues)
    check(got == expected, f"{label}: GitLab holds the findings of --format json")

    text, _ = run(binary, "sarif", paths, cwd)
    log = json.loads(text)
    problems = json_errors(json.loads((SCHEMAS / "sarif-2.1.0-subset.schema.json").read_text()), log)
    check(not problems, f"{label}: SARIF validates against the 2.1.0 subset schema", "; ".join(problems[:3]))
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    results = log["runs"][0]["results"]
    check(len(rules) == rule_count and all(rules[r["ruleIndex"]]["id"] == r["ruleId"] for r in results),
          f"{label}: SARIF ruleIndex names each result's ruleId")
    got = sorted((r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], r["ruleId"],
                  r["locations"][0]["physicalLocation"]["region"]["startLine"], r["message"]["text"]) for r in results)
    check(got == expected, f"{label}: SARIF holds the findings of --format json ({len(results)})")


def readme_example():
    lines = (REPO / "README.md").read_text().splitlines()
    start = next(i for i, l in enumerate(lines) if "`.execplan.toml`, found by walking up" in l) + 1
    while not lines[start].strip():
        start += 1
    block = []
    for line in lines[start:]:
        if line.startswith("    ") or not line.strip():
            block.append(line[4:])
        else:
            break
    return "\n".join(block)


def validate_config(binary, taplo):
    printed = subprocess.run([binary, "schema", "--json-schema"], stdout=subprocess.PIPE, text=True, check=True).stdout
    committed = (REPO / "docs" / "execplan.schema.json").read_text()
    check(printed == committed, "schema --json-schema prints docs/execplan.schema.json")
    schema = json.loads(committed)
    jsonschema.Draft7Validator.check_schema(schema)
    broken = '[rules]\nplaceholder = "loud"\nno-such-rule = "off"\n'
    cases = [("the README's example", readme_example(), True),
             ("this repository's .execplan.toml", (REPO / ".execplan.toml").read_text(), True),
             ("a file with an unknown rule and level", broken, False)]
    with tempfile.TemporaryDirectory() as scratch:
        for name, text, valid in cases:
            problems = json_errors(schema, tomllib.loads(text))
            check((not problems) == valid, f"jsonschema: {name} {'validates' if valid else 'is rejected'}", "; ".join(problems))
            if taplo:
                path = pathlib.Path(scratch) / ".execplan.toml"
                path.write_text(text)
                done = subprocess.run([taplo, "check", "--schema", (REPO / "docs" / "execplan.schema.json").as_uri(), str(path)],
                                      stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
                check((done.returncode == 0) == valid, f"taplo: {name} {'validates' if valid else 'is rejected'}", done.stdout[-500:])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--taplo")
    parser.add_argument("paths", nargs="*")
    args = parser.parse_args()
    binary = str(pathlib.Path(args.binary).resolve())
    rule_count = len(json.loads(subprocess.run([binary, "schema", "--json-schema"], stdout=subprocess.PIPE,
                                               check=True).stdout)["properties"]["rules"]["properties"])
    validate_reports(binary, ["examples/broken-plan.md", "examples/sample-plan.md"], "examples", rule_count)
    for path in args.paths:
        validate_reports(binary, ["."], path, rule_count, cwd=pathlib.Path(path).resolve())
    validate_config(binary, args.taplo)
    print(f"reports: {len(failures)} failed")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
