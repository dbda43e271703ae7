// Judges each stdin line (a JSON string literal) with one ajv-formats format and prints "true" or "false" per line,
// so .NET tests can check that what our EPCIS code accepts as a "uri" or "date-time" is what the schema validator
// accepts.   node format-lines.mjs uri|date-time < lines
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { fullFormats } = require("ajv-formats/dist/formats");

const name = process.argv[2];
const format = fullFormats[name];
if (!format) {
  process.stderr.write(`format-lines: unknown format ${name}\n`);
  process.exit(2);
}

// A format is a function, a RegExp, or {validate, compare} whose validate is one of those.
const validate = typeof format === "object" && !(format instanceof RegExp) ? format.validate : format;
const test = validate instanceof RegExp ? (s) => validate.test(s) : validate;
const lines = readFileSync(0, "utf8").split("\n");
if (lines.at(-1) === "") {
  lines.pop();
}

process.stdout.write(lines.map((line) => String(test(JSON.parse(line)))).join("\n") + (lines.length > 0 ? "\n" : ""));
