// A buyer at a trade fair, in a real (headless Debian) Chromium driven by playwright-core: signs in through the portal
// login form, opens Bulk verify, uploads a CSV of codes, sees the report, downloads the signed JSON. With a camera
// video (a .y4m file Chromium plays as its fake camera), it instead starts the page's camera scan and waits for the
// code in the video to land in the paste box, once. Prints one JSON line per step ({"step", "ok", ...}); exits 1
// after the first failure.
//   node portal-buyer.mjs upload <baseUrl> <username> <password> <csvFile> <downloadFile> <screenshotDir>
//   node portal-buyer.mjs camera <baseUrl> <username> <password> <y4mFile> <expectedCode> <screenshotDir>
// Used by tests/EcoValue.Api.Tests/Portal/PortalBuyerBrowserTests.cs, which starts anvil and the service first.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { executablePath } from "./phone-chromium.mjs";

const [mode, baseUrl, username, password, file, target, screenshotDir] = process.argv.slice(2);
if (!["upload", "camera"].includes(mode) || !baseUrl || !username || !password || !file || !target || !screenshotDir) {
  process.stderr.write("usage: node portal-buyer.mjs upload|camera <baseUrl> <username> <password> <csv|y4m> <downloadFile|expectedCode> <screenshotDir>\n");
  process.exit(2);
}

const base = baseUrl.replace(/\/$/, "");
mkdirSync(screenshotDir, { recursive: true });
const print = (line) => process.stdout.write(JSON.stringify(line) + "\n");
const args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];
if (mode === "camera") {
  args.push("--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream", `--use-file-for-fake-video-capture=${file}`);
}

let browser;
let page;
const errors = [];

async function step(name, body) {
  const started = Date.now();
  try {
    const data = (await body()) ?? {};
    print({ step: name, ok: true, ms: Date.now() - started, ...data });
  } catch (error) {
    print({ step: name, ok: false, ms: Date.now() - started, url: page?.url(), error: String(error?.message ?? error).split("\n").slice(0, 6).join(" | ") });
    if (page) await page.screenshot({ path: join(screenshotDir, `buyer-bulk-failed-${name}.png`), fullPage: true }).catch(() => {});
    throw error;
  }
}

try {
  browser = await chromium.launch({ executablePath, headless: true, args });
  // A phone: 360 px wide, touch; English, so the test reads the English words.
  const context = await browser.newContext({ viewport: { width: 360, height: 760 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: "en", acceptDownloads: true });
  if (mode === "camera") await context.grantPermissions(["camera"], { origin: base });
  page = await context.newPage();
  page.setDefaultTimeout(20_000);
  page.on("console", (m) => {
    const url = m.location()?.url ?? "";
    // The browser asks for /favicon.ico on its own; the portal has none.
    if (m.type() === "error" && !url.endsWith("/favicon.ico")) errors.push(`${m.text()} (${url})`);
  });
  page.on("pageerror", (e) => errors.push(String(e)));

  await step("sign-in", async () => {
    // Bulk verify first: the portal sends the stranger to sign in and back again.
    await page.goto(`${base}/portal/verify?lang=en`);
    if (!new URL(page.url()).pathname.startsWith("/portal/login")) throw new Error(`not sent to sign in: ${page.url()}`);
    await page.fill("#f-username", username);
    await page.fill("#f-password", password);
    await Promise.all([page.waitForURL((u) => u.pathname === "/portal/verify"), page.locator("main form button[type=submit]").first().click()]);
    return { heading: await page.locator("h1").innerText() };
  });

  if (mode === "upload") {
    await step("upload", async () => {
      await page.setInputFiles("#f-file", file);
      await page.fill("#f-label", "Expo booth 12");
      await page.screenshot({ path: join(screenshotDir, "buyer-bulk-verify-en.png"), fullPage: true });
      const [response] = await Promise.all([
        page.waitForURL((u) => u.pathname.startsWith("/portal/reports/")),
        page.locator("main form button[type=submit]").last().click(),
      ]);
      const statuses = await page.locator("#results tbody tr").evaluateAll((rows) => rows.map((r) => r.dataset.status));
      const badges = await page.locator("#results tbody tr td:nth-child(3)").allInnerTexts();
      await page.screenshot({ path: join(screenshotDir, "buyer-bulk-report-en.png"), fullPage: true });
      return { url: page.url(), statuses, badges, report: await page.locator("#report-id").innerText(), signer: await page.locator("#report-signer").innerText(), status: response?.status?.() };
    });

    await step("download-json", async () => {
      const [download] = await Promise.all([page.waitForEvent("download"), page.click("#download-json")]);
      await download.saveAs(target);
      return { file: target, name: download.suggestedFilename() };
    });
  } else {
    await step("camera", async () => {
      if (!(await page.locator("#scan").isVisible())) throw new Error("the camera control is hidden");
      await page.click("#scan-toggle");
      await page.waitForFunction((code) => document.getElementById("f-codes").value.includes(code), target, { timeout: 30_000 });
      // Let the same code pass the camera a few more times: it must not be added again.
      await page.waitForTimeout(1500);
      await page.screenshot({ path: join(screenshotDir, "buyer-bulk-camera-en.png"), fullPage: true });
      const value = await page.inputValue("#f-codes");
      const count = await page.locator("#scan-count").innerText();
      await page.click("#scan-toggle");
      return { value, count, decoder: await page.evaluate(() => ("BarcodeDetector" in window ? "BarcodeDetector" : typeof window.jsQR === "function" ? "jsQR" : "none")) };
    });
  }

  await step("done", async () => ({ errors }));
  if (errors.length > 0) process.exitCode = 1;
} catch {
  process.exitCode = 1;
} finally {
  await browser?.close();
}
