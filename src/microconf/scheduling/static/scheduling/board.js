// The schedule board: live warnings while a move or swap is chosen, and the
// solver's progress while it runs. Without JavaScript the forms still work: the
// server checks the change again and asks before breaking a rule.
"use strict";

function showVerdict(region, verdict) {
  region.replaceChildren();
  if (verdict.error) {
    const p = document.createElement("p");
    p.className = "hard";
    p.textContent = verdict.error;
    region.append(p);
    return;
  }
  const summary = document.createElement("p");
  const change = verdict.conflict_change;
  summary.textContent =
    change === 0
      ? `No change in attendee conflicts (${verdict.conflicts_after}).`
      : `Attendee conflicts ${change > 0 ? "rise" : "fall"} by ${Math.abs(change)}, ` +
        `from ${verdict.conflicts_before} to ${verdict.conflicts_after}.`;
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
        region.textContent = "The warnings could not be loaded; the server checks again on submit.";
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
            ? `Best so far: ${progress.attendee_conflicts} attendee conflicts, bound ${progress.bound}`
            : "";
        if (progress.elapsed !== undefined && bar) {
          bar.value = progress.elapsed;
          bar.textContent = `${progress.elapsed} s`;
          bar.setAttribute("aria-valuetext", `${progress.elapsed} of ${limit} seconds`);
        }
        if (best) result.textContent = `${best}, ${progress.elapsed} of ${limit} s.`;
        // Screen readers hear progress every tenth of the time limit, not every poll.
        const tenth = Math.floor((10 * (progress.elapsed || 0)) / limit);
        if (announce && tenth > lastTenth && tenth < 10) {
          lastTenth = tenth;
          announce.textContent = `Solving: ${tenth * 10} % of the time limit used.${best ? ` ${best}.` : ""}`;
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
