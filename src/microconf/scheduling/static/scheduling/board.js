// The schedule board: live warnings while a move or swap is chosen (in the forms
// or by dragging a session in the draft), and the solver's progress while it
// runs. Without JavaScript the forms still work: the server checks the change
// again and asks before breaking a rule.
"use strict";

// The page's words, translated by the server (a JSON block, not a script).
const STRINGS = JSON.parse(document.getElementById("board-strings").textContent);

function say(key, values = {}) {
  return STRINGS[key]
    .replace(/%\((\w+)\)s/g, (_, name) => String(values[name]))
    .replace(/%%/g, "%");
}

function showVerdict(region, verdict, heading = "") {
  region.replaceChildren();
  if (heading) {
    const lead = document.createElement("p");
    lead.className = "verdict-place";
    lead.textContent = heading;
    region.append(lead);
  }
  if (verdict.error) {
    const p = document.createElement("p");
    p.className = "hard";
    p.textContent = verdict.error;
    region.append(p);
    return;
  }
  const summary = document.createElement("p");
  const change = verdict.conflict_change;
  const figures = {
    by: Math.abs(change),
    before: verdict.conflicts_before,
    after: verdict.conflicts_after,
  };
  summary.textContent = say(change === 0 ? "same" : change > 0 ? "rise" : "fall", figures);
  summary.className = change > 0 ? "worse" : "better";
  region.append(summary);
  if (verdict.warnings.length) {
    const list = document.createElement("ul");
    for (const warning of verdict.warnings) {
      const item = document.createElement("li");
      item.textContent = warning.message;
      if (warning.hard) item.className = "hard";
      list.append(item);
    }
    region.append(list);
  }
}

// Answers may arrive out of order: each form shows only its latest question's answer.
const latestCheck = new WeakMap();

function checkChange(form) {
  const asked = (latestCheck.get(form) || 0) + 1;
  latestCheck.set(form, asked);
  const region = form.querySelector(".live-warnings");
  const params = new URLSearchParams();
  for (const field of form.querySelectorAll("select")) params.set(field.name, field.value);
  if (params.has("with") && !params.get("with")) {
    region.replaceChildren();
    return;
  }
  fetch(`${form.dataset.check}?${params}`, { headers: { Accept: "application/json" } })
    .then((response) => response.json())
    .then((verdict) => {
      if (asked === latestCheck.get(form)) showVerdict(region, verdict);
    })
    .catch(() => {
      if (asked === latestCheck.get(form)) {
        region.textContent = say("unchecked");
      }
    });
}

function followUnit(form) {
  // Picking a session in the move form starts from where it is now.
  const unit = form.querySelector("select[name=unit]");
  const option = unit.selectedOptions[0];
  if (!option || !option.dataset.room || !form.querySelector("select[name=room]")) return;
  form.querySelector("select[name=room]").value = option.dataset.room;
  form.querySelector("select[name=day]").value = option.dataset.day;
  form.querySelector("select[name=time]").value = option.dataset.time;
}

const asked = new URLSearchParams(location.search);
for (const form of document.querySelectorAll(".change-form")) {
  const unit = form.querySelector("select[name=unit]");
  unit.addEventListener("change", () => {
    followUnit(form);
    checkChange(form);
  });
  for (const field of form.querySelectorAll("select:not([name=unit])")) {
    field.addEventListener("change", () => checkChange(form));
  }
  // The server already chose the starting values; check them when they were
  // asked for (a link to a session, a refused change), not on every visit.
  if (asked.has("unit") || form.querySelector(".refused")) checkChange(form);
}

// A refused change: bring its warnings into view and give them focus, so the
// organiser reads them before ticking "Do it anyway".
const refused = document.querySelector(".refused");
if (refused) {
  refused.scrollIntoView({ block: "center" });
  refused.focus({ preventScroll: true });
}

const FINISHED_KEY = "microconf.board.finished-run";
const run = document.getElementById("solve-run");
const result = document.getElementById("solve-result");

if (run && ["finished", "failed"].includes(run.dataset.state)) {
  // The page reloaded because the run ended: say so where focus lands.
  let ended = null;
  try {
    ended = sessionStorage.getItem(FINISHED_KEY);
    sessionStorage.removeItem(FINISHED_KEY);
  } catch (e) { /* storage refused: no focus move */ }
  if (ended === run.dataset.run && result) {
    result.scrollIntoView({ block: "center" });
    result.focus({ preventScroll: true });
  }
}

