// The dashboard in a real browser: Debian's headless Chromium driven by playwright-core, against a
// daemon this test starts on the real plan (loopback, a port the kernel picks). It opens the
// overview, follows a late task to its page, records a fact through the form (a bad one first: the
// CLI's message is shown), sees the status change, and visits every page, with a screenshot each.
//
//   DONDOC_BINARY=build/dondoc node tests/browser/dashboard.test.js   (run by ctest: browser_dashboard)
'use strict';

const { chromium } = require('playwright-core');
const { spawn } = require('child_process');
const assert = require('assert/strict');
const fs = require('fs');
const os = require('os');
const path = require('path');

const root = path.resolve(__dirname, '../..');
const binary = process.env.DONDOC_BINARY || path.join(root, 'build/dondoc');
const shots = process.env.DONDOC_SCREENSHOTS || path.join(root, 'build/browser');
const token = 'browser-test-token';

function startDaemon(dir) {
  fs.writeFileSync(path.join(dir, 'token'), `${token}\n`);
  const child = spawn(binary, ['run', path.join(root, 'rules/thanh-hoa-557'), '--db', path.join(dir, 's.db'), '--clock', 'sim:2023-06-01:0.00001',
    '--tick', '50', '--http', '127.0.0.1:0', '--token-file', path.join(dir, 'token'), '--sink', `jsonl:${path.join(dir, 'out.jsonl')}`],
  { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the daemon did not start:\n${log}`)), 60000);
    child.stderr.on('data', (d) => {
      log += d;
      const m = /http: listening on http:\/\/127\.0\.0\.1:(\d+)\//.exec(log);
      if (m) { clearTimeout(timer); resolve({ child, port: Number(m[1]) }); }
    });
    child.on('exit', (code) => reject(new Error(`the daemon exited (${code}):\n${log}`)));
  });
}

async function shot(page, name) {
  await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
}

async function main() {
  fs.mkdirSync(shots, { recursive: true });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dondoc-browser-'));
  const { child, port } = await startDaemon(dir);
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    const base = `http://127.0.0.1:${port}/`;

    // Overview: Vietnamese by default, II.3 (due Quý I/2023) among the late tasks on 01/06/2023.
    await page.goto(base);
    await page.waitForSelector('#summary');
    assert.match(await page.textContent('h1'), /tình hình đến ngày 01\/06\/2023/);
    assert.match(await page.textContent('#summary'), /nhiệm vụ quá hạn/);
    await shot(page, 'overview');

    // Follow the late task to its page.
    await page.click('a[href="#/task/II.3"]');
    await page.waitForSelector('#task-status');
    assert.match(await page.textContent('#task-status'), /Đang thực hiện quá hạn/);
    assert.match(await page.textContent('main'), /Cách tính ngày/);
    await shot(page, 'task-late');

    // Record: a fact naming a task that does not exist gets the CLI's message, then the real one.
    await page.click('a[href="#/record"]');
    await page.waitForSelector('#record-form');
    await page.fill('textarea[name=facts]', 'hoàn thành II.999 ngày 20/03/2023');
    await page.fill('input[name=by]', 'Kiểm thử trình duyệt');
    await page.fill('input[name=token]', token);
    await page.click('button[type=submit]');
    await page.waitForSelector('#record-result.error');
    assert.match(await page.textContent('#record-result'), /422/);
    assert.match(await page.textContent('#record-result'), /II\.999/);
    await shot(page, 'record-refused');
    await page.fill('textarea[name=facts]', 'hoàn thành II.3 ngày 20/03/2023 { văn bản "Tờ trình số 45/TTr-SXD (kiểm thử)" }');
    await page.click('button[type=submit]');
    await page.waitForSelector('#record-result.ok');
    assert.match(await page.textContent('#record-result'), /Đã ghi #1: hoàn thành II.3 ngày 20\/03\/2023/);
    await shot(page, 'record-done');

    // The status changed.
    await page.goto(`${base}#/task/II.3`);
    await page.waitForFunction(() => /Hoàn thành đúng hạn/.test(document.querySelector('#task-status')?.textContent || ''));
    assert.match(await page.textContent('#facts'), /Kiểm thử trình duyệt/);
    await shot(page, 'task-done');

    for (const [hash, name, selector] of [['#/agency/SXD', 'agency', 'h1'], ['#/timeline', 'timeline', '#timeline'],
      ['#/graph', 'graph', '#graph'], ['#/escalations', 'escalations', 'table']]) {
      await page.goto(`${base}${hash}`);
      await page.waitForSelector(selector);
      await shot(page, name);
    }

    // English.
    await page.goto(base);
    await page.waitForSelector('#summary');
    await page.click('#lang');
    await page.waitForFunction(() => /status on/.test(document.querySelector('h1')?.textContent || ''));
    assert.match(await page.textContent('#summary'), /tasks overdue/);
    await shot(page, 'overview-en');
    assert.deepEqual(errors, []);
    console.log(`browser test passed; screenshots in ${shots}`);
  } finally {
    await browser.close();
    child.kill('SIGTERM');
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
