// The phone view's page: draws each state the live monitor pushes over the WebSocket, and sends the rider's
// "numb now" marks. No library, no request to another host (docs/phone-view.md).
"use strict";

const SVGNS = "http://www.w3.org/2000/svg";
// The regions of a left foot seen from above, medial side (hallux) on the right: x, y, width, height in the
// 100 x 180 view box (drawn to read, not to scale). A right foot is the mirror image.
const REGIONS = {
  hallux: [64, 4, 28, 30], lesser_toes: [10, 12, 50, 24],
  mth4_5: [8, 44, 26, 32], mth2_3: [36, 40, 26, 32], mth1: [64, 42, 28, 32],
  midfoot_lateral: [14, 84, 34, 38], midfoot_medial: [52, 84, 26, 38],
  heel_lateral: [22, 130, 28, 44], heel_medial: [50, 130, 28, 44],
};
const OUTLINE = "M 30 2 C 60 -2 96 0 96 30 L 96 80 C 88 100 82 115 82 130 C 82 176 60 178 48 178 " +
                "C 30 178 18 170 18 130 C 16 110 4 100 4 78 L 4 30 C 4 10 14 4 30 2 Z";
const WORDS = { none: "OK", notice: "NOTICE", warning: "WARNING", alert: "ALERT", nodata: "NO DATA" };
// A region the insole has no sensor for (the state's measured false), unlike "-", no data: the terminal's
// mark, monitor.live.shown.NOT_MEASURED; the state's not_measured says what it means under the foot.
const NOT_MEASURED = "n/m";
// A page that gets no state for this long is not live (ms; guess: while the session runs the server sends
// one at least every 0.25 s, MIN_INTERVAL_S of monitor/live/web/server.py, so this is a dozen missed).
const STALE_AFTER_MS = 3000;

// Session seconds as "m:ss" or "h:mm:ss", rounded to the second as the terminal, the report and analyze's
// text round them (monitor.util.timefmt.clock_text, Python's round: to the nearest, a half to the even
// second), so the page and the terminal say the same time for the same event; "-" for none.
function clock(s) {
  if (s === null || s === undefined || !Number.isFinite(s)) return "-";
  s = roundHalfEven(Math.max(0, s));
  const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), sec = s % 60;
  const mm = h ? String(m).padStart(2, "0") : String(m);
  return (h ? h + ":" : "") + mm + ":" + String(sec).padStart(2, "0");
}