if (run && ["queued", "running"].includes(run.dataset.state)) {
  const bar = document.getElementById("solve-progress");
  const announce = document.getElementById("solve-announce");
  const state = document.getElementById("solve-state");
  const limit = Number(run.dataset.limit);
  let lastTenth = 0;
  const poll = () => {
    fetch(run.dataset.url, { headers: { Accept: "application/json" } })
      .then((response) => response.json())
      .then((status) => {
        // The state is a live region: only write it when it changes.
        if (state.textContent !== status.state_label) state.textContent = status.state_label;
        const progress = status.progress || {};
        const best =
          progress.attendee_conflicts !== undefined && progress.attendee_conflicts !== null
            ? say("best", { conflicts: progress.attendee_conflicts, bound: progress.bound })
            : "";
        const used = say("elapsed", { elapsed: progress.elapsed, limit });
        if (progress.elapsed !== undefined && bar) {
          bar.value = progress.elapsed;
          bar.textContent = used;
          bar.setAttribute("aria-valuetext", used);
        }
        if (best) result.textContent = `${best}; ${used}.`;
        // Screen readers hear progress every tenth of the time limit, not every poll.
        const tenth = Math.floor((10 * (progress.elapsed || 0)) / limit);
        if (announce && tenth > lastTenth && tenth < 10) {
          lastTenth = tenth;
          const solving = say("solving", { percent: tenth * 10 });
          announce.textContent = best ? `${solving} ${best}.` : solving;
        }
        if (status.state === "finished" || status.state === "failed") {
          try {
            sessionStorage.setItem(FINISHED_KEY, run.dataset.run);
          } catch (e) { /* storage refused: the reload still shows the result */ }
          location.reload();
        } else {
          setTimeout(poll, 1500);
        }
      })
      .catch(() => setTimeout(poll, 5000));
  };
  setTimeout(poll, 1000);
}

// The release's files while the worker builds them: the bar and the step follow
// the status (a live region says the step), and the page reloads when it ends,
// to show the files or the failure and the Rebuild button.
const buildPanel = document.getElementById("build");
if (buildPanel && ["queued", "building"].includes(buildPanel.dataset.state)) {
  const buildBar = document.getElementById("build-progress");
  const buildStep = document.getElementById("build-step");
  const buildState = document.getElementById("build-state");
  const pollBuild = () => {
    fetch(buildPanel.dataset.url, { headers: { Accept: "application/json" } })
      .then((response) => response.json())
      .then((status) => {
        if (buildState.textContent !== status.state_label) {
          buildState.textContent = status.state_label;
        }
        const progress = status.progress || {};
        if (buildBar && progress.total) {
          buildBar.max = progress.total;
          buildBar.value = progress.done || 0;
          buildBar.textContent = status.step_label;
          buildBar.setAttribute("aria-valuetext", status.step_label);
        }
        if (buildStep && status.step_label && buildStep.textContent !== status.step_label) {
          buildStep.textContent = status.step_label;
        }
        if (status.is_active) {
          setTimeout(pollBuild, 2000);
        } else {
          location.reload();
        }
      })
      .catch(() => setTimeout(pollBuild, 5000));
  };
  setTimeout(pollBuild, 1000);
}

// Drag and drop in the draft: each session gets a handle (pointer events, so a
// mouse, a pen and a finger alike). While it is held over a cell the server
// says what moving there would cost, in the live region; letting go posts the
// same move the form posts, so the server checks it again, asks before breaking
// a rule and records it. Keyboard users have the "Move or swap" form.
const draft = document.getElementById("draft");
const dragStatus = document.getElementById("drag-status");
const moveForm = document.getElementById("move-form");

