#!/usr/bin/env node
// Compiles the deployable contracts with the pinned solc-js and writes contracts/artifacts/<Name>.json, the files the
// service deploys from and checks deployed code against. Compiler settings are read from foundry.toml, and source unit
// names and remappings are the ones forge uses, so an artifact's bytecode equals forge's for the same sources.
//
//   node scripts/build-artifacts.js            write the artifacts
//   node scripts/build-artifacts.js --check    recompile in memory; exit 1 naming every artifact that differs
//   --dir <path>                               artifacts directory (default contracts/artifacts; for tests)
//
// sourcesHash = sha256 over every source unit the contract's metadata names, in sorted order, each as
// `<unit name> NUL <content> NUL`. Output is JSON with a fixed key order and a trailing newline: reruns are
// byte-identical.
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const solc = require('solc');

const ROOT = path.resolve(__dirname, '..');
const CONTRACTS = [
  { name: 'AnchorRegistry', source: 'src/AnchorRegistry.sol' },
  { name: 'LicenceRegistry', source: 'src/LicenceRegistry.sol' },
];

class BuildError extends Error {}

// foundry.toml keys of [profile.default] and how each maps to solc settings; any other key that could change the
// bytecode is refused, so the two builds cannot drift apart silently.
const IGNORED_KEYS = new Set(['src', 'test', 'out', 'cache_path', 'libs', 'solc', 'offline', 'fuzz']);

function readFoundrySettings(file = path.join(ROOT, 'foundry.toml')) {
  const values = {};
  let inDefault = false;
  for (const raw of fs.readFileSync(file, 'utf8').split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const section = /^\[(.+)\]$/.exec(line);
    if (section) {
      inDefault = section[1] === 'profile.default';
      continue;
    }
    if (!inDefault) continue;
    const kv = /^([A-Za-z_]+)\s*=\s*(.+)$/.exec(line);
    if (!kv) throw new BuildError(`foundry.toml: cannot read line: ${raw}`);
    values[kv[1]] = kv[2];
  }
  for (const key of Object.keys(values)) {
    if (!IGNORED_KEYS.has(key) && !['optimizer', 'optimizer_runs', 'evm_version', 'remappings'].includes(key)) {
      throw new BuildError(`foundry.toml: key "${key}" may change the bytecode; teach scripts/build-artifacts.js it`);
    }
  }
  const need = (key, pattern) => {
    const m = pattern.exec(values[key] ?? '');
    if (!m) throw new BuildError(`foundry.toml: [profile.default] ${key} missing or not understood`);
    return m;
  };
  const remappings = JSON.parse(need('remappings', /^\[.*\]$/)[0]);
  return {
    // Forge writes remappings into the settings with an empty context prefix; so do we, for identical metadata.
    remappings: remappings.map((r) => `:${r}`),
    optimizer: {
      enabled: need('optimizer', /^(true|false)$/)[1] === 'true',
      runs: Number(need('optimizer_runs', /^(\d+)$/)[1]),
    },
    evmVersion: JSON.parse(need('evm_version', /^"[a-z]+"$/)[0]),
    metadata: { bytecodeHash: 'ipfs' },
    libraries: {},
  };
}

// Resolves source unit names as forge does: paths relative to contracts/, remapped imports under node_modules/.
function findImports(unitName) {
  const file = path.resolve(ROOT, unitName);
  if (path.isAbsolute(unitName) || !file.startsWith(ROOT + path.sep)) {
    return { error: `import outside contracts/: ${unitName}` };
  }
  try {
    return { contents: fs.readFileSync(file, 'utf8') };
  } catch {
    return { error: `file not found: ${unitName}` };
  }
}

