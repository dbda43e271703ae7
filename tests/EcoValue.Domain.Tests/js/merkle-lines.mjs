// Differential oracle for StandardMerkleTree (leaf encoding ["bytes32"]): reads one JSON request per line on stdin and
// prints one JSON answer per line, using the pinned @openzeppelin/merkle-tree. Requests:
//   {"op":"check","dump":"<our dump text>","samples":[i...],"proofs":[[hex...]...],"multi":[{"indices":[...],"leaves":[hex...],"proof":[...],"proofFlags":[...]}]}
//     -> {"root","dumpEqual","ozDump"?,"proofs":[OZ proof per sample],"proofsOk":[OZ verify of ours],"multi":[{"leaves","proof","proofFlags","ok"}]}
//   {"op":"of","values":[hex...]} -> {"dump":"<JSON.stringify(StandardMerkleTree.of(values, ['bytes32']).dump())>"}
// Usage: node merkle-lines.mjs <path to contracts/node_modules>
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(path.join(process.argv[2], 'noop.js'));
const { StandardMerkleTree } = require('@openzeppelin/merkle-tree');
const encoding = ['bytes32'];

function check(req) {
  const tree = StandardMerkleTree.load(JSON.parse(req.dump));
  const values = tree.dump().values.map(v => v.value);
  const ozDump = JSON.stringify(StandardMerkleTree.of(values, encoding).dump());
  const answer = { root: tree.root, dumpEqual: ozDump === req.dump };
  if (!answer.dumpEqual) answer.ozDump = ozDump;
  answer.proofs = req.samples.map(i => tree.getProof(i));
  answer.proofsOk = req.samples.map((i, k) => StandardMerkleTree.verify(tree.root, encoding, values[i], req.proofs[k]));
  answer.multi = req.multi.map(m => {
    const oz = tree.getMultiProof(m.indices);
    const ours = { leaves: m.leaves.map(v => [v]), proof: m.proof, proofFlags: m.proofFlags };
    return { leaves: oz.leaves.map(v => v[0]), proof: oz.proof, proofFlags: oz.proofFlags, ok: StandardMerkleTree.verifyMultiProof(tree.root, encoding, ours) };
  });
  return answer;
}

const lines = readFileSync(0, 'utf8').split('\n');
if (lines.at(-1) === '') lines.pop();
const out = lines.map(line => {
  try {
    const req = JSON.parse(line);
    if (req.op === 'check') return JSON.stringify(check(req));
    if (req.op === 'of') return JSON.stringify({ dump: JSON.stringify(StandardMerkleTree.of(req.values.map(v => [v]), encoding).dump()) });
    return JSON.stringify({ error: 'unknown op ' + req.op });
  } catch (e) {
    return JSON.stringify({ error: String(e && e.message || e) });
  }
});
process.stdout.write(out.join('\n') + '\n');
