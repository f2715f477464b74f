// The console in a real browser: Debian's Chromium driven by playwright-core, never a browser of Playwright's own.
// Run by the e2e ConsoleIT against a real local system; exits 0 only when every step held.
//
// Environment: CONSOLE_URL, RESERVATION_SERVICE_URL, SCREENSHOT (the PNG to write), CHROMIUM (default
// /usr/bin/chromium), STEP_TIMEOUT_SECONDS (how long one step may wait for the page; default 300, as a service's
// restart on a busy two-core machine can take minutes).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";

const consoleUrl = required("CONSOLE_URL");
const reservationService = required("RESERVATION_SERVICE_URL");
const screenshot = required("SCREENSHOT");
const executablePath = process.env.CHROMIUM || "/usr/bin/chromium";
const stepTimeout = Number(process.env.STEP_TIMEOUT_SECONDS || 300) * 1000;

function required(name) {
  const value = process.env[name];
  if (!value) {
    console.error(`${name} is not set`);
    process.exit(2);
  }
  return value;
}

const started = Date.now();
const seconds = (from) => ((Date.now() - from) / 1000).toFixed(1);

async function step(name, body) {
  const from = Date.now();
  await body();
  console.log(`[console-test] ${seconds(started).padStart(6)} s  ok  ${name} (${seconds(from)} s)`);
}

async function api(path) {
  const response = await fetch(new URL(path, reservationService));
  if (!response.ok) throw new Error(`GET ${path}: ${response.status}`);
  return response.json();
}

function check(condition, message) {
  if (!condition) throw new Error(message);
}

const profile = mkdtempSync(join(tmpdir(), "console-test-chromium-"));
const context = await chromium.launchPersistentContext(profile, {
  executablePath,
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync"],
  viewport: { width: 1500, height: 1000 },
});
const page = context.pages()[0] || (await context.newPage());
page.setDefaultTimeout(stepTimeout);
const consoleErrors = [];
page.on("console", (message) => {
  if (message.type() === "error") consoleErrors.push(message.text());
});
page.on("pageerror", (error) => consoleErrors.push(error.message));

const field = (name) => page.locator(`[data-field="${name}"]`).first();
const memberRow = (id) => page.locator(`#members tr[data-member="${id}"]`);
const memberCell = (id, column) => memberRow(id).locator(`td[data-col="${column}"]`);
const handle = (part, name) => page.locator(`button[data-part="${part}"][data-handle="${name}"]`);
const partStatus = (part) => page.locator(`.part[data-part="${part}"] .part-status`);
const activity = (pattern) => page.locator("#activity li").filter({ hasText: pattern }).first();
const eventCell = (member, type, column) => page.locator("#events tbody tr")
  .filter({ has: page.locator('td[data-col="member"]', { hasText: member.slice(0, 8) }) })
  .filter({ has: page.locator('td[data-col="type"]', { hasText: new RegExp(`^${type}$`) }) })
  .locator(`td[data-col="${column}"]`);

async function expectText(locator, text) {
  await locator.filter({ hasText: new RegExp(`^${text}$`) }).waitFor();
}

async function watchedMemberIds() {
  return page.locator("#members tbody tr").evaluateAll((rows) => rows.map((row) => row.dataset.member));
}

