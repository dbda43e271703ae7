// Differential oracle for RFC 8785: reads JSON texts, one per line, on stdin and prints, one per line,
// canonicalize(JSON.parse(text)) from the pinned npm `canonicalize` (the RFC's reference), or "ERR <message>".
// Usage: node jcs-lines.mjs <path to contracts/node_modules>
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const nodeModules = process.argv[2];
const { default: canonicalize } = await import(pathToFileURL(path.join(nodeModules, 'canonicalize', 'lib', 'canonicalize.js')).href);

const lines = readFileSync(0, 'utf8').split('\n');
if (lines.at(-1) === '') lines.pop();
const out = lines.map(line => {
  try {
    return canonicalize(JSON.parse(line));
  } catch (e) {
    return 'ERR ' + e.message;
  }
});
process.stdout.write(out.join('\n') + '\n');
