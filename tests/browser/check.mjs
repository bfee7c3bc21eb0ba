// Opens pages in headless Chromium over the DevTools protocol and reports, as JSON on
// stdout, what tests/test_browser.py checks: console errors and uncaught exceptions
// (Content-Security-Policy violations included), right-to-left text actually laid out
// right to left, the timeline drawn, an axe-core accessibility run, a full-page PNG
// screenshot and, for the pages named with --pdf, the page printed to PDF (A4 print
// stylesheet).
//
// node check.mjs --chromium /usr/bin/chromium --out DIR [--pdf NAME.html]... [--width 1100]
//     [--media print] [--preview HEIGHT] PAGE...
// (--preview also saves the top HEIGHT pixels of each page as NAME.preview.png)
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import CDP from "chrome-remote-interface";

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

function parseArgs(argv) {
  const opts = {
    chromium: "/usr/bin/chromium", out: ".", pdf: [], width: 1100, media: "", preview: 0,
    pages: [],
  };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === "--chromium") { opts.chromium = argv[++i]; }
    else if (arg === "--out") { opts.out = argv[++i]; }
    else if (arg === "--width") { opts.width = Number(argv[++i]); }
    else if (arg === "--pdf") { opts.pdf.push(argv[++i]); }
    else if (arg === "--media") { opts.media = argv[++i]; }
    else if (arg === "--preview") { opts.preview = Number(argv[++i]); }
    else { opts.pages.push(arg); }
  }
  return opts;
}

function launch(chromium) {
  const profile = mkdtempSync(join(tmpdir(), "cd-chromium-"));
  const child = spawn(chromium, [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--hide-scrollbars", "--mute-audio", "--remote-debugging-port=0",
    `--user-data-dir=${profile}`, "about:blank",
  ], { stdio: ["ignore", "ignore", "pipe"], detached: true });
  return new Promise((ok, fail) => {
    let seen = "";
    const timer = setTimeout(() => fail(new Error(`chromium did not start: ${seen}`)), 60000);
    child.stderr.on("data", (chunk) => {
      seen += chunk.toString();
      const match = seen.match(/DevTools listening on (ws:\/\/[^\s]+)/);
      if (match) {
        clearTimeout(timer);
        const url = new URL(match[1]);
        ok({ child, profile, host: url.hostname, port: Number(url.port) });
      }
    });
    child.once("exit", (code) => fail(new Error(`chromium exited (${code}): ${seen}`)));
  });
}

async function checkPage(browser, page, opts) {
  const target = await CDP.New({ host: browser.host, port: browser.port, url: "about:blank" });
  const client = await CDP({ host: browser.host, port: browser.port, target });
  const { Page, Runtime, Log, Emulation } = client;
  const errors = [];
  Runtime.consoleAPICalled(({ type, args }) => {
    if (type === "error" || type === "assert") {
      errors.push(`console.${type}: ${args.map((a) => a.value ?? a.description).join(" ")}`);
    }
  });
  Runtime.exceptionThrown(({ exceptionDetails }) => {
    errors.push(`exception: ${exceptionDetails.exception?.description ?? exceptionDetails.text}`);
  });
  Log.entryAdded(({ entry }) => {
    if (entry.level === "error") { errors.push(`${entry.source}: ${entry.text}`); }
  });
  await Promise.all([Page.enable(), Runtime.enable(), Log.enable()]);
  if (opts.media) { await Emulation.setEmulatedMedia({ media: opts.media }); }
  await Emulation.setDeviceMetricsOverride({
    width: opts.width, height: 900, deviceScaleFactor: 1, mobile: false,
  });
  const loaded = Page.loadEventFired();
  await Page.navigate({ url: pathToFileURL(resolve(page)).href });
  await loaded;
  const facts = await Runtime.evaluate({
    returnByValue: true,
    expression: `(() => {
      const rtl = [...document.querySelectorAll('[dir="rtl"]')]
        .filter((e) => getComputedStyle(e).direction === "rtl" && e.textContent.trim());
      const svg = document.querySelector("svg.timeline");
      const box = svg ? svg.getBoundingClientRect() : null;
      const script = [...document.querySelectorAll("script")].length;
      const filter = document.getElementById("filter-box");
      return {
        title: document.title,
        lang: document.documentElement.lang,
        rtl: rtl.length,
        rtlSample: rtl.slice(0, 3).map((e) => e.textContent.trim().slice(0, 40)),
        timeline: svg ? {
          width: box.width, height: box.height,
          marks: svg.querySelectorAll("g.tl-mark").length,
          title: svg.querySelector("title") ? svg.querySelector("title").textContent : null,
        } : null,
        scripts: script,
        filterShown: filter ? !filter.hidden : null,
        externalResources: performance.getEntriesByType("resource").map((r) => r.name),
      };
    })()`,
  });
  const metrics = await Page.getLayoutMetrics();
  const height = Math.ceil(metrics.cssContentSize.height);
  await Emulation.setDeviceMetricsOverride({
    width: opts.width, height: Math.min(height, 16000), deviceScaleFactor: 1, mobile: false,
  });
  const shot = await Page.captureScreenshot({ format: "png", captureBeyondViewport: true });
  const png = join(opts.out, `${basename(page).replace(/\.[^.]+$/, "")}.png`);
  writeFileSync(png, Buffer.from(shot.data, "base64"));
  let preview = null;
  if (opts.preview > 0) {
    const top = await Page.captureScreenshot({
      format: "png",
      clip: { x: 0, y: 0, width: opts.width, height: Math.min(opts.preview, height), scale: 1 },
    });
    preview = png.replace(/\.png$/, ".preview.png");
    writeFileSync(preview, Buffer.from(top.data, "base64"));
  }
  await Runtime.evaluate({ expression: AXE_SOURCE });
  const axe = await Runtime.evaluate({
    awaitPromise: true,
    returnByValue: true,
    expression: `axe.run(document, { resultTypes: ["violations"] }).then((r) =>
      r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.slice(0, 5).map((n) => n.target.join(" ")) })))`,
  });
  let pdf = null;
  if (opts.pdf.includes(basename(page))) {
    await Emulation.clearDeviceMetricsOverride();
    const printed = await Page.printToPDF({ preferCSSPageSize: true, printBackground: true });
    pdf = join(opts.out, `${basename(page).replace(/\.[^.]+$/, "")}.pdf`);
    writeFileSync(pdf, Buffer.from(printed.data, "base64"));
  }
  await client.close();
  await CDP.Close({ host: browser.host, port: browser.port, id: target.id });
  return {
    page,
    screenshot: png,
    preview,
    pdf,
    errors,
    axe: axe.exceptionDetails ? { error: axe.exceptionDetails.text } : axe.result.value,
    ...facts.result.value,
  };
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const browser = await launch(opts.chromium);
  const results = [];
  try {
    for (const page of opts.pages) {
      results.push(await checkPage(browser, page, opts));
    }
  } finally {
    const exited = new Promise((ok) => {
      if (browser.child.exitCode !== null) { ok(); return; }
      browser.child.on("exit", ok);
      setTimeout(ok, 10000);
    });
    try {
      process.kill(-browser.child.pid, "SIGTERM"); // the browser and its helpers
    } catch {
      browser.child.kill("SIGTERM");
    }
    await exited;
    try {
      rmSync(browser.profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
    } catch (err) {
      process.stderr.write(`could not remove ${browser.profile}: ${err.message}\n`);
    }
  }
  process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
}

main().catch((err) => {
  process.stderr.write(`${err.stack || err}\n`);
  process.exit(2);
});
