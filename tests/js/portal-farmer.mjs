// A farmer's day in the portal, in a real (headless Debian) Chromium driven by playwright-core:
// sign in, add a plot, register a batch, record a field event and a lab result, then reload the batch page until
// every entry shows "anchored". Prints one JSON line per step ({"step", "ok", ...}); exits 1 after the first failure.
//   node portal-farmer.mjs <baseUrl> <username> <password> <screenshotDir>
// Used by tests/EcoValue.Api.Tests/Portal/PortalBrowserTests.cs, which starts anvil and the service first.
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";

const [baseUrl, username, password, screenshotDir] = process.argv.slice(2);
if (!baseUrl || !username || !password || !screenshotDir) {
  process.stderr.write("usage: node portal-farmer.mjs <baseUrl> <username> <password> <screenshotDir>\n");
  process.exit(2);
}

const anchorTimeoutMs = 60_000;
const executablePath = process.env.CHROMIUM ?? "/usr/bin/chromium";
const base = baseUrl.replace(/\/$/, "");
mkdirSync(screenshotDir, { recursive: true });

// Dates the server accepts as "not in the future" wherever it runs: yesterday, in China's time zone.
const yesterday = new Date(Date.now() + 8 * 3600_000 - 86400_000).toISOString().slice(0, 10);
const lot = ("PW-" + Date.now().toString(36)).toUpperCase().slice(0, 20);

const print = (line) => process.stdout.write(JSON.stringify(line) + "\n");

const userDataDir = mkdtempSync(join(tmpdir(), "ecovalue-chromium-"));
let context;
let page;

async function step(name, body) {
  const started = Date.now();
  try {
    const data = (await body()) ?? {};
    print({ step: name, ok: true, ms: Date.now() - started, ...data });
  } catch (error) {
    print({ step: name, ok: false, ms: Date.now() - started, url: page?.url(), error: String(error?.message ?? error).split("\n").slice(0, 6).join(" | ") });
    if (page) {
      await page.screenshot({ path: join(screenshotDir, `portal-failed-${name}.png`), fullPage: true }).catch(() => {});
    }
    throw error;
  }
}

/** Submits the page's main form and waits for the navigation it causes; fails when the server answered an error page. */
async function submit() {
  const [response] = await Promise.all([
    page.waitForNavigation({ waitUntil: "load" }),
    page.locator("main form button[type=submit]").first().click(),
  ]);
  const errors = await page.locator(".summary li").allInnerTexts();
  if (errors.length > 0) {
    throw new Error(`the form was refused (${response?.status()}): ${errors.join("; ")}`);
  }
  return response;
}

