// The consumer page in a real (headless Debian) Chromium driven by playwright-core, on a phone-sized viewport:
// for each case, open the page (in a fresh context with the case's locale, JavaScript on or off), read what a person
// sees first (html lang, the h1, the verdict's colour class), check the page fits 360 px, then, with JavaScript,
// press "check" and wait for the in-browser proof check's outcome. Console errors (CSP violations included) are
// reported. Prints one JSON line per case; a screenshot per case lands in <screenshotDir>/consumer-<name>.png.
//   node consumer-page.mjs <baseUrl> <screenshotDir> '<cases JSON: [{name, path, locale, js, expectStatus?}]>'
// Used by tests/EcoValue.Api.Tests/Verification/ConsumerPageBrowserTests.cs, which serves the pages.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { collectPageErrors, launchChromium, newPhoneContext } from "./phone-chromium.mjs";

const [baseUrl, screenshotDir, casesJson] = process.argv.slice(2);
if (!baseUrl || !screenshotDir || !casesJson) {
  process.stderr.write("usage: node consumer-page.mjs <baseUrl> <screenshotDir> <cases JSON>\n");
  process.exit(2);
}

const base = baseUrl.replace(/\/$/, "");
mkdirSync(screenshotDir, { recursive: true });
const print = (line) => process.stdout.write(JSON.stringify(line) + "\n");

const browser = await launchChromium();
try {
  for (const c of JSON.parse(casesJson)) {
    const context = await newPhoneContext(browser, { locale: c.locale, js: c.js });
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    const errors = collectPageErrors(page, c.expectStatus ? base + c.path : null);
    const result = { name: c.name, ok: true };
    try {
      const response = await page.goto(base + c.path);
      result.status = response?.status();
      result.lang = await page.getAttribute("html", "lang");
      result.h1 = (await page.locator("h1").innerText()).replace(/\s+/g, " ").trim();
      result.tone = await page.getAttribute("section.verdict", "class");
      // Nothing wider than the phone, nor than its own card (a table poking out of a card is cut off on a phone).
      result.overflow = await page.evaluate(() => Math.max(document.documentElement.scrollWidth - document.documentElement.clientWidth,
        ...[...document.querySelectorAll("main section")].map((s) => s.scrollWidth - s.clientWidth)));
      const button = page.locator("#ev-check");
      result.buttonVisible = (await button.count()) > 0 && (await button.isVisible());
      if (c.js && result.buttonVisible) {
        await button.click();
        const overall = page.locator("#ev-results .ev-overall");
        await overall.waitFor();
        result.outcome = await overall.getAttribute("data-outcome");
        result.overall = await overall.innerText();
        result.failed = await page.locator("#ev-results li.ev-fail").evaluateAll((els) => els.map((e) => e.getAttribute("data-key")));
        result.passed = await page.locator("#ev-results li.ev-pass").count();
        result.skipped = await page.locator("#ev-results li.ev-skip").count();
        result.live = await page.getAttribute("#ev-results", "aria-live");
      }
      await page.screenshot({ path: join(screenshotDir, `consumer-${c.name}.png`), fullPage: true });
    } catch (error) {
      result.ok = false;
      result.error = String(error?.message ?? error).split("\n").slice(0, 6).join(" | ");
      await page.screenshot({ path: join(screenshotDir, `consumer-failed-${c.name}.png`), fullPage: true }).catch(() => {});
    }
    result.errors = errors;
    print(result);
    await context.close();
  }
} finally {
  await browser.close().catch(() => {});
}
