// Debian's Chromium as the consumer-page tests use it: headless, none of its background connections (this machine's
// network is closed and refuses them by the dozen), and a phone-sized context per case.
import { chromium } from "playwright-core";

export const executablePath = process.env.CHROMIUM ?? "/usr/bin/chromium";

export function launchChromium() {
  return chromium.launch({
    executablePath,
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
}

/** A 360 px wide touch phone in the given locale, with or without JavaScript. */
export function newPhoneContext(browser, { locale, js }) {
  return browser.newContext({
    viewport: { width: 360, height: 760 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale,
    javaScriptEnabled: js,
  });
}

/**
 * Collects the page's errors: every console error (CSP violations are reported there) and uncaught exception, except
 * the browser's own favicon request and, when given, the page URL whose non-200 status is the expected answer.
 */
export function collectPageErrors(page, expectedErrorUrl) {
  const errors = [];
  page.on("console", (m) => {
    const url = m.location()?.url ?? "";
    if (m.type() !== "error" || url.endsWith("/favicon.ico") || (expectedErrorUrl && url === expectedErrorUrl)) return;
    errors.push(`${m.text()} (${url})`);
  });
  page.on("pageerror", (e) => errors.push(String(e)));
  return errors;
}