if (draft && dragStatus && moveForm && window.PointerEvent) {
  draft.querySelector(".drag-hint").hidden = false;
  let held = null; // { unit, title, element, pointer }
  let over = null; // the cell under the pointer
  let askedFor = 0;
  let scrollBy = 0; // the window's scroll per frame, near its edges
  let scroller = null; // the day's table, when the pointer nears its own edges
  let scrollerBy = 0;
  let scrollerSideways = 0;

  const cellAt = (x, y) => {
    const found = document.elementFromPoint(x, y);
    const cell = found && found.closest("td[data-room]");
    return cell && draft.contains(cell) ? cell : null;
  };

  const placeOf = (cell) => ({ title: held.title, place: cell.dataset.place });

  const check = (cell) => {
    askedFor += 1;
    const asked = askedFor;
    dragStatus.textContent = say("checking", placeOf(cell));
    const params = new URLSearchParams({
      unit: held.unit,
      room: cell.dataset.room,
      day: cell.dataset.day,
      time: cell.dataset.time,
    });
    fetch(`${draft.dataset.check}?${params}`, { headers: { Accept: "application/json" } })
      .then((response) => response.json())
      .then((verdict) => {
        if (held && asked === askedFor && over === cell) {
          showVerdict(dragStatus, verdict, say("over", placeOf(cell)));
        }
      })
      .catch(() => {
        if (held && asked === askedFor) dragStatus.textContent = say("unchecked");
      });
  };

  const point = (cell) => {
    if (cell === over) return;
    if (over) over.classList.remove("drop-target");
    over = cell;
    if (cell) {
      cell.classList.add("drop-target");
      check(cell);
    } else {
      askedFor += 1; // an answer still on its way is for a cell left behind
      dragStatus.textContent = say("picked", { title: held.title });
    }
  };

  // Near the window's top or bottom edge the page scrolls, to reach other days.
  const scrollLoop = () => {
    if (!held) return;
    if (scrollBy) window.scrollBy(0, scrollBy);
    if (scroller && (scrollerBy || scrollerSideways)) {
      scroller.scrollBy(scrollerSideways, scrollerBy);
    }
    requestAnimationFrame(scrollLoop);
  };

  const finish = () => {
    if (over) over.classList.remove("drop-target");
    held.element.classList.remove("being-dragged");
    document.body.classList.remove("dragging-session");
    held = null;
    over = null;
    scrollBy = 0;
    scroller = null;
  };

  const cancel = () => {
    if (!held) return;
    const title = held.title;
    finish();
    dragStatus.classList.remove("is-shown", "at-top");
    dragStatus.textContent = say("cancelled", { title });
  };

  const drop = (cell) => {
    const moving = placeOf(cell);
    const fields = {
      csrfmiddlewaretoken: moveForm.querySelector("[name=csrfmiddlewaretoken]").value,
      unit: held.unit,
      room: cell.dataset.room,
      day: cell.dataset.day,
      time: cell.dataset.time,
    };
    finish();
    dragStatus.textContent = say("saving", moving);
    const form = document.createElement("form");
    form.method = "post";
    form.action = draft.dataset.move;
    for (const [name, value] of Object.entries(fields)) {
      const input = document.createElement("input");
      input.type = "hidden";
      input.name = name;
      input.value = value;
      form.append(input);
    }
    document.body.append(form);
    form.submit();
  };

  for (const unit of draft.querySelectorAll(".draft-unit")) {
    const handle = document.createElement("span");
    handle.className = "drag-handle";
    handle.setAttribute("aria-hidden", "true"); // the form is the accessible way
    handle.textContent = say("handle");
    unit.prepend(handle);
    handle.addEventListener("pointerdown", (event) => {
      if (event.button !== 0 || held) return;
      event.preventDefault();
      handle.setPointerCapture(event.pointerId);
      held = {
        unit: unit.dataset.unit,
        title: unit.querySelector(".block-title").textContent,
        element: unit,
        pointer: event.pointerId,
      };
      unit.classList.add("being-dragged");
      document.body.classList.add("dragging-session");
      dragStatus.classList.add("is-shown");
      dragStatus.textContent = say("picked", { title: held.title });
      requestAnimationFrame(scrollLoop);
    });
    handle.addEventListener("pointermove", (event) => {
      if (!held || event.pointerId !== held.pointer) return;
      const edge = 48;
      const near = (at, low, high) => (at < low + edge ? -12 : at > high - edge ? 12 : 0);
      scrollBy = near(event.clientY, 0, window.innerHeight);
      dragStatus.classList.toggle("at-top", event.clientY > window.innerHeight / 2);
      const under = document.elementFromPoint(event.clientX, event.clientY);
      scroller = under && under.closest(".timetable-scroll");
      if (scroller) {
        const box = scroller.getBoundingClientRect();
        scrollerBy = near(event.clientY, box.top, box.bottom);
        scrollerSideways = near(event.clientX, box.left, box.right);
      }
      point(cellAt(event.clientX, event.clientY));
    });
    handle.addEventListener("pointerup", (event) => {
      if (!held || event.pointerId !== held.pointer) return;
      const cell = cellAt(event.clientX, event.clientY);
      if (cell) drop(cell);
      else cancel();
    });
    handle.addEventListener("pointercancel", cancel);
  }
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape") cancel();
  });
}
