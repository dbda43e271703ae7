// Drives the consumer page's verify.js under node for tests/EcoValue.Api.Tests/Verification: the exact bytes the
// service serves (written to a file by the test) are loaded as a CommonJS module, as the browser loads them as a
// classic script. One JSON request per line on stdin; after end of input, one JSON answer per line, in order.
//   node consumer-verify.mjs <path of verify.js>
// Requests: {op:"keccak", hex} · {op:"selector", signature} · {op:"root", value, proof} (the root a StandardMerkleTree
// proof leads to from a bytes32 value) · {op:"check", view, path?, chain?} (runChecks; the chain is asked only when
// chain is true, with node's fetch).
import { createRequire } from "node:module";
import { createInterface } from "node:readline";

const [script] = process.argv.slice(2);
if (!script) {
  process.stderr.write("usage: node consumer-verify.mjs <verify.js>\n");
  process.exit(2);
}

const v = createRequire(import.meta.url)(script);
const requests = [];
for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) requests.push(line);

for (const line of requests) {
  let answer;
  try {
    const r = JSON.parse(line);
    switch (r.op) {
      case "keccak":
        answer = v.keccakHex(v.hexToBytes(r.hex));
        break;
      case "selector":
        answer = v.selector(r.signature);
        break;
      case "root":
        answer = v.bytesToHex(v.processProof(r.proof, v.standardLeaf(v.hexToBytes(r.value, 32))));
        break;
      case "check":
        answer = await v.runChecks(r.view, { fetch: r.chain ? globalThis.fetch : undefined, path: r.path });
        break;
      default:
        answer = { error: `unknown op ${r.op}` };
    }
  } catch (e) {
    answer = { error: String(e && e.message) };
  }
  process.stdout.write(JSON.stringify(answer) + "\n");
}
