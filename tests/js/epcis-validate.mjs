// Validates EPCIS 2.0 JSON documents against the GS1 EPCIS JSON schema with ajv (the draft the schema declares)
// and ajv-formats, printing one JSON line per document: {"file": ..., "valid": true|false, "errors": [...]}.
//
//   node epcis-validate.mjs SCHEMA FILE...     validate each file
//   node epcis-validate.mjs SCHEMA < lines     validate each stdin line as one document ("file" is "stdin:N")
//
// Exit status is 0 when every document was read and judged (valid or not); 2 on a usage or I/O error, so a caller
// can tell "invalid document" (a result) from "the check did not run" (a failure).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const addFormats = require("ajv-formats");

function fail(message) {
  process.stderr.write(`epcis-validate: ${message}\n`);
  process.exit(2);
}

const [schemaPath, ...files] = process.argv.slice(2);
if (!schemaPath) {
  fail("usage: node epcis-validate.mjs SCHEMA [FILE...]");
}

const schema = JSON.parse(readFileSync(schemaPath, "utf8"));
const draft = String(schema.$schema ?? "");
let AjvClass;
if (draft.includes("2020-12")) {
  AjvClass = require("ajv/dist/2020").default;
} else if (draft.includes("2019-09")) {
  AjvClass = require("ajv/dist/2019").default;
} else if (draft.includes("draft-07") || draft === "") {
  AjvClass = require("ajv").default;
} else {
  fail(`unsupported $schema ${draft}`);
}

// allErrors: report everything wrong at once. Strict mode stays on (the GS1 schema compiles under it), so a keyword
// ajv does not know fails loudly instead of being skipped.
const ajv = new AjvClass({ allErrors: true });
addFormats(ajv);
const validate = ajv.compile(schema);

function judge(name, text) {
  let doc;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    return { file: name, valid: false, errors: [{ instancePath: "", message: `not JSON: ${e.message}` }] };
  }
  const valid = validate(doc);
  const errors = valid ? [] : validate.errors.map(({ instancePath, schemaPath, keyword, params, message }) => ({ instancePath, schemaPath, keyword, params, message }));
  return { file: name, valid, errors };
}

const out = [];
if (files.length > 0) {
  for (const file of files) {
    let text;
    try {
      text = readFileSync(file, "utf8");
    } catch (e) {
      fail(`cannot read ${file}: ${e.message}`);
    }
    out.push(judge(file, text));
  }
} else {
  const lines = readFileSync(0, "utf8").split("\n");
  if (lines.at(-1) === "") {
    lines.pop();
  }
  lines.forEach((line, i) => out.push(judge(`stdin:${i}`, line)));
}

process.stdout.write(out.map((r) => JSON.stringify(r)).join("\n") + (out.length > 0 ? "\n" : ""));
