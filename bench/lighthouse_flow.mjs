// Lighthouse on pages of a tab that is already signed in (eBOK's session is bound to the tab), run by
// bench/ui.py as `node --input-type=module -e <this file>` in tools/ (so that the packages installed there
// resolve) with EBOK_LH_ARGS = [browser-url, page-url-substring, "mobile" | "desktop", url...].
// Prints {url: {performance, accessibility, cls, tbt_ms}} as JSON.
import puppeteer from "puppeteer-core";
import { startFlow } from "lighthouse";
import desktopConfig from "lighthouse/core/config/desktop-config.js";

const [browserURL, tabMatch, preset, ...urls] = JSON.parse(process.env.EBOK_LH_ARGS);
const browser = await puppeteer.connect({ browserURL, defaultViewport: null });
const page = (await browser.pages()).find((p) => p.url().includes(tabMatch));
if (!page) throw new Error(`no signed-in tab at ${tabMatch}`);
const config = preset === "desktop" ? desktopConfig : undefined;
const flags = { disableStorageReset: true, onlyCategories: ["performance", "accessibility"] };
const out = {};
for (const url of urls) {
  const flow = await startFlow(page, { config, flags });
  await flow.navigate(url);
  const lhr = (await flow.createFlowResult()).steps[0].lhr;
  out[url] = {
    performance: lhr.categories.performance?.score ?? null,
    accessibility: lhr.categories.accessibility?.score ?? null,
    cls: lhr.audits["cumulative-layout-shift"]?.numericValue ?? null,
    tbt_ms: lhr.audits["total-blocking-time"]?.numericValue ?? null,
  };
}
await browser.disconnect();
console.log(JSON.stringify(out));
