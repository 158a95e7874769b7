// Opens the Deploy-Code status page in Debian's chromium, as an operator would, and reports what it shows as JSON:
//   node status-page.mjs --out <folder> (--dashboard <login url> --resource <name> --link <text> | --status <url>)
// From the dashboard: signs in through the login link, finds the link on the resource's row, and follows it.
// Then: the graph's nodes and edges, the components table, the deployment's state, and axe-core's WCAG 2 A/AA findings.
// A screenshot of each page goes into the out folder. Exits 1, with the reason on stderr, when a step fails.
import { chromium } from 'playwright-core';
import { createRequire } from 'node:module';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const options = Object.fromEntries(process.argv.slice(2).reduce((pairs, arg, index, all) =>
  arg.startsWith('--') ? [...pairs, [arg.slice(2), all[index + 1]]] : pairs, []));
// A step that fails says what it was, where the page was and what it showed, and leaves a screenshot of it.
let page;
const step = async (what, action) => {
  try {
    return await action();
  } catch (error) {
    let seen = '';
    try {
      await page.screenshot({ path: join(options.out, 'failure.png'), fullPage: true });
      seen = ` (at ${page.url()}, showing: ${(await page.innerText('body')).replace(/\s+/g, ' ').slice(0, 600)})`;
    } catch { }
    throw new Error(`${what}: ${error.message.split('\n')[0]}${seen}`);
  }
};

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
try {
  mkdirSync(options.out, { recursive: true });
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  // The dashboard is a Blazor app: under a loaded machine its first render takes a while.
  page.setDefaultTimeout(90000);
  const report = {};
  let status = options.status;
  if (options.dashboard) {
    await step('the dashboard login link', () => page.goto(options.dashboard));
    const link = await step(`the "${options.link}" link on the ${options.resource} row`, async () => {
      const row = page.locator('fluent-data-grid-row, [role="row"]').filter({ has: page.getByText(options.resource, { exact: true }) }).first();
      const anchor = row.getByRole('link', { name: options.link });
      await anchor.waitFor();
      return anchor;
    });
    status = await link.getAttribute('href');
    report.dashboardLink = status;
    await page.screenshot({ path: join(options.out, 'dashboard.png') });
  }

  await step(`the status page ${status}`, async () => { await page.goto(status); await page.locator('svg.plan').waitFor(); });
  await page.screenshot({ path: join(options.out, 'status-page.png'), fullPage: true });
  Object.assign(report, await page.evaluate(() => ({
    title: document.title,
    deployment: document.getElementById('deployment-state')?.textContent,
    nodes: [...document.querySelectorAll('svg.plan g.node')].map(node => ({ component: node.dataset.component, text: node.querySelector('text.state')?.textContent })),
    edges: [...document.querySelectorAll('svg.plan path.edge')].map(edge => ({ from: edge.dataset.from, to: edge.dataset.to })),
    rows: [...document.querySelectorAll('table.components tbody tr')].map(row => ({
      component: row.dataset.component,
      cells: [...row.querySelectorAll('th, td')].map(cell => cell.textContent.trim()),
    })),
  })));
  const axe = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
  await page.addScriptTag({ path: axe });
  report.violations = await page.evaluate(async () =>
    (await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })).violations
      .map(violation => ({ id: violation.id, impact: violation.impact, help: violation.help, targets: violation.nodes.map(node => node.target.join(' ')) })));
  process.stdout.write(JSON.stringify(report));
} catch (error) {
  process.stderr.write(`${error.message}\n`);
  process.exitCode = 1;
} finally {
  await browser.close();
}
