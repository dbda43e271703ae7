// Run: node --test contracts/test-js/
// The committed artifacts must be what the sources compile to, and must expose the interface the service relies on.
'use strict';
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const test = require('node:test');

const ROOT = path.resolve(__dirname, '..');
const SCRIPT = path.join(ROOT, 'scripts', 'build-artifacts.js');
const ARTIFACTS = path.join(ROOT, 'artifacts');

const runScript = (...args) => spawnSync(process.execPath, [SCRIPT, ...args], { encoding: 'utf8' });
const load = (name) => JSON.parse(fs.readFileSync(path.join(ARTIFACTS, `${name}.json`), 'utf8'));

// Canonical signature of an ABI entry, with tuples spelled out, e.g. "issueLicence((bytes32,...),bytes)".
function typeOf(p) {
  if (!p.type.startsWith('tuple')) return p.type;
  return `(${p.components.map(typeOf).join(',')})${p.type.slice('tuple'.length)}`;
}
const signature = (e) => `${e.name}(${e.inputs.map(typeOf).join(',')})`;
const entries = (abi, type) => abi.filter((e) => e.type === type);
const find = (abi, type, sig) => entries(abi, type).find((e) => signature(e) === sig);

function assertHas(abi, type, sig, check = () => {}) {
  const entry = find(abi, type, sig);
  assert.ok(entry, `${type} ${sig} missing from the ABI (has: ${entries(abi, type).map(signature).join(', ')})`);
  check(entry);
}
const outputs = (...types) => (e) => assert.deepEqual(e.outputs.map(typeOf), types, `${signature(e)} outputs`);
const indexed = (...flags) => (e) => assert.deepEqual(e.inputs.map((i) => i.indexed), flags, `${signature(e)} indexed`);

test('--check passes: committed artifacts match the sources', () => {
  const r = runScript('--check');
  assert.equal(r.status, 0, `build-artifacts --check failed:\n${r.stderr}${r.stdout}`);
});

