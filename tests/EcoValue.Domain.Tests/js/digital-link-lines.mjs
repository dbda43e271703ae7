// Conformance oracle for GS1 Digital Links: reads one JSON request per line on stdin ({"link":"https://…"}) and prints
// one JSON answer per line, using the pinned digital-link.js (GS1 Digital Link toolkit, ABNF grammar + check digit):
//   {"valid": DigitalLink(link).isValid(), "checkDigit": …isCheckDigitValid(), "gtin": identifier["01"],
//    "lot"/"serial": the key qualifier decoded with decodeURIComponent (null when absent), "rawLot"/"rawSerial": as given,
//    "validWithRawQuote": isValid() of the link with every %22 written as a raw '"' (only for links containing %22: the
//    toolkit's grammar spells the double quote of character set 82 raw, not percent-encoded)}
//   or {"threw": "<message>"} when the toolkit throws (its constructor and decodeURIComponent do on some inputs).
// Usage: node digital-link-lines.mjs <path to tests/js/node_modules>
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(path.join(process.argv[2], 'noop.js'));
const { DigitalLink } = require('digital-link.js');

function decoded(raw) {
  if (raw === undefined) return [null, null];
  try {
    return [decodeURIComponent(raw), null];
  } catch (e) {
    return [null, String(e && e.message || e)];
  }
}

function check(link) {
  const dl = DigitalLink(link);
  const answer = { valid: dl.isValid(), checkDigit: dl.isCheckDigitValid() };
  answer.gtin = dl.getIdentifier()['01'] ?? null;
  const rawLot = dl.getKeyQualifier('10');
  const rawSerial = dl.getKeyQualifier('21');
  answer.rawLot = rawLot ?? null;
  answer.rawSerial = rawSerial ?? null;
  [answer.lot, answer.lotError] = decoded(rawLot);
  [answer.serial, answer.serialError] = decoded(rawSerial);
  answer.order = dl.getKeyQualifiersOrder();
  if (link.includes('%22')) answer.validWithRawQuote = DigitalLink(link.replaceAll('%22', '"')).isValid();
  return answer;
}

const lines = readFileSync(0, 'utf8').split('\n');
if (lines.at(-1) === '') lines.pop();
const out = lines.map(line => {
  let req;
  try {
    req = JSON.parse(line);
  } catch (e) {
    return JSON.stringify({ error: 'bad request line: ' + String(e && e.message || e) });
  }
  try {
    return JSON.stringify(check(req.link));
  } catch (e) {
    return JSON.stringify({ threw: String(e && e.message || e) });
  }
});
process.stdout.write(out.join('\n') + '\n');
