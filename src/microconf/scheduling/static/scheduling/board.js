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

let latestCheck = 0;

function checkChange(form) {
  // Answers may arrive out of order: only the latest question's answer is shown.
  const asked = ++latestCheck;
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
      if (asked === latestCheck) showVerdict(region, verdict);
    })
    .catch(() => {
      if (asked === latestCheck) region.textContent = "The warnings could not be loaded; the server checks again on submit.";
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

for (const form of document.querySelectorAll(".change-form")) {
  const unit = form.querySelector("select[name=unit]");
  unit.addEventListener("change", () => {
    followUnit(form);
    checkChange(form);
  });
  for (const field of form.querySelectorAll("select:not([name=unit])")) {
    field.addEventListener("change", () => checkChange(form));
  }
  if (new URLSearchParams(location.search).has("unit")) followUnit(form);
}

const run = document.getElementById("solve-run");
if (run && ["queued", "running"].includes(run.dataset.state)) {
  const bar = document.getElementById("solve-progress");
  const figures = run.querySelector(".solve-figures");
  const state = run.querySelector(".state");
  const poll = () => {
    fetch(run.dataset.url, { headers: { Accept: "application/json" } })
      .then((response) => response.json())
      .then((status) => {
        state.textContent = status.state_label;
        const progress = status.progress || {};
        if (progress.elapsed !== undefined) {
          bar.value = progress.elapsed;
          bar.textContent = `${progress.elapsed} s`;
        }
        if (progress.attendee_conflicts !== undefined && progress.attendee_conflicts !== null) {
          figures.textContent =
            `Best so far: ${progress.attendee_conflicts} attendee conflicts, ` +
            `bound ${progress.bound}, ${progress.elapsed} of ${run.dataset.limit} s.`;
        }
        if (status.state === "finished" || status.state === "failed") {
          location.reload();
        } else {
          setTimeout(poll, 1500);
        }
      })
      .catch(() => setTimeout(poll, 5000));
  };
  setTimeout(poll, 1000);
}
