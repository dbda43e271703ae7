// EcoValue consumer page: "Check it yourself" (docs/consumer-page.md). Re-checks, in the browser and with nothing
// but keccak-256, that the proof data embedded in the page (<script type="application/json" id="ev-proof">, the
// VerificationView) holds together: each record's content hashes to its record hash, each record hash is a leaf of a
// Merkle tree with the stated root (OpenZeppelin StandardMerkleTree), the item's serial is one of the serials its
// issuance record committed to, and, where a public RPC URL is given, that the chain is the one named and every root
// is anchored in the AnchorRegistry there. Plain ES2020, no dependencies; runs as a classic <script defer> and, for the
// tests, as a CommonJS module under node.
"use strict";
(function (root, factory) {
  const api = factory();
  if (typeof module === "object" && module.exports) {
    module.exports = api;
  } else {
    root.EcoValueVerify = api;
    if (typeof document !== "undefined") api.attach(document);
  }
})(typeof globalThis !== "undefined" ? globalThis : this, function () {
  // ---- Keccak-256 (the original Keccak padding 0x01, as Ethereum uses; NOT SHA3-256's 0x06) -------------------
  // State: 25 lanes of 64 bits as 50 little-endian 32-bit halves, lane (x, y) at [2(x + 5y)] (low), [2(x + 5y) + 1].
  const RC = new Uint32Array(48); // round constants, low/high halves (FIPS 202 §3.2.5, from its LFSR)
  const RHO = new Uint8Array(25); // rotation offsets (FIPS 202 §3.2.2)
  const PI = new Uint8Array(25); // lane (x, y) moves to (y, 2x + 3y) (FIPS 202 §3.2.3)
  (function tables() {
    let r = 1;
    for (let i = 0; i < 24; i++) {
      for (let j = 0; j < 7; j++) {
        if (r & 1) {
          const bit = (1 << j) - 1;
          RC[2 * i + (bit >= 32 ? 1 : 0)] |= 1 << (bit % 32);
        }
        r <<= 1;
        if (r & 0x100) r ^= 0x171;
      }
    }
    let x = 1;
    let y = 0;
    for (let t = 0; t < 24; t++) {
      RHO[x + 5 * y] = (((t + 1) * (t + 2)) / 2) % 64;
      const nx = y;
      y = (2 * x + 3 * y) % 5;
      x = nx;
    }
    for (let i = 0; i < 25; i++) {
      const lx = i % 5;
      const ly = (i - lx) / 5;
      PI[i] = ly + 5 * ((2 * lx + 3 * ly) % 5);
    }
  })();

  const C = new Uint32Array(10);
  const B = new Uint32Array(50);

  function permute(s) {
    for (let round = 0; round < 24; round++) {
      for (let x = 0; x < 10; x++) C[x] = s[x] ^ s[x + 10] ^ s[x + 20] ^ s[x + 30] ^ s[x + 40];
      for (let x = 0; x < 5; x++) {
        const n = 2 * ((x + 1) % 5);
        const p = 2 * ((x + 4) % 5);
        const lo = C[p] ^ ((C[n] << 1) | (C[n + 1] >>> 31));
        const hi = C[p + 1] ^ ((C[n + 1] << 1) | (C[n] >>> 31));
        for (let y = 0; y < 50; y += 10) {
          s[2 * x + y] ^= lo;
          s[2 * x + y + 1] ^= hi;
        }
      }
      for (let i = 0; i < 25; i++) {
        const lo = s[2 * i];
        const hi = s[2 * i + 1];
        const r = RHO[i];
        const d = 2 * PI[i];
        if (r === 0) {
          B[d] = lo;
          B[d + 1] = hi;
        } else if (r < 32) {
          B[d] = (lo << r) | (hi >>> (32 - r));
          B[d + 1] = (hi << r) | (lo >>> (32 - r));
        } else if (r === 32) {
          B[d] = hi;
          B[d + 1] = lo;
        } else {
          const m = r - 32;
          B[d] = (hi << m) | (lo >>> (32 - m));
          B[d + 1] = (lo << m) | (hi >>> (32 - m));
        }
      }
      for (let y = 0; y < 50; y += 10) {
        for (let x = 0; x < 5; x++) {
          const i = y + 2 * x;
          const a = y + 2 * ((x + 1) % 5);
          const b = y + 2 * ((x + 2) % 5);
          s[i] = B[i] ^ (~B[a] & B[b]);
          s[i + 1] = B[i + 1] ^ (~B[a + 1] & B[b + 1]);
        }
      }
      s[0] ^= RC[2 * round];
      s[1] ^= RC[2 * round + 1];
    }
  }

  /** keccak256(bytes: Uint8Array) -> Uint8Array(32). */
  function keccak256(bytes) {
    const rate = 136;
    const n = bytes.length;
    const padded = new Uint8Array((Math.floor(n / rate) + 1) * rate);
    padded.set(bytes);
    padded[n] ^= 0x01;
    padded[padded.length - 1] ^= 0x80;
    const s = new Uint32Array(50);
    for (let off = 0; off < padded.length; off += rate) {
      for (let i = 0; i < rate / 4; i++) {
        const j = off + 4 * i;
        s[i] ^= padded[j] | (padded[j + 1] << 8) | (padded[j + 2] << 16) | (padded[j + 3] << 24);
      }
      permute(s);
    }
    const out = new Uint8Array(32);
    for (let i = 0; i < 8; i++) {
      const w = s[i];
      out[4 * i] = w & 255;
      out[4 * i + 1] = (w >>> 8) & 255;
      out[4 * i + 2] = (w >>> 16) & 255;
      out[4 * i + 3] = w >>> 24;
    }
    return out;
  }

  // ---- Hex, UTF-8, Merkle -----------------------------------------------------------------------------------
  const utf8 = (text) => new TextEncoder().encode(text);

  function hexToBytes(hex, length) {
    if (typeof hex !== "string" || !/^0x(?:[0-9a-fA-F]{2})*$/.test(hex)) throw new Error("not 0x-hex: " + String(hex).slice(0, 80));
    const out = new Uint8Array((hex.length - 2) / 2);
    for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.substr(2 + 2 * i, 2), 16);
    if (length !== undefined && out.length !== length) throw new Error(`expected ${length} bytes, got ${out.length}`);
    return out;
  }

  function bytesToHex(bytes) {
    let s = "0x";
    for (const b of bytes) s += (b < 16 ? "0" : "") + b.toString(16);
    return s;
  }

  const keccakHex = (bytes) => bytesToHex(keccak256(bytes));

  function compare(a, b) {
    for (let i = 0; i < a.length && i < b.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
    return a.length - b.length;
  }

  /** OpenZeppelin's commutative pair hash: keccak of the two nodes, smaller first. */
  function hashPair(a, b) {
    const pair = new Uint8Array(64);
    const [lo, hi] = compare(a, b) <= 0 ? [a, b] : [b, a];
    pair.set(lo, 0);
    pair.set(hi, 32);
    return keccak256(pair);
  }

  /** MerkleProof.processProof: the root a proof (0x-hex siblings) leads to from a leaf (bytes). */
  function processProof(proof, leaf) {
    let node = leaf;
    for (const sibling of proof) node = hashPair(node, hexToBytes(sibling, 32));
    return node;
  }

  /** StandardMerkleTree leaf of one bytes32 value: keccak256(keccak256(value)). */
  const standardLeaf = (value) => keccak256(keccak256(value));

  /** The 4-byte selector of a Solidity function signature, e.g. "anchoredAt(bytes32)". */
  const selector = (signature) => bytesToHex(keccak256(utf8(signature)).subarray(0, 4));

  const sameHex = (a, b) => typeof a === "string" && typeof b === "string" && a.toLowerCase() === b.toLowerCase();

  // ---- The checks ---------------------------------------------------------------------------------------------
  // Every check is { key, ok: true | false | null (could not be run), what: {en, zh}, why: {en, zh} }.
  const T = (en, zh) => ({ en, zh });
  const short = (hex) => (typeof hex === "string" && hex.length > 14 ? hex.slice(0, 10) + "…" + hex.slice(-4) : String(hex));
  const ROLE = {
    batch: T("batch", "批次"),
    item: T("item", "单品"),
    "item-issuance": T("code issuance", "赋码"),
    "lab-result": T("lab result", "检测"),
    licence: T("licence", "许可"),
    recall: T("recall", "召回"),
    producer: T("producer", "生产者"),
    event: T("journey step", "溯源环节"),
    "field-event": T("journey step", "溯源环节"),
    "epcis-event": T("journey step", "溯源环节"),
  };

  function roleOf(p) {
    const r = ROLE[p.role] || T(String(p.role || "record"), String(p.role || "记录"));
    const id = String(p.recordId || "").slice(0, 8);
    return T(`${r.en} record ${id}`, `${r.zh}记录 ${id}`);
  }

  function checkRecord(p, checks) {
    const who = roleOf(p);
    const key = "record:" + p.recordId;
    let recordHash = null;
    try {
      recordHash = hexToBytes(p.recordHash, 32);
      const computed = keccakHex(utf8(String(p.envelope)));
      const ok = sameHex(computed, p.recordHash);
      checks.push({
        key: key + ":hash", ok,
        what: T(`The ${who.en}'s content matches its hash`, `${who.zh} 的内容与其哈希一致`),
        why: ok ? T(`keccak256 = ${short(computed)}`, `keccak256 = ${short(computed)}`)
          : T(`The content hashes to ${short(computed)}, not to ${short(p.recordHash)}: it was changed after it was recorded.`,
            `内容的哈希为 ${short(computed)}，而非 ${short(p.recordHash)}：记录后内容被改动过。`),
      });
    } catch (e) {
      checks.push({ key: key + ":hash", ok: false, what: T(`The ${who.en}'s content matches its hash`, `${who.zh} 的内容与其哈希一致`), why: T(String(e.message), String(e.message)) });
    }

    if (String(p.status).toLowerCase() === "tampered") {
      checks.push({
        key: key + ":status", ok: false,
        what: T(`The ${who.en} is intact on the server`, `服务器上的${who.zh} 完好`),
        why: T(`The server reports it changed: ${p.problem || "no detail"}`, `服务器报告该记录已被改动：${p.problem || "无详情"}`),
      });
    }

    if (!p.root || !Array.isArray(p.proof) || recordHash === null) {
      checks.push({
        key: key + ":merkle", ok: null,
        what: T(`The ${who.en} is in an anchored Merkle tree`, `${who.zh} 在已上链的默克尔树中`),
        why: T("Not anchored yet: there is no Merkle proof to check.", "尚未上链：暂无默克尔证明可供核验。"),
      });
      return;
    }

    try {
      const leaf = standardLeaf(recordHash);
      const leafOk = !p.leaf || sameHex(bytesToHex(leaf), p.leaf);
      const rootOk = sameHex(bytesToHex(processProof(p.proof, leaf)), p.root);
      checks.push({
        key: key + ":merkle", ok: leafOk && rootOk,
        what: T(`The ${who.en} is in the Merkle tree with root ${short(p.root)}`, `${who.zh} 在根为 ${short(p.root)} 的默克尔树中`),
        why: leafOk && rootOk ? T(`${p.proof.length} proof steps lead to the root.`, `${p.proof.length} 步证明通向该根。`)
          : !leafOk ? T("The leaf given is not keccak256(keccak256(record hash)).", "所给叶子不等于 keccak256(keccak256(记录哈希))。")
            : T("The proof does not lead to this root.", "证明无法推导出该根。"),
      });
    } catch (e) {
      checks.push({ key: key + ":merkle", ok: false, what: T(`The ${who.en} is in the Merkle tree`, `${who.zh} 在默克尔树中`), why: T(String(e.message), String(e.message)) });
    }
  }

  /** The serial (AI 21) of a GS1 Digital Link path: after "/01/{gtin}", qualifiers come as (AI, value) pairs. */
  function serialInPath(path) {
    if (typeof path !== "string") return null;
    const segments = path.split(/[?#]/)[0].split("/");
    for (let i = segments.indexOf("01"); i >= 0 && i + 1 < segments.length; i += 2) {
      if (segments[i] === "21") return decodeURIComponent(segments[i + 1]);
    }
    return null;
  }

  function checkItem(view, ip, checks, path) {
    const what1 = T("The code is the serial the proof is for", "此码与证明中的序列号一致");
    try {
      const value = keccakHex(utf8(String(ip.serial)));
      const shown = view.item ? view.item.serial : ip.serial;
      const scanned = serialInPath(path) ?? ip.serial;
      const ok = sameHex(value, ip.value) && shown === ip.serial && scanned === ip.serial;
      checks.push({
        key: "item:serial", ok, what: what1,
        why: ok ? T(`keccak256("${ip.serial}") = ${short(value)}`, `keccak256("${ip.serial}") = ${short(value)}`)
          : T(`The proof is for "${ip.serial}", the page shows "${shown}", the link holds "${scanned}".`, `证明针对“${ip.serial}”，页面显示“${shown}”，链接中为“${scanned}”。`),
      });
    } catch (e) {
      checks.push({ key: "item:serial", ok: false, what: what1, why: T(String(e.message), String(e.message)) });
    }

    const what2 = T("The code is one of those issued for this batch", "此码属于该批次签发的码");
    try {
      const leaf = standardLeaf(hexToBytes(ip.value, 32));
      const leafOk = sameHex(bytesToHex(leaf), ip.leaf);
      const rootOk = sameHex(bytesToHex(processProof(ip.proof || [], leaf)), ip.serialsRoot);
      checks.push({
        key: "item:tree", ok: leafOk && rootOk, what: what2,
        why: leafOk && rootOk ? T(`Its proof leads to the serials root ${short(ip.serialsRoot)}.`, `其证明推导出序列号根 ${short(ip.serialsRoot)}。`)
          : T("Its proof does not lead to the serials root.", "其证明无法推导出序列号根。"),
      });
    } catch (e) {
      checks.push({ key: "item:tree", ok: false, what: what2, why: T(String(e.message), String(e.message)) });
    }

    const what3 = T("The issuance record names this serials root", "赋码记录载明了此序列号根");
    const issuance = (view.proofs || []).find((p) => p.recordId === ip.issuanceRecordId);
    let named = null;
    try {
      named = issuance ? JSON.parse(issuance.envelope).data.serialsRoot : null;
    } catch (e) {
      named = null;
    }
    const ok = sameHex(named, ip.serialsRoot);
    checks.push({
      key: "item:issuance", ok, what: what3,
      why: ok ? T(`Record ${String(ip.issuanceRecordId).slice(0, 8)} commits to it; its own proof is checked above.`, `记录 ${String(ip.issuanceRecordId).slice(0, 8)} 承诺了该根；其本身的证明见上。`)
        : issuance ? T(`The issuance record names ${short(named)}, not ${short(ip.serialsRoot)}.`, `赋码记录载明的是 ${short(named)}，而非 ${short(ip.serialsRoot)}。`)
          : T("The issuance record is missing from the proof data.", "证明数据中缺少赋码记录。"),
    });
  }

  async function rpc(fetchFn, url, method, params) {
    const ctl = typeof AbortController === "function" ? new AbortController() : null;
    const timer = ctl ? setTimeout(() => ctl.abort(), 15000) : null;
    try {
      const res = await fetchFn(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
        credentials: "omit",
        signal: ctl ? ctl.signal : undefined,
      });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      const body = await res.json();
      if (body.error) throw new Error(`${body.error.code}: ${body.error.message}`);
      if (typeof body.result !== "string") throw new Error("no result");
      return body.result;
    } finally {
      if (timer) clearTimeout(timer);
    }
  }

  /** anchoredAt(bytes32) returns (uint64 blockNumber, uint64 timestamp, uint32 leafCount); all zero when never anchored. */
  function decodeAnchoredAt(result) {
    // An address without code answers "0x": no AnchorRegistry there, so nothing is anchored there.
    if (result === "0x") return { blockNumber: 0, timestamp: 0, leafCount: 0 };
    if (!/^0x[0-9a-fA-F]{192}$/.test(result)) throw new Error("unexpected anchoredAt answer: " + short(result));
    const word = (i) => Number(BigInt("0x" + result.slice(2 + 64 * i, 66 + 64 * i)));
    return { blockNumber: word(0), timestamp: word(1), leafCount: word(2) };
  }

  async function checkChain(view, checks, fetchFn) {
    const chain = view.chain || {};
    const roots = new Map();
    for (const p of view.proofs || []) {
      if (p.root && String(p.status).toLowerCase() !== "tampered") {
        const k = String(p.root).toLowerCase();
        if (!roots.has(k)) roots.set(k, []);
        roots.get(k).push(p);
      }
    }
    if (roots.size === 0) return;
    const what0 = T("The chain is the one named", "区块链与所述一致");
    if (!chain.publicRpcUrl || !chain.contract || typeof fetchFn !== "function") {
      checks.push({
        key: "chain", ok: null, what: T("The roots are anchored on the chain", "这些根已在链上存证"),
        why: T("This site names no public blockchain node for browsers; compare the roots with the transactions on a block explorer yourself.",
          "本站未提供可供浏览器访问的公共区块链节点；请自行在区块浏览器中将这些根与交易核对。"),
      });
      return;
    }
    try {
      const id = Number(BigInt(await rpc(fetchFn, chain.publicRpcUrl, "eth_chainId", [])));
      const ok = id === Number(chain.chainId);
      checks.push({ key: "chain:id", ok, what: what0, why: ok ? T(`Chain id ${id}.`, `链 ID ${id}。`) : T(`The node is on chain ${id}, the proof names ${chain.chainId}.`, `节点所在链为 ${id}，证明所述为 ${chain.chainId}。`) });
      if (!ok) return;
    } catch (e) {
      checks.push({ key: "chain:id", ok: null, what: what0, why: T(`The node could not be reached (${e.message}).`, `无法连接节点（${e.message}）。`) });
      return;
    }
    const data = selector("anchoredAt(bytes32)");
    for (const [root, proofs] of roots) {
      const what = T(`Root ${short(root)} is anchored in contract ${short(chain.contract)}`, `根 ${short(root)} 已在合约 ${short(chain.contract)} 中存证`);
      try {
        hexToBytes(root, 32);
        const a = decodeAnchoredAt(await rpc(fetchFn, chain.publicRpcUrl, "eth_call", [{ to: chain.contract, data: data + root.slice(2) }, "latest"]));
        const claimed = proofs.map((p) => p.blockNumber).find((b) => b !== null && b !== undefined);
        const anchored = a.leafCount !== 0 && a.blockNumber !== 0;
        // A root the server says is still on its way ("anchoring": sent, not yet confirmed) may not be there yet.
        if (!anchored && proofs.every((p) => String(p.status).toLowerCase() === "anchoring")) {
          checks.push({ key: "chain:root:" + root, ok: null, what, why: T("Sent to the chain, not yet confirmed there: check again in a few minutes.", "已提交上链，尚未确认：请几分钟后再核验。") });
          continue;
        }
        const ok = anchored && (claimed === undefined || Number(claimed) === a.blockNumber);
        checks.push({
          key: "chain:root:" + root, ok, what,
          why: ok ? T(`Anchored in block ${a.blockNumber} with ${a.leafCount} records.`, `于区块 ${a.blockNumber} 存证，共 ${a.leafCount} 条记录。`)
            : !anchored ? T("The contract has no such root: this proof was never anchored.", "合约中没有该根：此证明从未上链。")
              : T(`The chain says block ${a.blockNumber}, the proof says ${claimed}.`, `链上区块为 ${a.blockNumber}，证明所述为 ${claimed}。`),
        });
      } catch (e) {
        checks.push({ key: "chain:root:" + root, ok: null, what, why: T(`The node could not answer (${e.message}).`, `节点无法回答（${e.message}）。`) });
      }
    }
  }

  /**
   * Runs every check on a VerificationView. env: { fetch (for the chain; omitted: not asked), path (the page's
   * location.pathname, to bind the proof to the scanned serial) }. Returns { outcome, checks }, outcome being
   * "failed" when any check failed; "verified" when none failed and none was left undone, the chain included (hashes
   * and proofs alone only show that the data holds together: a server could build a whole tree of its own); "partial"
   * when none failed but something could not be checked (a record not yet anchored, no public node, no answer);
   * "incomplete" when nothing could be checked at all.
   */
  async function runChecks(view, env) {
    const checks = [];
    const e = env || {};
    for (const p of view.proofs || []) checkRecord(p, checks);
    if (view.itemProof) checkItem(view, view.itemProof, checks, e.path);
    await checkChain(view, checks, e.fetch);
    const failed = checks.some((c) => c.ok === false);
    const passed = checks.some((c) => c.ok === true);
    const undone = checks.some((c) => c.ok === null);
    return { outcome: failed ? "failed" : !passed ? "incomplete" : undone ? "partial" : "verified", checks };
  }

  // ---- The page -----------------------------------------------------------------------------------------------
  const WORDS = {
    running: T("Checking…", "正在核验…"),
    verified: T("Verified in your browser", "已在您的浏览器中核验通过"),
    failed: T("Check FAILED: do not trust this product's record", "核验失败：请勿相信此商品的记录"),
    partial: T("No error found, but not everything could be checked: see below", "未发现错误，但部分内容无法核验：见下方"),
    incomplete: T("Nothing could be checked yet", "暂无可核验的内容"),
    pass: T("Passed", "通过"),
    fail: T("Failed", "失败"),
    skip: T("Not checked", "未核验"),
    error: T("The check could not run: ", "核验无法运行："),
  };

  function render(doc, out, report, zh) {
    const L = (t) => (zh ? t.zh : t.en);
    out.textContent = "";
    const head = doc.createElement("p");
    head.className = "ev-overall ev-" + report.outcome;
    head.textContent = (report.outcome === "verified" ? "✔ " : report.outcome === "failed" ? "✖ " : "– ") + L(WORDS[report.outcome]);
    head.setAttribute("data-outcome", report.outcome);
    out.appendChild(head);
    const list = doc.createElement("ul");
    list.className = "ev-checks";
    // Failures first, then what could not be checked: the reason for the headline is at the top of the list.
    const rank = (c) => (c.ok === false ? 0 : c.ok === null ? 1 : 2);
    for (const c of report.checks.slice().sort((a, b) => rank(a) - rank(b))) {
      const li = doc.createElement("li");
      const state = c.ok === true ? "pass" : c.ok === false ? "fail" : "skip";
      li.className = "ev-" + state;
      li.setAttribute("data-key", c.key);
      const mark = doc.createElement("strong");
      mark.textContent = (state === "pass" ? "✔ " : state === "fail" ? "✖ " : "– ") + L(WORDS[state]) + ": ";
      li.appendChild(mark);
      li.appendChild(doc.createTextNode(L(c.what) + (zh ? "。" : ". ") + L(c.why)));
      list.appendChild(li);
    }
    out.appendChild(list);
  }

  function attach(doc) {
    const start = () => {
      const data = doc.getElementById("ev-proof");
      const button = doc.getElementById("ev-check");
      const out = doc.getElementById("ev-results");
      if (!data || !button || !out) return;
      let view;
      try {
        view = JSON.parse(data.textContent);
      } catch (e) {
        return;
      }
      const zh = /^zh/i.test(doc.documentElement.lang || "");
      for (const el of doc.querySelectorAll("[data-ev-js]")) el.hidden = false;
      button.addEventListener("click", async () => {
        button.disabled = true;
        out.textContent = zh ? WORDS.running.zh : WORDS.running.en;
        try {
          const fetchFn = typeof fetch === "function" ? fetch.bind(globalThis) : undefined;
          render(doc, out, await runChecks(view, { fetch: fetchFn, path: doc.location ? doc.location.pathname : undefined }), zh);
        } catch (e) {
          out.textContent = (zh ? WORDS.error.zh : WORDS.error.en) + String(e && e.message);
        } finally {
          button.disabled = false;
        }
      });
    };
    if (doc.readyState === "loading") doc.addEventListener("DOMContentLoaded", start);
    else start();
  }

  return { keccak256, keccakHex, utf8, hexToBytes, bytesToHex, hashPair, processProof, standardLeaf, selector, decodeAnchoredAt, runChecks, attach };
});
