/* microconf programme: the viewer's timezone, stars and "now and next".
   Progressive enhancement: every page is complete without this file. */
(function () {
  "use strict";

  var config = document.getElementById("programme-config");
  if (!config) return;
  var conferenceTz = config.dataset.tz;
  var conference = config.dataset.conference;
  var starsUrl = config.dataset.starsUrl;
  var viewerTz = Intl.DateTimeFormat().resolvedOptions().timeZone;
  var lang = document.documentElement.lang || "en";

  /* The words this script writes come translated with the page (a JSON block). */
  var strings = {};
  try {
    strings = JSON.parse(document.getElementById("programme-strings").textContent);
  } catch (e) { /* an older page: English below */ }
  var ENGLISH = {
    times_viewer: "Times in %(zone)s (yours). Show times in %(conference)s",
    times_conference: "Times in %(conference)s. Show times in my timezone (%(zone)s)",
    zone_viewer: "%(zone)s timezone (yours)",
    zone_conference: "%(zone)s timezone",
    caption_viewer: "%(zone)s (your timezone)",
    overlaps: "Overlaps with %(titles)s",
    clashes_one: "1 of your starred sessions overlaps another one.",
    clashes_many: "%(count)s of your starred sessions overlap another one.",
    now: "Now",
    next: "Next"
  };
  function t(key, values) {
    var text = strings[key] || ENGLISH[key];
    return text.replace(/%\((\w+)\)s/g, function (all, name) {
      return values && name in values ? values[name] : all;
    });
  }

  function load(key, fallback) {
    try {
      var raw = window.localStorage.getItem(key);
      return raw === null ? fallback : JSON.parse(raw);
    } catch (e) {
      return fallback;
    }
  }
  function save(key, value) {
    try {
      window.localStorage.setItem(key, JSON.stringify(value));
    } catch (e) { /* private mode: nothing is kept */ }
  }

  /* ---- Times in the viewer's own timezone ---------------------------- */
  var TZ_KEY = "microconf.timezone";

  function parts(date, tz) {
    var out = {};
    new Intl.DateTimeFormat(lang === "en" ? "en-US" : lang, {
      timeZone: tz, weekday: "short", month: "short", day: "numeric",
      year: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23"
    }).formatToParts(date).forEach(function (p) { out[p.type] = p.value; });
    out.hour = out.hour === "24" ? "00" : out.hour;
    return out;
  }
  function clock(p) { return p.hour + ":" + p.minute; }
  // English as the server writes it; other languages in their own order.
  function dayOf(p) {
    return lang === "en"
      ? p.weekday + ", " + p.month + " " + p.day + ", " + p.year
      : p.weekday + ", " + p.day + ". " + p.month + " " + p.year;
  }

  function formatTime(el, tz) {
    var start = new Date(el.getAttribute("datetime"));
    var p = parts(start, tz);
    if (el.dataset.fmt === "slot") {
      var end = parts(new Date(el.dataset.end), tz);
      var text = dayOf(p) + ", " + clock(p) + " – " + clock(end);
      return dayOf(end) === dayOf(p) ? text : text + " (" + end.weekday + ")";
    }
    var conf = parts(start, conferenceTz);
    var text2 = clock(p);
    return dayOf(conf) === dayOf(p) ? text2 : text2 + " (" + p.weekday + ")";
  }

  function showTimes(useViewer) {
    var tz = useViewer ? viewerTz : conferenceTz;
    document.querySelectorAll("time[datetime]").forEach(function (el) {
      if (el.dataset.original === undefined) el.dataset.original = el.textContent;
      el.textContent = useViewer ? formatTime(el, tz) : el.dataset.original;
    });
    var label = useViewer ? t("zone_viewer", { zone: viewerTz })
      : t("zone_conference", { zone: conferenceTz });
    document.querySelectorAll(".conference-meta .timezone").forEach(function (el) {
      el.textContent = label;
    });
    document.querySelectorAll(".tz-name").forEach(function (el) {
      el.textContent = useViewer ? t("caption_viewer", { zone: viewerTz }) : conferenceTz;
    });
  }

  if (viewerTz && viewerTz !== conferenceTz) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "tz-switch";
    var useViewer = load(TZ_KEY, "conference") === "viewer";
    // The button says which zone the page shows now, and what a press does.
    var labelButton = function () {
      button.textContent = t(useViewer ? "times_viewer" : "times_conference",
        { zone: viewerTz, conference: conferenceTz });
      button.dataset.showing = useViewer ? "viewer" : "conference";
    };
    labelButton();
    button.addEventListener("click", function () {
      useViewer = !useViewer;
      save(TZ_KEY, useViewer ? "viewer" : "conference");
      labelButton();
      showTimes(useViewer);
    });
    config.appendChild(button);
    if (useViewer) showTimes(true);
  }

  /* ---- Stars: in this browser, or in the account once logged in ------ */
  var STARS_KEY = "microconf.stars." + conference;
  var starred = new Set(load(STARS_KEY, []));
  var onServer = false;
  // Whose stars these are is known once the server has answered (or there is none);
  // until then the agenda keeps what the server rendered.
  var settled = !starsUrl || !window.fetch;

  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }
  function post(body) {
    return fetch(starsUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
      body: JSON.stringify(body)
    }).then(function (r) { return r.json(); });
  }

  function render() {
    document.querySelectorAll("button.star").forEach(function (b) {
      b.hidden = false;
      b.setAttribute("aria-pressed", String(starred.has(b.dataset.star)));
    });
    var empty = document.querySelector(".agenda-empty");
    if (empty && settled) {
      var any = false;
      document.querySelectorAll(".contribution-list > li[data-slug]").forEach(function (li) {
        li.hidden = !starred.has(li.dataset.slug);
        any = any || !li.hidden;
      });
      empty.hidden = any;
      markClashes();
    }
  }

  /* Starred sessions that overlap are flagged; the export link carries the stars. */
  function markClashes() {
    var shown = Array.prototype.slice.call(
      document.querySelectorAll(".contribution-list > li[data-start]:not([hidden])"));
    var clashes = 0;
    shown.forEach(function (li) {
      var old = li.querySelector(".clash");
      if (old) old.remove();
      var start = Date.parse(li.dataset.start), end = Date.parse(li.dataset.end);
      var others = shown.filter(function (o) {
        return o !== li && Date.parse(o.dataset.start) < end && start < Date.parse(o.dataset.end);
      });
      if (!others.length) return;
      clashes += 1;
      var note = document.createElement("span");
      note.className = "clash";
      note.textContent = t("overlaps", { titles: others.map(function (o) {
        return o.querySelector(".title").textContent;
      }).join(", ") });
      li.appendChild(note);
    });
    var summary = document.querySelector(".agenda-clashes");
    if (summary) {
      summary.hidden = !clashes;
      summary.textContent = !clashes ? ""
        : clashes === 1 ? t("clashes_one") : t("clashes_many", { count: clashes });
    }
    var exportLink = document.querySelector(".agenda-ics");
    if (exportLink) {
      var base = exportLink.getAttribute("href").split("?")[0];
      var query = Array.from(starred).map(function (slug) {
        return "s=" + encodeURIComponent(slug);
      }).join("&");
      exportLink.setAttribute("href", base + (query ? "?" + query : ""));
      exportLink.closest(".agenda-export").hidden = !starred.size;
    }
  }

  document.addEventListener("click", function (event) {
    var b = event.target.closest("button.star");
    if (!b) return;
    var slug = b.dataset.star;
    var adding = !starred.has(slug);
    if (adding) starred.add(slug); else starred.delete(slug);
    if (onServer) {
      post(adding ? { add: [slug] } : { remove: [slug] });
    } else {
      save(STARS_KEY, Array.from(starred));
    }
    document.querySelectorAll("button.star").forEach(function (other) {
      if (other.dataset.star === slug) other.setAttribute("aria-pressed", String(adding));
    });
    if (document.querySelector(".agenda-empty")) markClashes();
  });

  render();
  if (starsUrl && window.fetch) {
    fetch(starsUrl, { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        if (!data.authenticated) {
          settled = true;
          render();
          return null;
        }
        onServer = true;
        var local = Array.from(starred);
        if (!local.length) return data;
        // First page after logging in: the stars kept here move to the account.
        return post({ add: local }).then(function (merged) {
          save(STARS_KEY, []);
          return merged;
        });
      })
      .then(function (data) {
        if (!data) return;
        starred = new Set(data.stars);
        settled = true;
        render();
        document.documentElement.dataset.starsMerged = "true";
      })
      .catch(function () {
        settled = true; // offline: stars stay in this browser
        render();
      });
  }

  /* ---- Now and next ---------------------------------------------------- */
  var panel = document.querySelector(".now-next");
  function nowAndNext() {
    var now = Date.now();
    var items = Array.prototype.slice.call(document.querySelectorAll(".tt .item[data-start], .now-next-source .item[data-start]"));
    var next = Infinity;
    items.forEach(function (item) {
      var start = Date.parse(item.dataset.start);
      var end = Date.parse(item.dataset.end);
      var isNow = start <= now && now < end;
      item.classList.toggle("is-now", isNow);
      if (start > now && start < next) next = start;
      item.dataset.state = isNow ? "now" : "";
    });
    items.forEach(function (item) {
      if (Date.parse(item.dataset.start) === next) item.dataset.state = "next";
      var old = item.querySelector(".now-badge, .next-badge");
      if (old) old.remove();
      if (item.dataset.state) {
        var badge = document.createElement("span");
        badge.className = item.dataset.state + "-badge";
        badge.textContent = item.dataset.state === "now" ? t("now") : t("next");
        item.insertBefore(badge, item.querySelector(".title"));
      }
    });
    if (!panel) return;
    var body = panel.querySelector(".now-next-body");
    var signature = items.map(function (i) { return i.dataset.state; }).join();
    if (signature === panel.dataset.signature) return; // nothing new to announce
    panel.dataset.signature = signature;
    body.textContent = "";
    var shown = 0;
    [["now", t("now")], ["next", t("next")]].forEach(function (kind) {
      var list = items.filter(function (i) { return i.dataset.state === kind[0]; });
      if (!list.length) return;
      var h = document.createElement("h3");
      h.textContent = kind[1];
      var ul = document.createElement("ul");
      list.forEach(function (item) {
        var li = document.createElement("li");
        var link = item.querySelector(".title").cloneNode(true);
        var cell = item.closest(".block");
        var room = item.querySelector(".room-label") ||
          (cell ? cell.querySelector(".room-label") : null);
        li.appendChild(link);
        if (room) li.appendChild(document.createTextNode(", " + room.textContent));
        ul.appendChild(li);
        shown += 1;
      });
      body.appendChild(h);
      body.appendChild(ul);
    });
    var ongoing = items.some(function (i) { return i.dataset.state === "now"; }) ||
      (next !== Infinity && next - now < 12 * 3600 * 1000);
    panel.hidden = !(shown && ongoing);
  }
  /* ---- Live now: a session's livestream link while it runs ------------- */
  var live = Array.prototype.slice.call(document.querySelectorAll(".live-link[data-start]"));
  function liveNow() {
    var now = Date.now();
    live.forEach(function (link) {
      // Shown from five minutes before the start, so people can join in time.
      var start = Date.parse(link.dataset.start) - 5 * 60 * 1000;
      link.hidden = !(start <= now && now < Date.parse(link.dataset.end));
    });
  }
  if (live.length) {
    liveNow();
    window.setInterval(liveNow, 30000);
  }
  if (panel) {
    nowAndNext();
    window.setInterval(nowAndNext, 30000);
  }

  /* ---- The timetable grid: room and track filters, a hint for more rooms -- */
  var grid = document.querySelector(".tt");
  var filter = document.querySelector(".tt-filter");
  var hint = document.querySelector(".tt-more");
  var scroller = document.querySelector(".timetable-scroll");
  function updateHint() {
    if (!hint || !scroller) return;
    hint.hidden = scroller.scrollWidth <= scroller.clientWidth + 1 ||
      scroller.scrollLeft + scroller.clientWidth >= scroller.scrollWidth - 1;
  }
  function applyFilter() {
    var shown = [];
    filter.querySelectorAll("input[name=room]").forEach(function (box) {
      if (box.checked) shown.push(box.value);
    });
    var track = filter.querySelector("select[name=track]").value;
    // Hidden rooms give their columns up: the others move left (CSSOM, not a
    // style attribute, so the Content-Security-Policy allows it).
    var place = {};
    shown.forEach(function (col, n) { place[col] = String(n + 2); });
    grid.querySelectorAll("[data-col]").forEach(function (el) {
      var col = place[el.dataset.col];
      var trackHidden = track && el.dataset.track !== undefined && el.dataset.track !== track;
      el.hidden = !col || trackHidden;
      el.style.gridColumn = col || "";
    });
    grid.style.setProperty("--cols", String(Math.max(shown.length, 1)));
    updateHint();
  }
  if (grid && filter) {
    filter.hidden = false;
    filter.addEventListener("change", applyFilter);
  }
  if (scroller && hint) {
    scroller.addEventListener("scroll", updateHint, { passive: true });
    window.addEventListener("resize", updateHint);
    updateHint();
  }

  /* ---- Offline: the service worker keeps the public programme ---------- */
  if ("serviceWorker" in navigator && config.dataset.workerUrl && window.isSecureContext) {
    navigator.serviceWorker.register(config.dataset.workerUrl, {
      scope: config.dataset.workerScope
    }).then(function () {
      return navigator.serviceWorker.ready;
    }).then(function (registration) {
      // Fetch the pages again if the programme changed since they were kept.
      if (registration.active) registration.active.postMessage("refresh");
    }).catch(function () { /* no worker: the pages work online as before */ });
  }
})();