let failed = false;
try {
  await step("the page loads and shows both services UP", async () => {
    await page.goto(consoleUrl);
    await expectText(field("memberService.health"), "UP");
    await expectText(field("reservationService.health"), "UP");
    check(consoleErrors.length === 0, `console errors: ${consoleErrors.join(" | ")}`);
  });

  let members;
  await step("registering 4 members with 2 reservations each from the page", async () => {
    await page.fill("#register-members", "4");
    await page.fill("#register-reservations", "2");
    await page.click("#register");
    await page.locator("#members tbody tr").nth(3).waitFor();
    members = await watchedMemberIds();
    check(members.length === 4, `expected 4 watched members, the page shows ${members.length}`);
    for (const id of members) {
      await expectText(memberCell(id, "reservations"), "2");
      await expectText(memberCell(id, "replica"), "ACTIVE");
    }
  });

  const [deleted, ...remaining] = members;
  await step("deleting one member from the page takes its reservations away, on the page and in the API", async () => {
    check((await api(`/reservations?memberId=${deleted}&size=1`)).page.totalElements === 2, "2 reservations before");
    await memberRow(deleted).locator("button.delete-member").click();
    await expectText(memberCell(deleted, "memberService"), "deleted");
    await expectText(memberCell(deleted, "replica"), "DELETED");
    await expectText(memberCell(deleted, "reservations"), "0");
    check((await api(`/reservations?memberId=${deleted}&size=1`)).page.totalElements === 0,
      "reservation-service still lists reservations of the deleted member");
    check((await api(`/member-replica/${deleted}`)).status === "DELETED", "replica not DELETED in the API");
    for (const id of remaining) await expectText(memberCell(id, "reservations"), "2");
  });

  await step("stopping the reservation-service from the page", async () => {
    await handle("reservation-service", "stop").click();
    await expectText(field("reservationService.process"), "stopped");
    await expectText(field("reservationService.health"), "DOWN");
    await expectText(field("queue.visible"), "0");
  });

  await step("deleting three members while it is down: three messages wait, nothing is pending", async () => {
    await page.fill("#delete-members", "3");
    await page.fill("#delete-rate", "5");
    await page.click("#delete");
    for (const id of remaining) await expectText(memberCell(id, "memberService"), "deleted");
    await expectText(field("queue.visible"), "3");
    await expectText(field("outbox.pending"), "0");
    await expectText(field("queue.inFlight"), "0");
    for (const id of remaining) {
      await expectText(eventCell(id, "MemberDeleted", "where"), "published");
      await expectText(eventCell(id, "MemberDeleted", "sequence"), "\\d+");
      await expectText(eventCell(id, "MemberDeleted", "traceId"), "[0-9a-f]{16}");
    }
    // the charts have drawn the queue filling up
    await page.waitForTimeout(1500);
    await page.screenshot({ path: screenshot, fullPage: true });
  });

  await step("starting it again: the queue drains and the three members are DELETED in the replica", async () => {
    await handle("reservation-service", "start").click();
    await expectText(field("reservationService.health"), "UP");
    await expectText(field("queue.visible"), "0");
    await expectText(field("queue.inFlight"), "0");
    for (const id of remaining) {
      await expectText(memberCell(id, "replica"), "DELETED");
      await expectText(memberCell(id, "reservations"), "0");
      check((await api(`/member-replica/${id}`)).status === "DELETED", `replica of ${id} not DELETED in the API`);
      await expectText(eventCell(id, "MemberDeleted", "where"), "applied");
    }
  });

  await step("stopping member-service's database from the page: NOT READY; starting it: UP again", async () => {
    await handle("member database", "stop").click();
    await expectText(partStatus("member database"), "member database: stopped");
    await expectText(field("memberService.health"), "NOT READY");
    await activity(/member-service NOT READY [\d.]+ s after member database stopped/).waitFor();
    await handle("member database", "start").click();
    await expectText(partStatus("member database"), "member database: running");
    await expectText(field("memberService.health"), "UP");
    await activity(/member-service ready again [\d.]+ s after member database started/).waitFor();
  });

  // needs the repository's ops/reconcile
  await step("registering 2 members, then Reconcile: no drift, nothing missing or extra, no Repair offered", async () => {
    await page.fill("#register-members", "2");
    await page.fill("#register-reservations", "0");
    await page.click("#register");
    await page.locator("#members tbody tr").nth(5).waitFor();
    const registered = (await watchedMemberIds()).slice(0, 2);
    for (const id of registered) await expectText(memberCell(id, "replica"), "ACTIVE");
    await page.click("#reconcile");
    await expectText(page.locator("#last-control"), "Started: running ops/reconcile: .*");
    await expectText(field("reconcile.last.exit"), "0: no drift left");
    await expectText(field("reconcile.last.missing"), "0");
    await expectText(field("reconcile.last.extra"), "0");
    await expectText(field("reconcile.running"), "idle");
    await activity(/ops\/reconcile \([\d.]+ s\): \d+ member\(s\), \d+ active replica\(s\), 0 missing, 0 extra, \d+ repaired; exit 0: no drift left/).waitFor();
    check(await page.locator("#repair").isHidden(), "Repair is offered although nothing is missing or extra");
  });

  // needs member-service's backfill
  await step("Backfill from the page: the panel follows it from IDLE to DONE, the activity log says what it did", async () => {
    await expectText(field("backfill.state"), "IDLE");
    await page.click("#backfill");
    await expectText(page.locator("#last-control"), "Started: backfill: .*");
    await expectText(field("backfill.state"), "DONE");
    await expectText(field("backfill.progress"), "\\d+ member\\(s\\) scanned");
    await activity(/backfill done( in [\d.]+ s)?: \d+ member\(s\) scanned, \d+ MemberSnapshot event\(s\) emitted/).waitFor();
    check(await page.locator("#backfill-panel .problem").textContent() === "", "the backfill panel shows a problem");
  });

  await step("no console error on the way", async () => {
    check(consoleErrors.length === 0, `console errors: ${consoleErrors.join(" | ")}`);
  });
} catch (error) {
  failed = true;
  console.error(`[console-test] FAILED after ${seconds(started)} s: ${error.message}`);
  await page.screenshot({ path: screenshot.replace(/\.png$/, "-failure.png"), fullPage: true }).catch(() => {});
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
console.log(`[console-test] ${failed ? "failed" : "passed"} in ${seconds(started)} s`);
process.exit(failed ? 1 : 0);