let batchUrl;
let records = [];
try {
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    // A phone: 360 px wide, touch, Chinese first.
    viewport: { width: 360, height: 760 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: "zh-CN",
  });
  page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(15_000);

  await step("sign-in", async () => {
    await page.goto(`${base}/portal/login?lang=zh`);
    const lang = await page.getAttribute("html", "lang");
    if (lang !== "zh-CN") throw new Error(`html lang is ${lang}`);
    await page.fill("#f-username", username);
    await page.fill("#f-password", password);
    await submit();
    const path = new URL(page.url()).pathname;
    if (path !== "/portal") throw new Error(`after sign-in the browser is at ${page.url()}`);
    await page.screenshot({ path: join(screenshotDir, "portal-home-zh.png"), fullPage: true });
    return { heading: await page.locator("h1").innerText() };
  });

  await step("add-plot", async () => {
    await page.goto(`${base}/portal/plots`);
    await page.fill("#f-name", "元门乡 2 号茶园");
    await page.fill("#f-regionCode", "469025");
    await page.fill("#f-areaMu", "18.5");
    await page.fill("#f-location-latitude", "19.2241");
    await page.fill("#f-location-longitude", "109.4529");
    await submit();
    if (!page.url().includes("added=true")) throw new Error(`no confirmation: ${page.url()}`);
    await page.getByText("元门乡 2 号茶园").first().waitFor();
  });

  await step("add-batch", async () => {
    await page.goto(`${base}/portal/batches/new`);
    await page.selectOption("#f-plotId", { index: 1 });
    await page.fill("#f-product", "白沙绿茶");
    await page.fill("#f-category", "tea");
    await page.fill("#f-gtin", "6901234567892");
    await page.fill("#f-lot", lot);
    await page.fill("#f-harvestDate", yesterday);
    await page.fill("#f-quantity", "410");
    await page.selectOption("#f-unit", "kg");
    await submit();
    const match = new URL(page.url()).pathname.match(/^\/portal\/batches\/([0-9a-f-]{36})$/);
    if (!match) throw new Error(`not on a batch page: ${page.url()}`);
    batchUrl = `${base}/portal/batches/${match[1]}`;
    return { batch: match[1], lot };
  });

  await step("add-field-event", async () => {
    await page.click(`a[href$="/events/new"]`);
    // The form opens on "harvest": the input-applied fields are hidden (CSS only), and appear for that kind.
    if (await page.locator("#f-input-product").isVisible()) throw new Error("input fields shown for a harvest");
    await page.selectOption("#f-kind", "input-applied");
    await page.locator("#f-input-product").waitFor({ state: "visible" });
    await page.fill("#f-occurredAt", `${yesterday}T08:30`);
    await page.selectOption("#f-occurredAtZone", "+08:00");
    await page.fill("#f-place", "元门乡 2 号茶园");
    await page.fill("#f-actor", "符小明");
    await page.fill("#f-input-product", "苦参碱 0.3% 水剂");
    await page.fill("#f-input-activeIngredient", "matrine");
    await page.fill("#f-input-dose", "120");
    await page.fill("#f-input-doseUnit", "mL/mu");
    await page.screenshot({ path: join(screenshotDir, "portal-event-form-zh.png"), fullPage: true });
    await submit();
    if (!page.url().startsWith(batchUrl)) throw new Error(`not back on the batch page: ${page.url()}`);
    await page.getByText("苦参碱 0.3% 水剂").waitFor();
  });

  await step("add-lab-result", async () => {
    await page.click(`a[href$="/lab-results/new"]`);
    await page.fill("#f-lab", "海南省农产品质量安全检测中心");
    await page.fill("#f-reportNumber", `HN-${lot}`);
    await page.fill("#f-sampleDate", yesterday);
    await page.fill("#f-analytes-0--name", "chlorpyrifos");
    await page.fill("#f-analytes-0--value", "0");
    await page.fill("#f-analytes-2--name", "cypermethrin");
    await page.fill("#f-analytes-2--value", "0.02");
    await submit();
    if (!page.url().startsWith(batchUrl)) throw new Error(`not back on the batch page: ${page.url()}`);
    await page.getByText("cypermethrin").waitFor();
    // Right after the writes, before the next anchoring window closes, the entries are pending.
    return { states: await page.locator("[data-anchoring]").evaluateAll((els) => els.map((e) => e.dataset.anchoring)) };
  });

  await step("wait-anchored", async () => {
    const deadline = Date.now() + anchorTimeoutMs;
    let reloads = 0;
    for (;;) {
      const states = await page.locator("[data-anchoring]").evaluateAll((els) => els.map((e) => e.dataset.anchoring));
      if (states.length === 3 && states.every((s) => s === "anchored")) {
        records = await page.locator("a[data-record]").evaluateAll((els) => els.map((e) => e.dataset.record));
        const text = await page.locator(".badge.anchored").first().innerText();
        return { reloads, records, badge: text };
      }
      if (Date.now() > deadline) throw new Error(`not anchored within ${anchorTimeoutMs / 1000} s: ${states.join(",")}`);
      await page.waitForTimeout(1_000);
      await page.reload({ waitUntil: "load" });
      reloads++;
    }
  });

  await step("screenshot-zh", async () => {
    const file = join(screenshotDir, "portal-batch-zh.png");
    await page.screenshot({ path: file, fullPage: true });
    const badge = await page.locator(".badge.anchored").first().innerText();
    if (badge !== "已上链") throw new Error(`zh badge reads ${badge}`);
    return { file };
  });

  await step("screenshot-en", async () => {
    await page.goto(`${batchUrl}?lang=en`);
    const lang = await page.getAttribute("html", "lang");
    const badge = await page.locator(".badge.anchored").first().innerText();
    if (lang !== "en" || badge !== "anchored") throw new Error(`lang ${lang}, badge ${badge}`);
    // No horizontal scrolling at 360 px: the page fits a phone.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    if (overflow > 0) throw new Error(`the page is ${overflow} px wider than the 360 px viewport`);
    const file = join(screenshotDir, "portal-batch-en.png");
    await page.screenshot({ path: file, fullPage: true });
    return { file };
  });

  print({ step: "done", ok: true, batch: batchUrl.split("/").pop(), records });
} catch {
  process.exitCode = 1;
} finally {
  await context?.close().catch(() => {});
  rmSync(userDataDir, { recursive: true, force: true });
}
