// The console page: polls /api/state once a second and draws it; the buttons and forms POST JSON to
// /api/controls/{name}. No framework and no build step: the page is what the browser runs.
"use strict";

const POLL_MILLIS = 1000;
const CHART_SECONDS = 300;

const $ = (selector, root = document) => root.querySelector(selector);

function valueAt(state, path) {
  if (path === "reconcile.last.mode") {
    const run = state.reconcile.last;
    return run && (run.repair ? "with --repair" : "check only");
  }
  if (path === "reconcile.last.exit") {
    const run = state.reconcile.last;
    return run && run.exitCode != null ? `${run.exitCode}: ${run.outcome}` : null;
  }
  const [first, last] = path.split(".");
  if (last === "brokerPath") {
    return state[first].brokerCut ? "cut" : "connected";
  }
  if (last === "probes") {
    const { live, ready } = state[first];
    return live === ready ? live : `${live} · ${ready}`;
  }
  return path.split(".").reduce((value, key) => (value == null ? value : value[key]), state);
}

function format(value, kind) {
  if (value == null || value === "") {
    if (kind === "idle") return "idle";
    return kind === "text" ? "" : "—";
  }
  switch (kind) {
    case "age":
      return value < 120 ? `${value} s` : `${Math.round(value / 60)} min`;
    case "rate":
      return `${value < 10 ? value.toFixed(1) : Math.round(value)} /s`;
    case "ms":
      return value < 1000 ? `${Math.round(value)} ms` : `${(value / 1000).toFixed(1)} s`;
    case "time":
      return new Date(value).toLocaleTimeString();
    default:
      return String(value);
  }
}

function healthState(text) {
  if (/^(UP|UP · UP|running|connected)$/.test(text)) return "up";
  if (/^(no answer|DOWN|stopped|cut)$/.test(text)) return "down";
  return "warn";
}

// A run's state or a command's exit: how it went, for its colour.
function runState(text) {
  if (/^(DONE|0: .*)$/.test(text)) return "up";
  if (text === "RUNNING") return "warn";
  if (/^(IDLE|—)$/.test(text)) return "none";
  return "down";
}

function renderFields(state) {
  document.querySelectorAll("[data-field]").forEach((element) => {
    const value = valueAt(state, element.dataset.field);
    const text = format(value, element.classList.contains("problem") ? "text" : element.dataset.format);
    if (element.textContent !== text) element.textContent = text;
    if (element.dataset.kind === "health") element.dataset.state = healthState(text);
    if (element.dataset.kind === "run") element.dataset.state = runState(text);
  });
  $("#box-member-service").dataset.state = healthState(state.memberService.health);
  $("#box-reservation-service").dataset.state = healthState(state.reservationService.health);
}

// Buttons of the parts with handles, made once; afterwards only enabled or disabled. A part shown in another's
// box (a service's database, the broker) gets a group of its own, headed by a line saying how it is.
function renderHandles(parts) {
  for (const part of parts) {
    const box = $(`.handles[data-box="${part.box}"]`);
    if (!box) continue;
    let container = box;
    if (part.box !== part.name) {
      container = box.querySelector(`.part[data-part="${part.name}"]`);
      if (!container) {
        container = document.createElement("div");
        container.className = "part";
        container.dataset.part = part.name;
        const status = document.createElement("div");
        status.className = "part-status";
        container.appendChild(status);
        box.appendChild(container);
      }
      const status = container.querySelector(".part-status");
      const text = `${part.name}: ${part.busy || (part.running ? "running" : "stopped")}${part.cut ? ", path cut" : ""}`;
      if (status.textContent !== text) status.textContent = text;
      status.dataset.state = part.busy ? "warn" : part.running && !part.cut ? "up" : "down";
    }
    for (const handle of part.handles) {
      let button = container.querySelector(`button[data-part="${part.name}"][data-handle="${handle.name}"]`);
      if (!button) {
        button = document.createElement("button");
        button.type = "button";
        button.dataset.part = part.name;
        button.dataset.handle = handle.name;
        button.textContent = handle.label;
        if (handle.name === "kill" || handle.name === "restart") button.classList.add("danger");
        button.addEventListener("click", () => control("part", { part: part.name, handle: handle.name }));
        container.appendChild(button);
      }
      const idle = part.busy == null;
      let disabled = !idle;
      if (handle.name === "start") disabled ||= part.running;
      if (handle.name === "stop" || handle.name === "kill") disabled ||= !part.running;
      button.disabled = disabled;
      button.title = idle ? handle.doing : `${part.name} is busy ${part.busy}`;
    }
  }
}

