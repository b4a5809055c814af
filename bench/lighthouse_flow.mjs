// Lighthouse on pages of a tab that is already signed in (eBOK's session is bound to the tab), run by
// bench/ui.py with Bun (Lighthouse 13 needs a newer JavaScript than the machine's Node 20) as
// `bun -e <this file>` in tools/ (so that the packages installed there resolve), with
// EBOK_LH_ARGS = [browser-url, page-url-substring, "mobile" | "desktop", url...].
// Each page loads with an empty HTTP cache (what a first visit downloads) but keeps the tab's storage and
// the browser's own user agent: eBOK ends a session whose tab comes back as another browser.
// Prints {url: {performance, accessibility, cls, tbt_ms, benchmark_index}} as JSON; with EBOK_LH_DEBUG=dir
// it also writes each page's whole report there.
import { writeFileSync } from "node:fs";
import puppeteer from "puppeteer-core";
import { startFlow } from "lighthouse";
import desktopConfig from "lighthouse/core/config/desktop-config.js";

const [browserURL, tabMatch, preset, ...urls] = JSON.parse(process.env.EBOK_LH_ARGS);
const browser = await puppeteer.connect({ browserURL, defaultViewport: null });
const page = (await browser.pages()).find((p) => p.url().includes(tabMatch));
if (!page) throw new Error(`no signed-in tab at ${tabMatch}`);
const config = preset === "desktop" ? desktopConfig : undefined;
const flags = {
  disableStorageReset: true,
  emulatedUserAgent: false,
  onlyCategories: ["performance", "accessibility"],
};
const cdp = await page.createCDPSession();
const out = {};
for (const url of urls) {
  await cdp.send("Network.clearBrowserCache");
  const flow = await startFlow(page, { config, flags });
  await flow.navigate(url);
  const lhr = (await flow.createFlowResult()).steps[0].lhr;
  if (lhr.runtimeError) throw new Error(`${url}: ${lhr.runtimeError.message}`);
  if (!lhr.finalDisplayedUrl.startsWith(url)) throw new Error(`${url} ended at ${lhr.finalDisplayedUrl}`);
  if (process.env.EBOK_LH_DEBUG) {
    writeFileSync(`${process.env.EBOK_LH_DEBUG}/${preset}${url.replace(/[^a-z0-9]+/g, "_")}.json`, JSON.stringify(lhr));
  }
  out[url] = {
    performance: lhr.categories.performance?.score ?? null,
    accessibility: lhr.categories.accessibility?.score ?? null,
    cls: lhr.audits["cumulative-layout-shift"]?.numericValue ?? null,
    tbt_ms: lhr.audits["total-blocking-time"]?.numericValue ?? null,
    benchmark_index: lhr.environment.benchmarkIndex,
  };
}
await browser.disconnect();
console.log(JSON.stringify(out));