test('--check fails and names each artifact that differs from the sources', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'artifacts-'));
  try {
    for (const f of fs.readdirSync(ARTIFACTS)) fs.copyFileSync(path.join(ARTIFACTS, f), path.join(dir, f));
    const licence = path.join(dir, 'LicenceRegistry.json');
    const tampered = JSON.parse(fs.readFileSync(licence, 'utf8'));
    tampered.bytecode = `${tampered.bytecode.slice(0, -2)}${tampered.bytecode.endsWith('00') ? '01' : '00'}`;
    fs.writeFileSync(licence, `${JSON.stringify(tampered, null, 2)}\n`);
    fs.writeFileSync(path.join(dir, 'Removed.json'), '{}\n');

    const r = runScript('--check', '--dir', dir);
    assert.equal(r.status, 1, `expected exit 1, got ${r.status}:\n${r.stderr}`);
    assert.match(r.stderr, /out of date.*LicenceRegistry\.json/);
    assert.match(r.stderr, /Removed\.json/);
    assert.doesNotMatch(r.stderr, /AnchorRegistry\.json/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('artifacts have a fixed shape and the compiler settings of foundry.toml', () => {
  const toml = fs.readFileSync(path.join(ROOT, 'foundry.toml'), 'utf8');
  for (const name of ['AnchorRegistry', 'LicenceRegistry']) {
    const text = fs.readFileSync(path.join(ARTIFACTS, `${name}.json`), 'utf8');
    const a = JSON.parse(text);
    assert.ok(text.endsWith('}\n') && !text.endsWith('\n\n'), `${name}: one trailing newline`);
    assert.deepEqual(Object.keys(a), [
      'contractName',
      'sourceName',
      'compiler',
      'sourcesHash',
      'abi',
      'bytecode',
      'deployedBytecode',
      'immutableReferences',
    ]);
    assert.equal(a.contractName, name);
    assert.equal(a.sourceName, `src/${name}.sol`);
    assert.match(a.compiler.version, /^0\.8\.30\+commit\.[0-9a-f]{8}/);
    assert.deepEqual(a.compiler.settings.optimizer, { enabled: true, runs: 200 });
    assert.equal(a.compiler.settings.evmVersion, 'cancun');
    assert.match(toml, /^optimizer = true$/m);
    assert.match(toml, /^optimizer_runs = 200$/m);
    assert.match(toml, /^evm_version = "cancun"$/m);
    assert.match(a.sourcesHash, /^0x[0-9a-f]{64}$/);
    assert.match(a.bytecode, /^0x(?:[0-9a-f]{2})+$/);
    assert.match(a.deployedBytecode, /^0x(?:[0-9a-f]{2})+$/);
    assert.ok(a.bytecode.length > a.deployedBytecode.length, `${name}: creation code wraps the runtime code`);
  }
  assert.deepEqual(load('AnchorRegistry').immutableReferences, {}, 'AnchorRegistry has no immutables');
  assert.notDeepEqual(load('LicenceRegistry').immutableReferences, {}, 'EIP712 caches its domain in immutables');
});

test('AnchorRegistry ABI has the anchoring interface', () => {
  const { abi } = load('AnchorRegistry');
  assertHas(abi, 'constructor', 'undefined(address,address)');
  assertHas(abi, 'function', 'anchor(bytes32,uint32)', outputs());
  assertHas(abi, 'function', 'anchoredAt(bytes32)', outputs('uint64', 'uint64', 'uint32'));
  assertHas(abi, 'function', 'isAnchored(bytes32)', outputs('bool'));
  assertHas(abi, 'function', 'verify(bytes32,bytes32,bytes32[])', outputs('bool'));
  assertHas(abi, 'function', 'verifyRecord(bytes32,bytes32,bytes32[])', outputs('bool'));
  assertHas(abi, 'function', 'verifyMulti(bytes32,bytes32[],bool[],bytes32[])', outputs('bool'));
  assertHas(abi, 'function', 'ANCHORER_ROLE()', outputs('bytes32'));
  assertHas(abi, 'function', 'grantRole(bytes32,address)');
  assertHas(abi, 'event', 'Anchored(bytes32,uint32,uint64,address)', indexed(true, false, false, true));
  for (const e of ['ZeroRoot()', 'ZeroLeafCount()', 'RootAlreadyAnchored(bytes32,uint64)', 'ZeroAddress()']) {
    assertHas(abi, 'error', e);
  }
  for (const e of ['AccessControlUnauthorizedAccount(address,bytes32)', 'MerkleProofInvalidMultiproof()']) {
    assertHas(abi, 'error', e);
  }
});

test('LicenceRegistry ABI has brands, certifiers, signed licence decisions and status reads', () => {
  const { abi } = load('LicenceRegistry');
  const issue = '(bytes32,bytes32,bytes32,bytes32,bytes32,uint64,uint64,uint256,uint256)';
  const change = '(bytes32,uint8,bytes32,uint256,uint256)';
  const licence = '(bytes32,bytes32,bytes32,bytes32,address,uint64,uint64,uint8)';
  assertHas(abi, 'function', 'registerBrand(bytes32,bytes32,string)');
  assertHas(abi, 'function', 'updateBrandStandard(bytes32,bytes32,string)');
  assertHas(abi, 'function', 'brand(bytes32)', outputs('(bytes32,uint32,string)'));
  assertHas(abi, 'function', 'accreditCertifier(bytes32,address)');
  assertHas(abi, 'function', 'withdrawAccreditation(bytes32,address)');
  assertHas(abi, 'function', 'isAccredited(bytes32,address)', outputs('bool'));
  assertHas(abi, 'function', `issueLicence(${issue},bytes)`);
  assertHas(abi, 'function', `changeLicenceStatus(${change},bytes)`);
  assertHas(abi, 'function', 'licence(bytes32)', outputs(licence));
  assertHas(abi, 'function', 'licenceStatus(bytes32,uint64)', outputs('uint8', 'bool'));
  assertHas(abi, 'function', `hashIssueLicence(${issue})`, outputs('bytes32'));
  assertHas(abi, 'function', `hashStatusChange(${change})`, outputs('bytes32'));
  for (const f of ['ISSUE_LICENCE_TYPEHASH()', 'STATUS_CHANGE_TYPEHASH()', 'OPERATOR_ROLE()', 'domainSeparator()']) {
    assertHas(abi, 'function', f, outputs('bytes32'));
  }
  assertHas(abi, 'function', 'nonces(address)', outputs('uint256'));
  assertHas(abi, 'function', 'eip712Domain()');

  assertHas(abi, 'event', 'BrandRegistered(bytes32,bytes32,string)');
  assertHas(abi, 'event', 'BrandStandardUpdated(bytes32,bytes32,uint32,string)');
  assertHas(abi, 'event', 'CertifierAccredited(bytes32,address)', indexed(true, true));
  assertHas(abi, 'event', 'AccreditationWithdrawn(bytes32,address)', indexed(true, true));
  assertHas(
    abi,
    'event',
    'LicenceIssued(bytes32,bytes32,bytes32,bytes32,address,uint64,uint64)',
    indexed(true, true, false, false, true, false, false),
  );
  for (const e of ['LicenceSuspended', 'LicenceReinstated', 'LicenceRevoked']) {
    assertHas(abi, 'event', `${e}(bytes32,address,bytes32)`, indexed(true, true, false));
  }
  for (const e of [
    'ZeroAddress()', 'ZeroBrandId()', 'ZeroStandardHash()', 'ZeroLicenceId()', 'ZeroHolder()', 'ZeroDocumentHash()',
    'BrandAlreadyRegistered(bytes32)', 'UnknownBrand(bytes32)', 'StandardUnchanged(bytes32,bytes32)',
    'CertifierAlreadyAccredited(bytes32,address)', 'CertifierNotAccredited(bytes32,address)',
    'SignatureExpired(uint256)', 'StandardMismatch(bytes32,bytes32,bytes32)', 'InvalidValidity(uint64,uint64)',
    'LicenceAlreadyExists(bytes32)', 'UnknownLicence(bytes32)', 'InvalidAction(uint8)',
    'InvalidStatusTransition(bytes32,uint8,uint8)', 'InvalidAccountNonce(address,uint256)',
    'ECDSAInvalidSignature()', 'ECDSAInvalidSignatureLength(uint256)', 'ECDSAInvalidSignatureS(bytes32)',
  ]) {
    assertHas(abi, 'error', e);
  }
});