function cell(row, column, text, badge) {
  let td = row.querySelector(`td[data-col="${column}"]`);
  if (!td) {
    td = document.createElement("td");
    td.dataset.col = column;
    row.appendChild(td);
  }
  if (badge) {
    let span = td.firstElementChild;
    if (!span) {
      span = document.createElement("span");
      span.className = "state";
      td.appendChild(span);
    }
    if (span.textContent !== text) span.textContent = text;
    span.dataset.state = text;
    td.dataset.value = text;
  } else if (td.textContent !== text) {
    td.textContent = text;
  }
  return td;
}

// Rows keyed by id and updated in place, so that a button being clicked is never replaced under the pointer.
function renderRows(tbody, items, key, fill) {
  const wanted = new Set(items.map(key));
  for (const row of [...tbody.rows]) {
    if (!wanted.has(row.dataset.key)) row.remove();
  }
  items.forEach((item, index) => {
    let row = tbody.querySelector(`tr[data-key="${CSS.escape(key(item))}"]`);
    if (!row) {
      row = document.createElement("tr");
      row.dataset.key = key(item);
    }
    fill(row, item);
    if (tbody.rows[index] !== row) tbody.insertBefore(row, tbody.rows[index] || null);
  });
}

function renderMembers(members) {
  renderRows($("#members tbody"), members, (member) => member.id, (row, member) => {
    row.dataset.member = member.id;
    cell(row, "name", member.name || "");
    cell(row, "id", member.id.slice(0, 8)).classList.add("id");
    cell(row, "memberService", member.memberService, true);
    cell(row, "replica", member.replica, true);
    cell(row, "lastSequence", format(member.lastSequence));
    cell(row, "reservations", format(member.reservations));
    const actions = cell(row, "actions", "");
    let button = actions.querySelector("button");
    if (!button) {
      button = document.createElement("button");
      button.type = "button";
      button.textContent = "Delete";
      button.className = "delete-member";
      button.addEventListener("click", () => control("delete-member", { memberId: member.id }));
      actions.appendChild(button);
    }
    button.disabled = member.memberService === "deleted";
  });
}

function renderEvents(events) {
  $("#events-caption").textContent = events.problem
    || "The newest events in member-service's event log, and where each is now.";
  renderRows($("#events tbody"), events.items, (event) => event.eventId, (row, event) => {
    cell(row, "sequence", String(event.sequence));
    cell(row, "type", event.eventType);
    cell(row, "member", (event.memberId || "").slice(0, 8)).classList.add("id");
    cell(row, "traceId", event.traceId ? event.traceId.slice(0, 16) : "—").classList.add("id");
    cell(row, "where", event.where, true);
  });
}

function renderDeadLetters(messages) {
  const list = $("#dead-letters");
  const text = messages.map((m) => `received ${m.receiveCount}×: ${m.body}`);
  if (list.dataset.text === text.join("\n")) return;
  list.dataset.text = text.join("\n");
  list.replaceChildren(...text.slice(0, 3).map((line) => {
    const item = document.createElement("li");
    item.textContent = line;
    return item;
  }));
}

function renderActivity(entries) {
  const list = $("#activity");
  const newest = entries.length ? `${entries[0].at}|${entries.length}` : "";
  if (list.dataset.newest === newest) return;
  list.dataset.newest = newest;
  list.replaceChildren(...entries.map((entry) => {
    const item = document.createElement("li");
    item.dataset.level = entry.level;
    const time = document.createElement("time");
    time.textContent = new Date(entry.at).toLocaleTimeString();
    item.append(time, entry.text);
    return item;
  }));
}

function drawChart(canvasId, legendId, history, series, unit) {
  const canvas = document.getElementById(canvasId);
  const ratio = window.devicePixelRatio || 1;
  const width = canvas.clientWidth;
  const height = canvas.clientHeight;
  if (canvas.width !== Math.round(width * ratio)) {
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
  }
  const g = canvas.getContext("2d");
  g.setTransform(ratio, 0, 0, ratio, 0, 0);
  g.clearRect(0, 0, width, height);
  const now = history.length ? history[history.length - 1].at : Date.now();
  const from = now - CHART_SECONDS * 1000;
  let max = 1;
  for (const point of history) {
    for (const s of series) {
      const v = point[s.field];
      if (v != null && v > max) max = v;
    }
  }
  max *= 1.15;
  const top = 14;
  const plot = height - top - 14;
  g.strokeStyle = "#d5dae3";
  g.fillStyle = "#5d6678";
  g.font = "11px system-ui, sans-serif";
  g.lineWidth = 1;
  g.beginPath();
  g.moveTo(0, top + plot + 0.5);
  g.lineTo(width, top + plot + 0.5);
  g.stroke();
  g.fillText(`${format(Math.round(max / 1.15 * 10) / 10, unit)}`, 2, 11);
  g.fillText("5 min ago", 2, height - 2);
  g.fillText("now", width - 22, height - 2);
  g.setLineDash([3, 3]);
  g.beginPath();
  const peakY = top + plot - (plot * (max / 1.15)) / max + 0.5;
  g.moveTo(0, peakY);
  g.lineTo(width, peakY);
  g.stroke();
  g.setLineDash([]);
  for (const s of series) {
    g.strokeStyle = s.color;
    g.lineWidth = 2;
    g.beginPath();
    let drawing = false;
    for (const point of history) {
      const v = point[s.field];
      if (v == null) {
        drawing = false;
        continue;
      }
      const x = ((point.at - from) / (CHART_SECONDS * 1000)) * width;
      const y = top + plot - (plot * v) / max;
      if (drawing) g.lineTo(x, y);
      else g.moveTo(x, y);
      drawing = true;
    }
    g.stroke();
  }
  const last = history[history.length - 1] || {};
  const legend = document.getElementById(legendId);
  const text = series.map((s) => `${s.label}: ${format(last[s.field], unit)}`).join("|");
  if (legend.dataset.text !== text) {
    legend.dataset.text = text;
    legend.replaceChildren(...series.map((s) => {
      const span = document.createElement("span");
      const swatch = document.createElement("i");
      swatch.style.background = s.color;
      span.append(swatch, `${s.label}: ${format(last[s.field], unit)}`);
      return span;
    }));
  }
}