// A time of 0 or more to the nearest whole second, a half to the even one (Python's round()); r - s is exact
// for the halves (Sterbenz), so only they are moved.
function roundHalfEven(s) {
  const r = Math.round(s);  // a half up
  return r - s === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

function el(tag, attrs, ns) {
  const e = ns ? document.createElementNS(SVGNS, tag) : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  return e;
}

function buildFoot(fig) {
  const svg = fig.querySelector("svg");
  const mirror = fig.dataset.foot === "right";
  const g = el("g", mirror ? { transform: "translate(100 0) scale(-1 1)" } : {}, true);
  g.appendChild(el("path", { d: OUTLINE, class: "outline" }, true));
  svg.appendChild(g);
  for (const [name, [x, y, w, h]] of Object.entries(REGIONS)) {
    const rx = mirror ? 100 - x - w : x;
    const rect = el("rect", { x: rx, y, width: w, height: h, rx: 6, class: "region band-none",
                              "data-region": name }, true);
    const text = el("text", { x: rx + w / 2, y: y + h / 2, class: "kpa" }, true);
    text.textContent = "-";
    svg.appendChild(rect);
    svg.appendChild(text);
  }
  // the numbers' unit (the state's: kPa, or "units" of an uncalibrated insole), in the corner by the heel
  const unit = el("text", { x: mirror ? 0 : 100, y: 178, class: "unit", "text-anchor": mirror ? "start" : "end" },
                  true);
  svg.appendChild(unit);
}

function stat(box, text, bad) {
  const line = el("div");
  line.textContent = text;
  if (bad) line.className = "bad";
  box.appendChild(line);
}

// ``found``: once the session ended, the highest level the foot was given over it (the state's found_levels):
// its badge says that, not the level that stood at the end (an alert relieved before the end is not "OK");
// "no_data" for a foot not analysed (it sent no data): NO DATA, nothing found on it, never "OK"
function drawFoot(fig, foot, unit, found) {
  // the foot's own unit (a kPa foot beside an uncalibrated one says kPa), else the state's
  fig.querySelector("text.unit").textContent = (foot && foot.unit) || unit || "";
  fig.dataset.link = foot ? foot.link : "lost";
  const badge = fig.querySelector(".foot-level");
  const lost = foot && foot.link === "lost";  // no data: not "OK" (nor the level from before the loss)
  const noData = found === "no_data";
  const level = noData ? "nodata" : found && found !== "none" ? found : lost ? "lost" : foot ? foot.level : "none";
  badge.textContent = foot ? (level === "lost" ? "LOST" : WORDS[level] || level) : "no insole";
  badge.dataset.level = level;
  badge.dataset.found = found && !noData ? "1" : "0";
  badge.title = noData ? "no data analysed in the session" : found ? "found in the session" : "";
  fig.querySelector(".what").textContent = foot ? foot.what : "";
  const stats = fig.querySelector(".stats");
  stats.replaceChildren();
  let drawn = false;
  for (const rect of fig.querySelectorAll("rect.region")) {
    const r = foot ? foot.regions[rect.dataset.region] : null;
    const unmeasured = r && r.measured === false;
    const band = unmeasured ? "unmeasured" : r && r.band ? r.band : "none";
    rect.setAttribute("class", "region band-" + band +
      (foot && foot.hot === rect.dataset.region ? " hot" : ""));
    rect.nextSibling.textContent = unmeasured ? NOT_MEASURED : r && r.kpa !== null ? String(r.kpa) : "-";
    if (r && r.kpa !== null) drawn = true;
  }
  fig.dataset.drawn = drawn ? "1" : "0";
  if (!foot) return;
  if (foot.unit_note) stat(stats, foot.unit_note);  // an uncalibrated insole: why no cell is the unloaded grey
  // time with data: where it left a hole out, not a clock time (monitor.live.view_clock.relief_words)
  if (foot.relief_s !== null) {
    stat(stats, foot.relief_data_only ? clock(foot.relief_s) + " of data since relief"
      : "relief " + clock(foot.relief_s) + " ago");
  }
  stat(stats, foot.cadence || foot.activity);
  // in the words of the insoles' transport (a BLE radio's link, the Moticon app's stream): the server's
  stat(stats, foot.link_text, foot.link !== "ok");
  stat(stats, "battery " + (foot.battery_pct !== null ? foot.battery_pct + " %" : foot.battery_level || "-") +
       (foot.battery_low && foot.battery_pct !== null ? " LOW" : ""), foot.battery_low);
  if (foot.not_measured) stat(stats, foot.not_measured);
}

function draw(state) {
  const top = document.getElementById("top");
  // all well on the feet that send data is not "OK" while a foot has none
  const noData = state.level === "none" && ((state.banner && state.banner.kind === "data_stale") ||
    Object.values(state.feet).some((f) => f.link === "lost"));
  top.dataset.level = noData ? "nodata" : state.level;
  document.getElementById("level").textContent = noData ? "NO DATA" : WORDS[state.level] || state.level;
  // never past the session's duration (its last view can come a little after it), as the terminal's header
  const dur = state.duration_s, now = state.session_s;
  document.getElementById("clock").textContent =
    clock(dur && now !== null ? Math.min(now, dur) : now) + (dur ? " / " + clock(dur) : "");
  // the analysis behind the session's time (a host too busy for the speed): the badge that says "live" says
  // how far, in yellow, the whole line on a long press (its title)
  const conn = document.getElementById("conn");
  if (conn.dataset.ok === "1" && !state.ended) {
    conn.dataset.behind = state.behind ? "1" : "0";
    conn.textContent = state.behind ? Math.round(state.behind_s) + " s behind" : "live";
    conn.title = state.behind || "";
  }
  const banner = document.getElementById("banner");
  const b = state.banner;
  banner.dataset.kind = b ? b.kind : "none";
  banner.dataset.level = b && b.level ? b.level : "none";
  banner.dataset.t = b && b.t_s !== null ? String(b.t_s) : "";
  banner.dataset.new = b && isNew(b) ? "1" : "0";
  const title = document.getElementById("banner-title");
  const stopped = !b && state.recording_error;  // the banner says the recording stopped, and its error
  title.textContent = b ? b.title : stopped ? recordingStopped(state) + ": " + shortPaths(state.recording_error) :
    "no alert";
  document.getElementById("banner-new").textContent = banner.dataset.new === "1" ? "NEW" : "";
  document.getElementById("banner-at").textContent = b ? when(b, state) : "";
  // issued late (a host too busy for the speed), as the terminal's line of it says: "issued 82 s late"
  document.getElementById("banner-late").textContent = b && b.late ? b.late : "";
  cut(title, stopped ? "recording" : "", stopped ? recordingStopped(state) + ": " + state.recording_error : "");
  const todo = document.getElementById("todo"), fix = document.getElementById("fix");
  said(todo, state.todo);
  cut(todo, b ? "todo|" + eventKey(b) : "", state.todo);
  said(fix, b && b.fix ? "After: " + b.fix : "");
  cut(fix, b && b.fix ? "fix|" + eventKey(b) : "", fix.textContent);
  // the other feet's standing events, ranked under the banner's: what to do for them now is said too,
  // short (the foot's badge and outline say the rest) to leave the numb buttons on the screen
  const others = document.getElementById("others");
  others.replaceChildren();
  const over = state.ended || state.ending;  // the recording ended: nothing below is live
  if (over) {
    recordingStoppedAtEnd(others, state);
    foundAtEnd(others, state.found || []);
    referralsAtEnd(others, state.referrals || []);
    standingAtEnd(others, b ? [b, ...(state.others || [])] : state.others || [],
                  state.ended ? "the session ended" : "the recording ended");
  } else {
    if (b) recordingStoppedLive(others, state);
    markNow(others, state.marks);
    for (const o of state.others || []) {
      seen(o);  // shown now: not new when it moves up into the banner
      const line = el("div", { class: "other", "data-kind": o.kind, "data-level": o.level || "none" });
      const word = o.kind === "data_stale" ? "NO DATA" : WORDS[o.level] || o.level || o.kind;
      // what to do now; a notice, which asks for nothing now, with its fix after (the terminal's other_line);
      // how late it was issued right after its level, as the banner says it after its time: the words after
      // are cut at two lines, and what comes last is not seen
      const after = o.level === "notice" && o.fix ? ". After: " + o.fix : "";
      said(line, o.foot.toUpperCase() + " " + word + (o.late ? " (" + o.late + ")" : "") + ": " + o.todo + after);
      cut(line, "other|" + eventKey(o), line.textContent);
      others.appendChild(line);
    }
  }
  // the feet give them room: the latest mark's line, up to three lines high where the others take two, counts
  // as two of them (style.css)
  const marked = others.querySelector("[data-kind=rider_mark]") ? 1 : 0;
  document.body.dataset.under = String(Math.min(others.childElementCount + marked, 4));
  forgetUncut();
  for (const name of ["left", "right"]) {
    drawFoot(document.getElementById("foot-" + name), state.feet[name] || null, state.unit,
             state.ended && state.found_levels ? state.found_levels[name] || "none" : null);
  }
  // each with where its foot had sent no data then, as the terminal's line of the mark says
  const marks = state.marks.map((m) => m.foot.toUpperCase() + " numb at " + clock(m.t_s) +
    (m.late ? " (" + m.late + ")" : "") + (m.no_data ? ": " + m.no_data : ""));
  // and what to do now for the latest, as the terminal's line of it says (then the referral under it)
  const latest = state.marks.length ? state.marks[state.marks.length - 1] : null;
  document.getElementById("marks").textContent = marks.length ? "Marked: " + marks.join(", ") +
    (latest && latest.todo ? ". " + latest.todo : "") : "";
  // after a numb mark, when numbness needs a clinician (the state's referral); not a medical device, always
  document.getElementById("referral").textContent = state.referral || "";
  if (state.disclaimer) document.getElementById("disclaimer").textContent = state.disclaimer;
  lastStateAt = performance.now();
  document.body.dataset.ending = state.ending && !state.ended ? "1" : "0";
  if (state.ended) {
    document.body.dataset.ended = "1";
    document.getElementById("conn").textContent = "session ended";
    // nothing takes a mark any more: the buttons say so, greyed, rather than be tapped in vain
    for (const button of document.querySelectorAll("#numb button")) {
      button.disabled = true;
      button.title = SESSION_ENDED_MARK;
    }
    // its saved length, the summary's "Session: 12:01" (the clock above stops at the duration asked for)
    const length = state.recorded_s !== null && state.recorded_s !== undefined ? state.recorded_s : state.session_s;
    notLive("SESSION ENDED at " + clock(length), "nothing is watched any more: what is below is not live");
  } else if (state.ending) {
    // the recording ended, the session is being finished (seconds, more on a busy host): not live, yet no
    // update is missing either; the ended state follows
    notLive("SESSION ENDING at " + clock(shownNow(state)),
            "the recording stopped; finishing the session: what it found comes next");
  } else {
    document.body.dataset.stale = "0";
  }
}

// The session clock as the header says it: never past the session's duration.
function shownNow(state) {
  const dur = state.duration_s, now = state.session_s;
  return dur && now !== null ? Math.min(now, dur) : now;
}

// "at 12:10 (0:16 ago)": when the banner's event was raised and how long ago in session time, as the
// terminal's banner says it (monitor/cli/console_live.py: banner_heads), so a newer event of the same words
// reads differently.
function when(b, state) {
  if (b.t_s === null || b.t_s === undefined) return "";
  const now = shownNow(state);
  const age = now !== null && now >= b.t_s ? " (" + clock(now - b.t_s) + " ago)" : "";
  return "at " + clock(b.t_s) + age;
}

// A banner's event is NEW for NEW_FOR_MS after the page first drew it, in the banner or under it (guess: a
// glance every few seconds catches it), so an alert that follows another of the same words is unmistakable:
// "NEW", and the banner flashes (style.css), until then. The events of the first state a page draws are not
// new to it: it opened on them; nor is one shown under the banner before it moves up into it.
const NEW_FOR_MS = 10000;
const firstSeen = new Map();  // eventKey -> performance.now() when first drawn

// Notes when the page first drew event ``e`` (-Infinity: in the first state it drew); returns that time.
function seen(e) {
  const key = eventKey(e);
  if (!firstSeen.has(key)) {
    firstSeen.set(key, lastStateAt === null ? -Infinity : performance.now());
    if (firstSeen.size > HEARD_KEPT) firstSeen.delete(firstSeen.keys().next().value);
  }
  return firstSeen.get(key);
}

function isNew(b) {
  return performance.now() - seen(b) < NEW_FOR_MS;
}

// "RECORDING STOPPED at 0:11": when (the session time it was seen stopped, as the page's other times).
function recordingStopped(state) {
  const t = state.recording_stopped_s;
  return "RECORDING STOPPED" + (t === null || t === undefined ? "" : " at " + clock(t));
}

// A path in an error said by its last component ("'…/left.rawlog'"), so the words after it stay on the
// phone's lines; the whole error is the line's title and shows on a tap (toggleCut).
function shortPaths(text) {
  return text.replace(/(['"])([^'"]*[\\/])([^'"\\/]+)\1/g, "$1…/$3$1");
}

// The lines cut short: the recording's error, what to do now and after, the other foot's event and what
// stood at the end are each drawn at most a few lines high (style.css, with an ellipsis), so long words leave
// the numb buttons on the screen. A tap shows one whole (its title holds it whole too), another tap cuts it
// again. Which are open is kept across the states, which redraw them, by what they say ("recording" for the
// error, in the banner or under it; an event's lines by the event): the next event's come cut.
const opened = new Set();

// The kind, level, foot and time that name an event, as soundFor names it.
function eventKey(e) {
  return [e.kind, e.level, e.foot, e.t_s].join("|");
}

// A number range ("2-10 mm", "20-60 s", "5-10 %"), which a line never breaks inside: "back 2-" on one line
// and "10 mm" on the next reads as another number.
const RANGE = /\d+(?:\.\d+)?-\d+(?:\.\d+)?(?: ?(?:mm|s|%|min))?/g;

// Sets an element's words (its textContent is ``text``), each number range in a span kept on one line
// (style.css: .range).
function said(e, text) {
  e.replaceChildren();
  let at = 0;
  for (const m of text.matchAll(RANGE)) {
    if (m.index > at) e.append(text.slice(at, m.index));
    const range = document.createElement("span");
    range.className = "range";
    range.textContent = m[0];
    e.append(range);
    at = m.index + m[0].length;
  }
  if (at < text.length) e.append(text.slice(at));
}

// Marks an element as a line cut short, named ``key`` (none: not cut, as the banner's title for an event).
function cut(e, key, whole) {
  if (key) e.dataset.cut = key; else delete e.dataset.cut;
  e.dataset.open = key && opened.has(key) ? "1" : "0";
  e.title = key ? whole : "";
}

function toggleCut(ev) {
  const said = ev.target.closest("[data-cut]");
  if (!said) return;
  const key = said.dataset.cut;
  if (opened.has(key)) opened.delete(key); else opened.add(key);
  for (const e of document.querySelectorAll("[data-cut]")) e.dataset.open = opened.has(e.dataset.cut) ? "1" : "0";
}

// Forgets the lines tapped open that no state shows any more (the set stays as small as the screen).
function forgetUncut() {
  const shown = new Set([...document.querySelectorAll("[data-cut]")].map((e) => e.dataset.cut));
  for (const key of [...opened]) if (!shown.has(key)) opened.delete(key);
}

// The latest "numb now" mark, under the banner while the session runs: its foot, time and how late it was
// issued, then what to do at once (the state's mark ``todo``) and where the foot had sent no data then
// (``no_data``), the words the terminal's line of it says, on the first screen, where the rider who just
// marked a foot looks; cut at three lines as long words are, tapped open whole. The marks' line at the
// bottom keeps every mark.
function markNow(box, marks) {
  const m = marks && marks.length ? marks[marks.length - 1] : null;
  if (!m) return;
  const line = el("div", { class: "other mark", "data-kind": "rider_mark", "data-level": "none" });
  const noData = m.no_data ? ". " + m.no_data[0].toUpperCase() + m.no_data.slice(1) : "";
  said(line, m.foot.toUpperCase() + " NUMB at " + clock(m.t_s) + (m.late ? " (" + m.late + ")" : "") + ": " +
    m.todo + noData);
  cut(line, "mark|" + m.foot + "|" + m.t_s, line.textContent);
  box.appendChild(line);
}

// A line that says the recording stopped, when, and what follows, then the error (short paths): what
// follows is said before the error, which alone is cut on a small screen.
function recordingLine(box, state, follows) {
  const line = el("div", { class: "other", "data-kind": "recording_error", "data-level": "alert" });
  line.textContent = recordingStopped(state) + ": " + follows + ". " + shortPaths(state.recording_error);
  cut(line, "recording", recordingStopped(state) + ": " + follows + ". " + state.recording_error);
  box.appendChild(line);
}

// The recording stopped mid-session (a full disk) while an event holds the banner: the banner says the event,
// so the first line under it says the recording stopped, when, in the error's words, in an alert's colour,
// as long as it is so (with no event standing the banner says it): the session is no longer being recorded.
function recordingStoppedLive(box, state) {
  if (state.recording_error) recordingLine(box, state, "the session is not being recorded");
}

// The session ended with its recording stopped (a full disk): the banner that said so goes with the rest, so
// the first line under the box says it, when, in the error's words, in an alert's colour, before any event
// that stood: the rest of the ride is not in the recording.
function recordingStoppedAtEnd(box, state) {
  if (state.recording_error) recordingLine(box, state, "what came after is not in the recording");
}

// What the session found, once it ended: the lines its summary prints under its head (the state's ``found``:
// "Alerts: right foot 1 alert, 1 warning ...", the verdict), under a line that says so, each cut as long
// words are and tapped open whole.
function foundAtEnd(box, lines) {
  if (!lines.length) return;
  const head = el("div", { class: "ended-head" });
  head.textContent = "Found in the session:";
  box.appendChild(head);
  for (const text of lines) {
    const line = el("div", { class: "other found", "data-kind": "found" });
    line.textContent = text;
    cut(line, "found|" + text, text);
    box.appendChild(line);
  }
}

// When to see a clinician, once the session ended: the summary's lines of it (the state's ``referrals``), as
// analyze and the live summary end, each cut as long words are and tapped open whole.
function referralsAtEnd(box, lines) {
  for (const text of lines) {
    const line = el("div", { class: "other found referral", "data-kind": "referral" });
    line.textContent = text;
    cut(line, "referral|" + text, text);
    box.appendChild(line);
  }
}

// The session ended: the banner goes (it is not live), but what stood when it ended, an alert raised in its
// last seconds too, is still said under the box that says so: each event's words and when, what to do and
// the fix after, in its colour, under a line that says they are from the end (``ended``: "the session ended",
// or "the recording ended" while the session is being finished).
function standingAtEnd(box, events, ended) {
  if (!events.length) return;
  const head = el("div", { class: "ended-head" });
  head.textContent = "Standing when " + ended + ":";
  box.appendChild(head);
  for (const o of events) {
    const line = el("div", { class: "other", "data-kind": o.kind, "data-level": o.level || "none" });
    said(line, o.title + (o.t_s !== null ? " at " + clock(o.t_s) : "") + (o.late ? " (" + o.late + ")" : "") +
      ". " + o.todo + (o.fix ? ". After: " + o.fix : ""));
    cut(line, "ended|" + eventKey(o), line.textContent);
    box.appendChild(line);
  }
}

// Not live: what the page shows is no longer now. The last state stays readable but faded, the level says
// nothing, and a box in the banner's place says why and how old the rest is.
let lastStateAt = null;  // performance.now() of the last state
let notLiveWhy = null;

function ago() {
  return lastStateAt === null ? "" : " " + clock((performance.now() - lastStateAt) / 1000) + " ago";
}

function notLive(why, what) {
  notLiveWhy = why;
  document.body.dataset.stale = "1";
  document.getElementById("level").textContent = "-";
  document.getElementById("stale-title").textContent = why;
  document.getElementById("stale-what").textContent = what ||
    (lastStateAt === null ? "nothing received yet: not live" : "last update" + ago() + ": what is below is not live");
}

function watch() {
  if (document.body.dataset.ended === "1" || document.body.dataset.ending === "1") return;
  if (document.body.dataset.stale === "1") notLive(notLiveWhy);  // its age, counting
  else if (lastStateAt !== null && performance.now() - lastStateAt > STALE_AFTER_MS) {
    notLive("NO UPDATE from the monitor");
  }
}

let socket = null;

function connect() {
  const token = new URLSearchParams(location.search).get("token") || "";
  const proto = location.protocol === "https:" ? "wss:" : "ws:";
  socket = new WebSocket(proto + "//" + location.host + "/ws?token=" + encodeURIComponent(token));
  const conn = document.getElementById("conn");
  socket.onopen = () => { conn.textContent = "live"; conn.dataset.ok = "1"; };
  socket.onmessage = (ev) => {
    const msg = JSON.parse(ev.data);
    if (msg.type === "state") draw(msg);
    else if (msg.type === "error") document.getElementById("marks").textContent = msg.text;
    if (msg.type === "state") soundFor(msg);
  };
  socket.onclose = () => {
    conn.dataset.ok = "0";
    if (document.body.dataset.ended === "1") return;
    conn.textContent = "reconnecting";
    if (lastStateAt !== null) notLive("NO CONNECTION to the monitor");
    setTimeout(connect, 1000);  // the server sends the current state on connecting
  };
}

// What a tap on a numb button says once the session ended (the buttons are greyed out then, too).
const SESSION_ENDED_MARK = "the session has ended: the mark was not taken";

function mark(ev) {
  const foot = ev.currentTarget.dataset.foot;
  if (document.body.dataset.ended === "1") {
    document.getElementById("marks").textContent = SESSION_ENDED_MARK;
  } else if (socket && socket.readyState === WebSocket.OPEN) {
    socket.send(JSON.stringify({ type: "mark", foot }));
  } else {
    document.getElementById("marks").textContent = "not connected: the mark was not taken";
  }
}

// Sound and buzz: a new warning, alert or loss of data is felt and heard, as the terminal's delivery channels
// make it (monitor/live/delivery.py: urgent()); a notice, an all-clear and a numb-now mark are not. Browsers
// let a page sound and vibrate only after a tap, so it is off until the rider turns it on.
// A tone still playing is neither cut off nor played over, as the terminal's sound channel has it
// (delivery.SoundChannel): an event that comes while one plays gets no tone. Its buzz is given all the same,
// as the terminal's haptic channel sends every event's pulses (delivery.HapticChannel: it waits only for
// the insole's answer to the previous command, not for its pulses to end, and drops none).
// The terminal's tones (delivery.TONES_HZ, Hz) and beeps (tone_wav: beep, gap and fade in s, gain 0-1);
// tests/test_phone_view_sound.py keeps these copies equal to them.
const TONES_HZ = {"warning": [880, 1175], "alert": [1175, 1175, 1175], "data_stale": [440, 330]};
const TONE_S = {"beep": 0.18, "gap": 0.08, "fade": 0.01, "gain": 0.4};
// navigator.vibrate patterns (ms on, off, on...): the insole's pulses (delivery.HAPTIC_PATTERNS: 2 x 300 ms
// for a warning, 3 x 500 ms for an alert) with 200 ms between them (guess); one long buzz for no data
// (guess: unlike either; the insole does not buzz for it, as it may be the one that is gone).
const BUZZ_MS = {"warning": [300, 200, 300], "alert": [500, 200, 500, 200, 500], "data_stale": [1000]};
const HEARD_KEPT = 100;  // events remembered as heard (a ride has far fewer standing at once)
// toneUntilS: when the tone last started on ctx ends (s, ctx.currentTime's clock)
const sound = { on: false, ctx: null, toneUntilS: 0, blocked: false, buzzBlocked: false, heard: new Set() };

function audioClass() {
  return window.AudioContext || window.webkitAudioContext || null;
}

// The event a banner stands for, when it is one to feel and hear ("warning", "alert", "data_stale"), else null.
function urgentKind(b) {
  if (!b) return null;
  if (b.kind === "data_stale") return "data_stale";
  return b.kind === "alert" && (b.level === "warning" || b.level === "alert") ? b.level : null;
}

// Each state: a banner that is a new urgent event buzzes and sounds once, if the rider turned it on. An event
// is heard once whether or not it is on: one already standing when it is turned on stays quiet.
function soundFor(state) {
  const b = state.banner, kind = urgentKind(b);
  if (kind === null || state.ended) return;
  const id = [b.kind, b.level, b.foot, b.t_s].join("|");
  if (sound.heard.has(id)) return;
  sound.heard.add(id);
  if (sound.heard.size > HEARD_KEPT) sound.heard.delete(sound.heard.values().next().value);
  if (!sound.on) return;
  if (typeof navigator.vibrate === "function") {
    const blocked = !navigator.vibrate(BUZZ_MS[kind]);  // false: the browser would not (a hidden page)
    if (blocked !== sound.buzzBlocked) { sound.buzzBlocked = blocked; showSound(); }
  }
  const ctx = sound.ctx;
  if (ctx === null) return;
  if (ctx.state === "running") { tone(ctx, TONES_HZ[kind]); return; }
  // suspended by the browser (or interrupted, as iOS does for a call): a tone queued on it would sound
  // whenever it resumes, so it sounds only if the context runs again at once
  const asked = performance.now();
  ctx.resume().then(() => {
    checkSound();
    if (ctx.state === "running" && performance.now() - asked < 1000) tone(ctx, TONES_HZ[kind]);
  }, checkSound);
}

// How long a tone of these beeps lasts (s): tone_wav's file, beeps and the gaps between them.
function toneLengthS(freqs) {
  return freqs.length * TONE_S.beep + Math.max(freqs.length - 1, 0) * TONE_S.gap;
}

// A tone, unless one still plays (then none: the terminal's sound channel skips it likewise).
function tone(ctx, freqs) {
  if (ctx.currentTime < sound.toneUntilS) return;
  sound.toneUntilS = beep(ctx, freqs);
}

// One short sine beep per frequency, with fades so it does not click (as tone_wav's file); returns when the
// last one ends (s, ctx.currentTime's clock).
function beep(ctx, freqs) {
  const t0 = ctx.currentTime + 0.02;
  freqs.forEach((hz, k) => {
    const start = t0 + k * (TONE_S.beep + TONE_S.gap), end = start + TONE_S.beep;
    const osc = ctx.createOscillator(), gain = ctx.createGain();
    osc.type = "sine";
    osc.frequency.value = hz;
    gain.gain.setValueAtTime(0, start);
    gain.gain.linearRampToValueAtTime(TONE_S.gain, start + TONE_S.fade);
    gain.gain.setValueAtTime(TONE_S.gain, end - TONE_S.fade);
    gain.gain.linearRampToValueAtTime(0, end);
    osc.connect(gain);
    gain.connect(ctx.destination);
    osc.start(start);
    osc.stop(end);
  });
  return t0 + toneLengthS(freqs);
}

function checkSound() {
  sound.blocked = sound.on && sound.ctx !== null && sound.ctx.state !== "running";
  showSound();
}

// The rider's tap: the one gesture that lets the page sound (its audio is made and resumed here).
function toggleSound() {
  sound.on = !sound.on;
  const AudioCtx = audioClass();
  if (!sound.on || !AudioCtx) { checkSound(); return; }
  try {
    if (sound.ctx === null) { sound.ctx = new AudioCtx(); sound.toneUntilS = 0; }
    sound.ctx.onstatechange = checkSound;
    if (sound.ctx.state !== "running") sound.ctx.resume().then(checkSound, checkSound);
  } catch (e) {
    sound.ctx = null;
  }
  setTimeout(checkSound, 1000);  // a resume the browser holds back may never settle
  showSound();
}

function showSound() {
  const button = document.getElementById("sound");
  button.dataset.on = sound.on ? "1" : "0";
  button.setAttribute("aria-pressed", String(sound.on));
  button.textContent = sound.on ? "Sound & buzz: ON" : "Sound & buzz: OFF";
  const said = [];
  if (!audioClass()) said.push("no sound in this browser");
  else if (sound.on && sound.ctx === null) said.push("no sound: the browser would not start it");
  else if (sound.blocked) said.push("sound blocked by the browser: tap off, on");
  if (typeof navigator.vibrate !== "function") said.push("no buzz in this browser (none on iOS)");
  else if (sound.on && sound.buzzBlocked) said.push("buzz blocked by the browser");
  document.getElementById("sound-note").textContent = said.join("; ");
}

for (const fig of document.querySelectorAll(".foot")) buildFoot(fig);
for (const button of document.querySelectorAll("#numb button")) button.addEventListener("click", mark);
document.getElementById("sound").addEventListener("click", toggleSound);
document.getElementById("banner").addEventListener("click", toggleCut);
document.getElementById("others").addEventListener("click", toggleCut);
showSound();
connect();
setInterval(watch, 500);
