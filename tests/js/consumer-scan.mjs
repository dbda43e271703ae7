// Scans in a real (headless Debian) Chromium driven by playwright-core: each case opens a link the real service
// resolves (issue 6's end-to-end browser test), in a fresh phone-sized context with the case's locale, JavaScript on
// or off, and extra headers on requests to the service (the coarse location a proxy in front of it would add).
// Reads what a person sees: <html lang>, the h1, the verdict's colour class and reasons, the recall notice, the
// licence section; with JavaScript, presses "check" and waits for the in-browser proof check's outcome and which
// checks passed, failed or were left unchecked. Console errors (CSP and CORS violations included) are reported.
// Prints one JSON line per case; a full-page screenshot per case lands in <screenshotDir>/scan-<name>.png.
//   node consumer-scan.mjs <baseUrl> <screenshotDir> '<cases JSON: [{name, path, locale, js, headers?, expectStatus?}]>'
// Used by tests/EcoValue.Api.Tests/Verification/ScanBrowserTests.cs, which prepares the service and its data.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { collectPageErrors, launchChromium, newPhoneContext } from "./phone-chromium.mjs";

const [baseUrl, screenshotDir, casesJson] = process.argv.slice(2);
if (!baseUrl || !screenshotDir || !casesJson) {
  process.stderr.write("usage: node consumer-scan.mjs <baseUrl> <screenshotDir> <cases JSON>\n");
  process.exit(2);
}

const base = baseUrl.replace(/\/$/, "");
mkdirSync(screenshotDir, { recursive: true });
const print = (line) => process.stdout.write(JSON.stringify(line) + "\n");
const text = async (locator) => ((await locator.count()) > 0 ? (await locator.first().innerText()).replace(/\s+/g, " ").trim() : null);

const browser = await launchChromium();
try {
  for (const c of JSON.parse(casesJson)) {
    const context = await newPhoneContext(browser, { locale: c.locale, js: c.js });
    const page = await context.newPage();
    if (c.headers) {
      // As the proxy in front of the service would: only requests to the service carry them, not the browser's
      // calls to the public node (which would refuse them in CORS preflight).
      await page.route(base + "/**", (route) => route.continue({ headers: { ...route.request().headers(), ...c.headers } }));
    }
    page.setDefaultTimeout(20_000);
    const errors = collectPageErrors(page, c.expectStatus ? base + c.path : null);
    const result = { name: c.name, ok: true };
    try {
      const response = await page.goto(base + c.path);
      result.status = response?.status();
      result.lang = await page.getAttribute("html", "lang");
      result.h1 = await text(page.locator("h1"));
      result.tone = await page.getAttribute("section.verdict", "class");
      result.verdict = await text(page.locator("section.verdict"));
      result.reasons = await page.locator("section.verdict ul.reasons li").evaluateAll((els) =>
        els.map((e) => ({ code: e.getAttribute("data-code"), text: e.textContent.replace(/\s+/g, " ").trim() })));
      result.recall = await text(page.locator("section[aria-labelledby=recall]"));
      result.licence = await text(page.locator("section[aria-labelledby=licence]"));
      result.overflow = await page.evaluate(() => Math.max(document.documentElement.scrollWidth - document.documentElement.clientWidth,
        ...[...document.querySelectorAll("main section")].map((s) => s.scrollWidth - s.clientWidth)));
      const button = page.locator("#ev-check");
      result.buttonVisible = (await button.count()) > 0 && (await button.isVisible());
      if (c.js && result.buttonVisible) {
        await button.click();
        const overall = page.locator("#ev-results .ev-overall");
        // The chain is asked over the network: wait for the outcome, not just the first line.
        await overall.waitFor();
        result.outcome = await overall.getAttribute("data-outcome");
        result.overall = await overall.innerText();
        result.failed = await page.locator("#ev-results li.ev-fail").evaluateAll((els) => els.map((e) => e.getAttribute("data-key")));
        result.passed = await page.locator("#ev-results li.ev-pass").evaluateAll((els) => els.map((e) => e.getAttribute("data-key")));
        result.skipped = await page.locator("#ev-results li.ev-skip").evaluateAll((els) => els.map((e) => e.getAttribute("data-key")));
      }
      await page.screenshot({ path: join(screenshotDir, `scan-${c.name}.png`), fullPage: true });
    } catch (error) {
      result.ok = false;
      result.error = String(error?.message ?? error).split("\n").slice(0, 6).join(" | ");
      await page.screenshot({ path: join(screenshotDir, `scan-failed-${c.name}.png`), fullPage: true }).catch(() => {});
    }
    result.errors = errors;
    print(result);
    await context.close();
  }
} finally {
  await browser.close().catch(() => {});
}