function compile() {
  const settings = readFoundrySettings();
  const sources = {};
  for (const c of CONTRACTS) sources[c.source] = { content: fs.readFileSync(path.join(ROOT, c.source), 'utf8') };
  const outputSelection = {};
  for (const c of CONTRACTS) {
    outputSelection[c.source] = {
      [c.name]: [
        'abi',
        'metadata',
        'evm.bytecode.object',
        'evm.deployedBytecode.object',
        'evm.deployedBytecode.immutableReferences',
      ],
    };
  }
  const input = { language: 'Solidity', sources, settings: { ...settings, outputSelection } };
  const output = JSON.parse(solc.compile(JSON.stringify(input), { import: findImports }));
  const problems = (output.errors ?? []).filter((e) => e.severity !== 'info');
  if (problems.length > 0) {
    // Warnings fail the build as well: the contracts compile cleanly and must stay so.
    throw new BuildError(`solc reported:\n${problems.map((e) => e.formattedMessage).join('\n')}`);
  }

  const artifacts = new Map();
  for (const c of CONTRACTS) {
    const out = output.contracts[c.source][c.name];
    const metadata = JSON.parse(out.metadata);
    const hash = crypto.createHash('sha256');
    for (const unit of Object.keys(metadata.sources).sort()) {
      hash.update(`${unit}\0`).update(fs.readFileSync(path.join(ROOT, unit))).update('\0');
    }
    const artifact = {
      contractName: c.name,
      sourceName: c.source,
      compiler: { version: solc.version(), settings },
      sourcesHash: `0x${hash.digest('hex')}`,
      abi: out.abi,
      bytecode: `0x${out.evm.bytecode.object}`,
      deployedBytecode: `0x${out.evm.deployedBytecode.object}`,
      // Byte ranges of deployedBytecode filled at deployment (EIP712's cached domain, name, version): a code-hash
      // check must read them from the chain's code before comparing.
      immutableReferences: out.evm.deployedBytecode.immutableReferences,
    };
    artifacts.set(`${c.name}.json`, `${JSON.stringify(artifact, null, 2)}\n`);
  }
  return artifacts;
}

/** Names of the files in `dir` that differ from a fresh build (missing, changed, or not produced by it). */
function outOfDate(dir, artifacts = compile()) {
  const stale = [];
  for (const [file, text] of artifacts) {
    const p = path.join(dir, file);
    if (!fs.existsSync(p) || fs.readFileSync(p, 'utf8') !== text) stale.push(file);
  }
  if (fs.existsSync(dir)) {
    for (const file of fs.readdirSync(dir)) if (file.endsWith('.json') && !artifacts.has(file)) stale.push(file);
  }
  return stale;
}

function main(argv) {
  let check = false;
  let dir = path.join(ROOT, 'artifacts');
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--check') check = true;
    else if (argv[i] === '--dir' && i + 1 < argv.length) dir = path.resolve(argv[++i]);
    else throw new BuildError(`usage: build-artifacts.js [--check] [--dir <path>] (got ${argv[i]})`);
  }
  const artifacts = compile();
  if (check) {
    const stale = outOfDate(dir, artifacts);
    if (stale.length > 0) {
      const where = path.relative(process.cwd(), dir) || '.';
      console.error(
        `build-artifacts: out of date with the sources: ${stale.map((f) => path.join(where, f)).join(', ')}\n` +
          'Run `node contracts/scripts/build-artifacts.js` and commit the result.',
      );
      return 1;
    }
    console.log(`build-artifacts: ${artifacts.size} artifacts match the sources`);
    return 0;
  }
  fs.mkdirSync(dir, { recursive: true });
  for (const [file, text] of artifacts) fs.writeFileSync(path.join(dir, file), text);
  console.log(`build-artifacts: wrote ${[...artifacts.keys()].join(', ')} to ${dir}`);
  return 0;
}

if (require.main === module) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (e) {
    if (!(e instanceof BuildError)) throw e;
    console.error(`build-artifacts: ${e.message}`);
    process.exitCode = 2;
  }
}

module.exports = { CONTRACTS, compile, outOfDate, readFoundrySettings };
