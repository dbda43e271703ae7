// Checks the Merkle part of a bulk verification report with OpenZeppelin's own tooling (the pinned
// @openzeppelin/merkle-tree in contracts/node_modules), as docs/verification-report.md tells a buyer to:
// every anchor multiproof proves its record hashes under its root, every serial-tree multiproof its serial values
// under its serial root, and each record hash equals keccak256(envelope) of the records listed as anchored.
//
//   node report-multiproof.mjs REPORT.json [CONTRACTS_NODE_MODULES]
//
// Prints "ok N anchor multiproof(s), M serial-tree multiproof(s), K envelope(s)" and exits 0; exits 1 naming what fails.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const [file, modules] = process.argv.slice(2);
const nodeModules = modules ?? path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "contracts", "node_modules");
const require = createRequire(path.join(nodeModules, "noop.js"));
const { StandardMerkleTree } = require("@openzeppelin/merkle-tree");
const { keccak256 } = require("ethereum-cryptography/keccak");

const { report } = JSON.parse(readFileSync(file, "utf8"));
const failures = [];
const hex = bytes => "0x" + Buffer.from(bytes).toString("hex");

for (const a of report.anchors) {
  const m = a.multiProof;
  const ok = StandardMerkleTree.verifyMultiProof(a.root, ["bytes32"], { leaves: m.leaves.map(l => [l]), proof: m.proof, proofFlags: m.proofFlags });
  if (!ok) failures.push(`anchor ${a.root}`);
}
for (const t of report.serialTrees) {
  const m = t.multiProof;
  const ok = StandardMerkleTree.verifyMultiProof(t.serialsRoot, ["bytes32"], { leaves: m.leaves.map(l => [l]), proof: m.proof, proofFlags: m.proofFlags });
  if (!ok) failures.push(`serial tree ${t.issuance}`);
}
let envelopes = 0;
for (const r of report.records.filter(r => r.status === "anchored")) {
  envelopes++;
  if (hex(keccak256(Buffer.from(r.envelope, "utf8"))) !== r.hash) failures.push(`envelope of ${r.id}`);
}

if (failures.length > 0) {
  process.stderr.write(`report-multiproof: not proven: ${failures.join(", ")}\n`);
  process.exit(1);
}
console.log(`ok ${report.anchors.length} anchor multiproof(s), ${report.serialTrees.length} serial-tree multiproof(s), ${envelopes} envelope(s)`);