// Without a share of the members stored a running backfill's bar only says that it runs.
function renderBackfill(backfill) {
  const bar = $("#backfill-progress");
  bar.hidden = backfill.state == null || backfill.state === "IDLE";
  if (backfill.percent == null) bar.removeAttribute("value");
  else bar.value = backfill.percent;
  const button = $("#backfill");
  button.disabled = backfill.state === "RUNNING";
  button.title = button.disabled ? "a backfill is running" : "member-service announces every member it stores";
}

function renderReconcile(reconcile) {
  $("#reconcile").disabled = reconcile.running != null;
  const repair = $("#repair");
  repair.hidden = !reconcile.repairOffered;
  const last = reconcile.last;
  repair.title = last ? `ops/reconcile --repair: ${last.missing ?? "?"} missing, ${last.extra ?? "?"} extra` : "";
}

function renderCharts(history) {
  drawChart("chart-queue", "legend-queue", history, [
    { field: "queueVisible", label: "waiting", color: "#2f5fb3" },
    { field: "queueInFlight", label: "in flight", color: "#8e6bd1" },
    { field: "deadLetters", label: "DLQ", color: "#c0392b" },
  ]);
  drawChart("chart-outbox", "legend-outbox", history, [
    { field: "outboxPending", label: "pending", color: "#b7791f" },
  ]);
  drawChart("chart-propagation", "legend-propagation", history, [
    { field: "p50Ms", label: "p50", color: "#1f8a4c" },
    { field: "p99Ms", label: "p99", color: "#c0392b" },
  ], "ms");
}

function render(state) {
  renderFields(state);
  renderHandles(state.parts);
  renderMembers(state.members);
  renderEvents(state.events);
  renderDeadLetters(state.deadLetterMessages);
  renderBackfill(state.backfill);
  renderReconcile(state.reconcile);
  renderActivity(state.activity);
  renderCharts(state.history);
}

function setConnection(ok, detail) {
  const badge = $("#connection");
  badge.dataset.state = ok ? "up" : "down";
  badge.textContent = ok ? `live · ${new Date().toLocaleTimeString()}` : `console not answering (${detail})`;
}

async function control(name, body) {
  const status = $("#last-control");
  try {
    const response = await fetch(`/api/controls/${name}`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
    const answer = await response.json();
    status.dataset.state = response.ok ? "started" : "failed";
    status.textContent = response.ok ? `Started: ${answer.started}` : `Refused: ${answer.detail}`;
  } catch (error) {
    status.dataset.state = "failed";
    status.textContent = `The console did not answer: ${error.message}`;
  }
}

function number(id) {
  return Number($(id).value);
}

async function poll() {
  try {
    const response = await fetch("/api/state", { cache: "no-store" });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    render(await response.json());
    setConnection(true);
  } catch (error) {
    setConnection(false, error.message);
  } finally {
    setTimeout(poll, POLL_MILLIS);
  }
}

function onSubmit(formId, send) {
  $(formId).addEventListener("submit", (event) => {
    event.preventDefault();
    send();
  });
}

onSubmit("#register-form", () => control("register", {
  members: number("#register-members"), reservationsPerMember: number("#register-reservations"),
}));
onSubmit("#delete-form", () => control("delete", { members: number("#delete-members"), perSecond: number("#delete-rate") }));
onSubmit("#replay-form", () => control("replay", { fromSequence: number("#replay-from") }));
$("#repair").addEventListener("click", () => control("reconcile", { repair: true }));
document.querySelectorAll("button[data-control]").forEach((button) => {
  button.addEventListener("click", () => control(button.dataset.control, {}));
});
poll();
