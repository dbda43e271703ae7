#!/usr/bin/env node
// Presents the pinned solc-js (npm "solc") as a native `solc` binary, so that `forge build/test --use <this>` works
// offline: forge asks `--version`, then pipes a Standard JSON input to `--standard-json` and reads the output.
// Only what forge uses is implemented; anything else is refused loudly rather than half-done.
'use strict';
const fs = require('fs');
const path = require('path');
const solc = require('solc');

const args = process.argv.slice(2);

if (args.includes('--version') || args.includes('-v')) {
  // Same shape as the native binary's banner; forge parses the "Version:" line.
  const v = solc.version().replace('.Emscripten.clang', '.Linux.g++');
  process.stdout.write(`solc, the solidity compiler commandline interface\nVersion: ${v}\n`);
  process.exit(0);
}

if (!args.includes('--standard-json')) {
  process.stderr.write(`solc-shim: only --version and --standard-json are supported (got: ${args.join(' ')})\n`);
  process.exit(2);
}

// Roots an import may resolve against: --base-path, every --include-path, --allow-paths entries, cwd, node_modules.
const roots = [];
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  const take = (flag) => (a === flag ? args[++i] : a.startsWith(flag + '=') ? a.slice(flag.length + 1) : null);
  for (const flag of ['--base-path', '--include-path', '--allow-paths']) {
    const v = take(flag);
    if (v) roots.push(...v.split(','));
  }
}
roots.push(process.cwd(), path.join(process.cwd(), 'node_modules'), path.join(__dirname, '..', 'node_modules'));

function findImports(importPath) {
  const candidates = path.isAbsolute(importPath) ? [importPath] : roots.map((r) => path.resolve(r, importPath));
  for (const c of candidates) {
    try {
      return { contents: fs.readFileSync(c, 'utf8') };
    } catch {
      // try the next root
    }
  }
  return { error: `File not found: ${importPath} (searched ${roots.join(', ')})` };
}

const chunks = [];
process.stdin.on('data', (c) => chunks.push(c));
process.stdin.on('end', () => {
  const input = Buffer.concat(chunks).toString('utf8');
  const output = solc.compile(input, { import: findImports });
  // stdout is an asynchronous pipe under forge: exit only once the whole output is flushed (an immediate
  // process.exit() cut outputs larger than the 64 KiB pipe buffer).
  process.stdout.write(output, () => process.exit(0));
});
