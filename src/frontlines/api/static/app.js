/* frontlines web page: a map whose places take the colour of who held them on the slider's date.
 *
 * Everything shown comes from the REST API under /api. Article text, titles and names are
 * untrusted input: they reach the page only as text nodes (el() below, textContent), never
 * as markup, so nothing in an article can run.
 */
"use strict";

(function () {
  const DAY_MS = 86400000;
  const COLOURS = {
    state: "#2b6cb0",
    external: "#805ad5",
    nonstate: "#dd6b20",
    contested: "#d69e2e",
    unknown: "#a0aec0",
  };
  const HELD = {
    state: "government-held",
    external: "held by foreign state forces",
    nonstate: "opposition-held",
    unknown: "control unknown",
  };

  const state = {
    first: null, // Date (UTC) of the earliest event
    date: null, // ISO date the map shows
    places: new Map(), // placeKey(place) -> {place, marker, item, period}
    events: [],
    eventLayer: null,
    selected: null,
    requestSeq: 0,
    basemap: null, // the drawn base map (basemap.js), or null with tiles
    playing: null, // the play timer, while the slider plays
  };

  // --- small helpers -------------------------------------------------------------

  /** An element with attributes and children; strings become text nodes (never markup). */
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "class") node.className = value;
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? "" : String(value));
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      node.appendChild(typeof child === "string" || typeof child === "number"
        ? document.createTextNode(String(child)) : child);
    }
    return node;
  }

  // A place's key: the gazetteer's own id (place_id), which is the GeoNames id where
  // there is one; records that carry only geonameid use that.
  function placeKey(p) {
    return p.place_id ?? p.geonameid;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  async function api(path) {
    const response = await fetch(path, { headers: { Accept: "application/json" } });
    const body = await response.json();
    if (!response.ok) {
      const message = body && body.error ? `${body.error.code}: ${body.error.message}` : response.statusText;
      throw new Error(message);
    }
    return body;
  }

  function status(text) {
    document.getElementById("status").textContent = text;
  }

  function isoOf(date) {
    return date.toISOString().slice(0, 10);
  }

  function parseIso(text) {
    return new Date(`${text}T00:00:00Z`);
  }

  /** state | external | nonstate: the colour class of a controller, from its ACLED actor class. */
  function sideOf(controller) {
    if (!controller) return "unknown";
    if (controller.kind === "state_forces") return "state";
    if (controller.kind === "external_forces") return "external";
    return "nonstate";
  }

  function bound(b) {
    if (!b) return null;
    if (!b.latest || b.latest === b.earliest) return b.earliest;
    return `${b.earliest} – ${b.latest}`;
  }

  function when(start, end) {
    if (!start) return "undated";
    return end && end !== start ? `${start} – ${end}` : start;
  }

  // --- the map -------------------------------------------------------------------

  const map = L.map("map", { worldCopyJump: true, preferCanvas: false, maxZoom: 14 }).setView([30, 30], 3);
  window.frontlinesMap = map; // for tests and the curious
  map.createPane("events");
  map.getPane("events").style.zIndex = 350; // under the places, so a place stays clickable

  // A configured tile server replaces the built-in Natural Earth base map.
  async function configure() {
    const config = await api("/api/config");
    if (config.tiles_url) {
      map.setMaxZoom(18);
      L.tileLayer(config.tiles_url, { attribution: config.tiles_attribution || "", maxZoom: 18 }).addTo(map);
      document.body.setAttribute("data-basemap", "tiles");
    }
    return config;
  }

  async function drawBasemap() {
    try {
      state.basemap = await window.frontlinesBasemap.draw(map, () => [...state.places.values()].map((e) => e.place));
      document.body.setAttribute("data-basemap", "natural-earth");
    } catch (error) {
      document.body.setAttribute("data-basemap", "failed");
      throw new Error(`the base map did not load (${error.message}); places are drawn without it`);
    }
  }

  // Who holds the place on the date: "held by the government (…)", or every side of a contest.
  function statusOf(entry) {
    const holders = entry.holders;
    if (!holders.length) {
      // the API's note ("before the evidence, unknown") says why; "unknown" is said already
      const why = entry.note ? entry.note.replace(/,?\s*unknown$/, "") : "";
      return { side: "unknown", line: why ? `${HELD.unknown} (${why})` : HELD.unknown };
    }
    if (holders.length > 1) {
      const sides = holders.map((p) => `${HELD[sideOf(p.controller)]} (${p.controller.name})`);
      return { side: "contested", line: `contested: ${sides.join(" / ")}` };
    }
    const period = holders[0];
    const line = `${period.contested ? "contested; " : ""}${HELD[sideOf(period.controller)]} (${period.controller.name})`;
    return { side: period.contested ? "contested" : sideOf(period.controller), line };
  }

  function tooltipFor(entry) {
    const { side, line } = statusOf(entry);
    return { side, text: `${entry.place.name}: ${line}` };
  }

  function paint(entry) {
    const { side, text } = tooltipFor(entry);
    const period = entry.period;
    const colourSide = entry.holders.length > 1
      ? "contested"
      : (period ? sideOf(period.controller) : "unknown");
    const selected = state.selected === placeKey(entry.place); // the place the panel shows
    entry.marker.setRadius(selected ? 12 : 9);
    entry.marker.setStyle({
      fillColor: COLOURS[colourSide],
      color: side === "contested" ? COLOURS.contested : "#1a202c",
      weight: (side === "contested" ? 4 : 1.5) + (selected ? 1.5 : 0),
    });
    const path = entry.marker.getElement();
    if (path) {
      path.setAttribute("data-side", colourSide);
      path.setAttribute("data-controller", period ? period.controller.id : "");
    }
    entry.tooltip.textContent = text;
    entry.item.setAttribute("data-side", colourSide);
    entry.item.setAttribute("data-controller", period ? period.controller.id : "");
    entry.itemStatus.textContent = ` — ${statusOf(entry).line}`;
  }

  function addPlace(place) {
    const tooltip = el("span", { class: "place-tooltip" }, place.name);
    const marker = L.circleMarker([place.lat, place.lon], {
      radius: 9,
      fillOpacity: 0.9,
      className: `place-marker place-${placeKey(place)}`,
    }).addTo(map);
    marker.bindTooltip(tooltip);
    marker.on("click", () => selectPlace(placeKey(place)).catch(fail));
    const itemStatus = el("span", { class: "status" });
    const item = el("li", { "data-geonameid": placeKey(place), class: "place-item" },
      el("button", { type: "button", onclick: () => selectPlace(placeKey(place), true).catch(fail) }, place.name),
      itemStatus);
    document.getElementById("place-list").appendChild(item);
    const entry = { place, marker, tooltip, item, itemStatus, period: null, holders: [], note: null };
    state.places.set(placeKey(place), entry);
    return entry;
  }

  async function showDate(iso) {
    const seq = ++state.requestSeq;
    state.date = iso;
    document.getElementById("slider-date").textContent = iso;
    document.getElementById("date-input").value = iso;
    const answer = await api(`/api/control?on=${encodeURIComponent(iso)}`);
    if (seq !== state.requestSeq) return; // a newer date was asked for meanwhile
    for (const row of answer.places) {
      if (row.place.lat === null || row.place.lon === null) continue;
      const entry = state.places.get(placeKey(row.place)) || addPlace(row.place);
      entry.period = row.period;
      entry.holders = row.holders || [];
      entry.note = row.note || null;
      paint(entry);
    }
    drawEvents(iso);
    if (state.selected !== null) markCurrentPeriod();
    document.body.setAttribute("data-control-date", iso);
  }

  function drawEvents(iso) {
    if (state.eventLayer) state.eventLayer.remove();
    const dots = [];
    for (const event of state.events) {
      const p = event.place;
      if (!p || p.lat === null || p.lon === null || !event.date_start || event.date_start > iso) continue;
      const dot = L.circleMarker([p.lat, p.lon], {
        pane: "events", radius: 4, color: "#2d3748", weight: 1, fillColor: "#2d3748", fillOpacity: 0.6,
        className: "event-marker",
      });
      dot.bindTooltip(el("span", {}, `${when(event.date_start, event.date_end)} · ${event.sub_event_type} · ${p.name}`));
      dot.on("click", () => showEvent(event));
      dots.push(dot);
    }
    state.eventLayer = L.layerGroup(dots).addTo(map);
  }

  // --- the slider ------------------------------------------------------------------

  const slider = document.getElementById("date-slider");
  const dateInput = document.getElementById("date-input");
  let debounce = null;

  function dateOfSlider() {
    return isoOf(new Date(state.first.getTime() + Number(slider.value) * DAY_MS));
  }

  function setDate(iso) {
    const days = Math.round((parseIso(iso).getTime() - state.first.getTime()) / DAY_MS);
    slider.value = String(Math.max(0, Math.min(Number(slider.max), days)));
    return showDate(dateOfSlider());
  }
  window.frontlinesSetDate = setDate; // tests drive the slider through this too

  slider.addEventListener("input", (ev) => {
    if (ev.isTrusted) stopPlaying(); // a hand on the slider stops the replay
    document.getElementById("slider-date").textContent = dateOfSlider();
    clearTimeout(debounce);
    debounce = setTimeout(() => showDate(dateOfSlider()).catch(fail), 120);
  });
  dateInput.addEventListener("change", () => {
    stopPlaying();
    if (/^\d{4}-\d{2}-\d{2}$/.test(dateInput.value)) setDate(dateInput.value).catch(fail);
  });

  // Play: the slider walks from its date (or the start, at the end) to the end in about
  // 200 steps, each drawn before the next is asked for.
  const playButton = document.getElementById("play");

  function stopPlaying() {
    if (state.playing === null) return;
    clearTimeout(state.playing);
    state.playing = null;
    playButton.textContent = "▶ Play";
    playButton.setAttribute("aria-pressed", "false");
    document.body.removeAttribute("data-playing");
  }

  function playStep() {
    const max = Number(slider.max);
    const next = Math.min(max, Number(slider.value) + Math.max(1, Math.round(max / 200)));
    slider.value = String(next);
    showDate(dateOfSlider()).then(() => {
      if (state.playing === null) return;
      if (next >= max) stopPlaying();
      else state.playing = setTimeout(playStep, 150);
    }).catch((error) => { stopPlaying(); fail(error); });
  }

  playButton.addEventListener("click", () => {
    if (state.playing !== null) { stopPlaying(); return; }
    if (Number(slider.value) >= Number(slider.max)) slider.value = "0";
    playButton.textContent = "❚❚ Pause";
    playButton.setAttribute("aria-pressed", "true");
    document.body.setAttribute("data-playing", "true");
    state.playing = setTimeout(playStep, 0);
  });

  // --- panels ----------------------------------------------------------------------

  // One item per sentence: syndicated copies of a report say it word for word, so their
  // outlets are listed under it (each opens its own article) instead of repeating it.
  function evidenceList(reports) {
    const bySentence = new Map();
    for (const r of reports) {
      if (!bySentence.has(r.sentence)) bySentence.set(r.sentence, []);
      bySentence.get(r.sentence).push(r);
    }
    const source = (r) => el("button", {
      type: "button", class: "linkish source-link", title: "Show this sentence in this article",
      onclick: () => showArticle(r.article_id, r).catch(fail),
    }, `${r.outlet || "unknown outlet"}, article ${r.article_id.slice(0, 8)}`);
    return el("ul", { class: "evidence" }, [...bySentence.values()].map((group) =>
      el("li", {},
        el("button", {
          type: "button", class: "linkish evidence-link", title: "Show this sentence in its article",
          onclick: () => showArticle(group[0].article_id, group[0]).catch(fail),
        }, el("span", { class: "sentence" }, `“${group[0].sentence}”`)),
        el("span", { class: "meta" }, " ", group.flatMap((r, i) => [i ? "; " : "", source(r)])))));
  }

  function markCurrentPeriod() {
    const panel = document.getElementById("place-panel");
    for (const li of panel.querySelectorAll(".period")) {
      const start = li.getAttribute("data-start");
      const end = li.getAttribute("data-end");
      const current = (!start || start <= state.date) && (!end || state.date < end);
      li.classList.toggle("current", current);
    }
  }

  /** Marks the place the panel shows (null: none) on the map. */
  function setSelected(key) {
    const before = state.places.get(state.selected);
    state.selected = key;
    if (before) paint(before);
    if (state.places.has(key)) paint(state.places.get(key));
  }

  async function selectPlace(geonameid, zoom) {
    setSelected(geonameid);
    const entry = state.places.get(geonameid);
    if (zoom && entry) map.setView([entry.place.lat, entry.place.lon], Math.max(map.getZoom(), 9));
    const panel = document.getElementById("place-panel");
    const [control, timeline] = await Promise.all([
      api(`/api/places/${geonameid}/control`),
      api(`/api/places/${geonameid}/timeline`),
    ]);
    clear(panel);
    const p = control.place;
    panel.setAttribute("data-geonameid", String(geonameid));
    panel.appendChild(el("h2", { id: "place-name" }, p.name));
    panel.appendChild(el("p", { class: "meta" },
      `${p.geonameid ? `GeoNames ${p.geonameid}` : "no GeoNames id"}${p.feature_code ? ` · ${p.feature_code}` : ""}${p.country_code ? ` · ${p.country_code}` : ""}`));
    panel.appendChild(el("h3", {}, "Who held it when"));
    if (!control.periods.length) panel.appendChild(el("p", { class: "hint" }, "No control changes are known here."));
    panel.appendChild(el("ol", { class: "periods" }, control.periods.map((period) => {
      const side = sideOf(period.controller);
      const from = bound(period.start) || "before the evidence";
      const to = bound(period.end) || "as far as known";
      return el("li", {
        class: `period side-${side}`, "data-side": side, "data-controller": period.controller.id,
        "data-start": period.start ? period.start.earliest : null,
        "data-end": period.end ? period.end.earliest : null,
      },
      el("strong", {}, `${HELD[side]}: ${period.controller.name}`),
      el("div", { class: "meta" }, `${from} → ${to}${period.contested ? " · contested" : ""}`),
      evidenceList(period.evidence));
    })));
    panel.appendChild(el("h3", {}, `Events (${timeline.events.length})`));
    panel.appendChild(el("ul", { class: "events-list" }, timeline.events.map((event) =>
      el("li", {}, el("button", { type: "button", class: "linkish", onclick: () => showEvent(event) },
        `${when(event.date_start, event.date_end)} · ${event.sub_event_type}${event.background ? " (background)" : ""}`)))));
    markCurrentPeriod();
    document.body.setAttribute("data-selected-place", String(geonameid));
  }

  function showEvent(event) {
    const panel = document.getElementById("place-panel");
    clear(panel);
    setSelected(null);
    const p = event.place;
    panel.appendChild(el("h2", {}, `${event.event_type}: ${event.sub_event_type}`));
    panel.appendChild(el("p", { class: "meta" },
      `${when(event.date_start, event.date_end)}${p ? ` · ${p.name}` : ""} · ${event.independent_sources} independent source(s)`));
    const actors = [event.actor1, event.actor2].filter(Boolean).map((a) => a.name);
    if (actors.length) panel.appendChild(el("p", {}, `Actors: ${actors.join("; ")}`));
    if (event.territory && event.territory.new_controller) {
      panel.appendChild(el("p", {}, `Control to: ${event.territory.new_controller.name}`));
    }
    if (event.fatalities) {
      const f = event.fatalities;
      panel.appendChild(el("p", {}, `Killed: ${f.low === f.high ? f.low : `${f.low ?? "?"}–${f.high ?? "?"}`}`));
    }
    if (p && placeKey(p) && state.places.has(placeKey(p))) {
      panel.appendChild(el("button", { type: "button", class: "linkish", onclick: () => selectPlace(placeKey(p), true).catch(fail) },
        `Who held ${p.name} when →`));
    }
    panel.appendChild(el("h3", {}, "Reports"));
    panel.appendChild(evidenceList(event.reports));
  }

  /** Code-point offsets (the API's, Python's) to a JS string split around the evidence. */
  function splitAround(text, report) {
    const points = Array.from(text);
    let before = points.slice(0, report.start).join("");
    let middle = points.slice(report.start, report.end).join("");
    let after = points.slice(report.end).join("");
    if (report.sentence && middle !== report.sentence) {
      const at = text.indexOf(report.sentence);
      if (at < 0) return null;
      before = text.slice(0, at);
      middle = report.sentence;
      after = text.slice(at + report.sentence.length);
    }
    return [before, middle, after];
  }

  async function showArticle(articleId, report) {
    const article = await api(`/api/articles/${encodeURIComponent(articleId)}`);
    const panel = document.getElementById("article-panel");
    clear(panel);
    panel.hidden = false;
    panel.setAttribute("data-article-id", article.id);
    panel.appendChild(el("h2", { id: "article-title" }, article.title || "(untitled article)"));
    const published = article.published.start ? when(article.published.start, article.published.end) : "date unknown";
    panel.appendChild(el("p", { class: "meta" },
      `${article.outlet || "unknown outlet"} · ${published} (${article.published.source}) · ${article.id}`));
    if (article.url && /^https?:\/\//i.test(article.url)) {
      panel.appendChild(el("p", { class: "meta" }, el("a", { href: article.url, rel: "noopener noreferrer nofollow", target: "_blank" }, article.url)));
    }
    const body = el("div", { id: "article-text" });
    const parts = report ? splitAround(article.text, report) : null;
    if (parts) {
      body.append(document.createTextNode(parts[0]), el("mark", { id: "evidence-mark" }, parts[1]), document.createTextNode(parts[2]));
    } else {
      body.textContent = article.text;
    }
    panel.appendChild(body);
    const mark = document.getElementById("evidence-mark");
    if (mark) mark.scrollIntoView({ block: "center" });
    document.body.setAttribute("data-article", article.id);
  }

  // --- search ----------------------------------------------------------------------

  document.getElementById("search").addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const q = document.getElementById("search-input").value.trim();
    const box = document.getElementById("search-results");
    clear(box);
    if (!q) { box.hidden = true; return; }
    const found = await api(`/api/places?q=${encodeURIComponent(q)}&limit=20`);
    const areas = state.basemap ? state.basemap.find(q) : [];
    box.hidden = false;
    box.appendChild(el("h2", {}, `Places matching “${q}”`));
    if (!found.items.length) box.appendChild(el("p", { class: "hint" }, "None in the database."));
    box.appendChild(el("ul", {}, found.items.map((p) => el("li", {},
      el("button", {
        type: "button",
        onclick: () => {
          if (p.lat !== null && p.lon !== null) map.setView([p.lat, p.lon], 10);
          selectPlace(placeKey(p)).catch(fail);
        },
      }, `${p.name} (${[p.feature_code, p.country_code].filter(Boolean).join(", ")}) · ${p.events} events`)))));
    if (areas.length) {
      box.appendChild(el("h3", {}, "On the base map"));
      box.appendChild(el("ul", { class: "area-results" }, areas.map((a) => el("li", {},
        el("button", {
          type: "button",
          onclick: () => map.setView([a.lat, a.lon], a.kind === "country" ? 6 : 8),
        }, `${a.name} (${a.kind === "country" ? "country" : `province, ${a.cc}`})`)))));
    }
  });

  // --- start -----------------------------------------------------------------------

  function fail(error) {
    status(`error: ${error.message}`);
  }

  async function loadEvents() {
    const all = [];
    for (let offset = 0; ; offset += 1000) {
      const page = await api(`/api/events?limit=1000&offset=${offset}`);
      all.push(...page.items);
      if (all.length >= page.total || !page.items.length) break;
    }
    return all;
  }

  function openFromHash() {
    const params = new URLSearchParams(location.hash.slice(1));
    if (params.get("article")) showArticle(params.get("article"), null).catch(fail);
    if (params.get("place")) selectPlace(Number(params.get("place")), true).catch(fail);
  }

  async function start() {
    const config = await configure();
    // drawn while the events load; a failure is reported once the page is up
    const basemap = config.tiles_url ? null : drawBasemap().catch((error) => error);
    state.events = await loadEvents();
    const first = config.dates.earliest || isoOf(new Date());
    const last = config.dates.latest || first;
    state.first = parseIso(first);
    slider.max = String(Math.round((parseIso(last).getTime() - state.first.getTime()) / DAY_MS));
    slider.value = slider.max;
    dateInput.min = first;
    dateInput.max = last;
    await showDate(last);
    const points = [...state.places.values()].map((e) => [e.place.lat, e.place.lon]);
    if (points.length) map.fitBounds(points, { padding: [30, 30], maxZoom: 8, animate: false });
    const plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;
    const summary = `${plural(state.events.length, "event")}, ${plural(state.places.size, "place")} with a control timeline, ${first} to ${last}`;
    status(`${summary}${config.tiles_url ? "" : " · built-in base map (Natural Earth); FRONTLINES_TILES_URL sets tiles"}`);
    const basemapError = await basemap;
    if (basemapError) fail(basemapError);
    window.addEventListener("hashchange", openFromHash);
    openFromHash();
    document.body.setAttribute("data-ready", "true");
  }

  start().catch(fail);
})();
