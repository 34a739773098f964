/* The offline base map: Natural Earth countries, provinces, coasts, rivers and lakes, served by
 * the app under /basemap/ and drawn under the events, with names placed so none covers another.
 *
 * Names come from our own package data, but still reach the page only as text nodes.
 */
"use strict";

window.frontlinesBasemap = (function () {
  const SEA = "#c9dcec";
  const STYLES = {
    country: { className: "bm-country", fillColor: "#f4f1e8", fillOpacity: 1, color: "#8c8273", weight: 1 },
    admin1: { className: "bm-admin1", fill: false, color: "#b5aa96", weight: 0.8, dashArray: "3 3" },
    lake: { className: "bm-lake", fillColor: SEA, fillOpacity: 1, color: "#7c9cb8", weight: 0.6 },
    river: { className: "bm-river", fill: false, color: "#86aed3", weight: 1 },
    coast: { className: "bm-coast", fill: false, color: "#6a8aa6", weight: 1 },
  };
  // The zoom from which each kind of name is shown (collisions still drop some).
  const MIN_ZOOM = { country: 2, admin1: 6, place: 6 };
  // As app.css draws each kind of name, for measuring it before it is drawn.
  const FONTS = { country: "13px", admin1: "italic 11px", place: "600 12px" };
  const SPACING = { country: 0.06 * 13, admin1: 0, place: 0 }; // letter-spacing, px

  async function getJson(path) {
    const response = await fetch(path, { headers: { Accept: "application/json" } });
    if (!response.ok) throw new Error(`${path}: ${response.status} ${response.statusText}`);
    return response.json();
  }

  /** Every ring of a (Multi)Polygon, as [lon, lat] arrays. */
  function ringsOf(geometry) {
    return geometry.type === "Polygon" ? geometry.coordinates : geometry.coordinates.flat();
  }

  function inside(lon, lat, rings) {
    let hit = false; // even-odd over every ring, so holes count
    for (const ring of rings) {
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        const [xi, yi] = ring[i];
        const [xj, yj] = ring[j];
        if ((yi > lat) !== (yj > lat) && lon < xi + ((lat - yi) * (xj - xi)) / (yj - yi)) hit = !hit;
      }
    }
    return hit;
  }

  /** Up to ``k`` points of the country inside ``bounds`` (on an n by n grid), nearest its
   * label point first, as [lat, lon]. */
  function pointsInView(country, bounds, n, k) {
    const sw = bounds.getSouthWest();
    const ne = bounds.getNorthEast();
    const found = [];
    for (let i = 1; i < n; i++) {
      for (let j = 1; j < n; j++) {
        const lon = sw.lng + ((ne.lng - sw.lng) * i) / n;
        const lat = sw.lat + ((ne.lat - sw.lat) * j) / n;
        if (inside(lon, lat, country.rings)) found.push([(lon - country.lon) ** 2 + (lat - country.lat) ** 2, lat, lon]);
      }
    }
    return found.sort((x, y) => x[0] - y[0]).slice(0, k).map(([, lat, lon]) => [lat, lon]);
  }

  /** Folded for matching: lower case, no accents, letters and digits only. */
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[^a-z0-9]+/g, " ").trim();
  }

  /**
   * Draws the layers on ``map`` and keeps names placed as the map moves.
   * ``places()`` gives the database's places ({name, lat, lon, country_code}) to name too.
   * Resolves to {find(query), refresh()} once every layer is drawn.
   */
  async function draw(map, places) {
    map.createPane("basemap").style.zIndex = 200;
    const labelPane = map.createPane("labels");
    labelPane.style.zIndex = 340; // over the base map, under the events and places
    labelPane.style.pointerEvents = "none";
    document.getElementById("map").style.background = SEA;

    const names = ["countries.geojson", "admin1_borders.geojson", "lakes.geojson", "rivers.geojson", "coastline.geojson", "admin1_labels.json"];
    const [countries, admin1, lakes, rivers, coast, admin1Labels] = await Promise.all(
      names.map((name) => getJson(`/basemap/${name}`)));
    const layer = (data, style) => L.geoJSON(data, { pane: "basemap", interactive: false, style: () => style }).addTo(map);
    layer(countries, STYLES.country);
    layer(admin1, STYLES.admin1);
    layer(lakes, STYLES.lake);
    layer(rivers, STYLES.river);
    layer(coast, STYLES.coast);
    map.attributionControl.addAttribution("Base map made with Natural Earth (public domain)");

    const countryLabels = countries.features.map((f) => ({
      kind: "country", name: f.properties.name, cc: f.properties.iso_a2,
      lon: f.properties.label[0], lat: f.properties.label[1], area: f.properties.area,
      rings: ringsOf(f.geometry), box: L.geoJSON(f).getBounds(),
    })).sort((a, b) => b.area - a.area);
    const provinceLabels = admin1Labels.rows.map(([name, cc, lon, lat]) => ({ kind: "admin1", name, cc, lon, lat }));
    const labels = L.layerGroup().addTo(map);

    function candidates(zoom, bounds) {
      const active = new Set(places().map((p) => p.country_code).filter(Boolean));
      const inView = (c) => bounds.contains([c.lat, c.lon]);
      const out = [];
      if (zoom >= MIN_ZOOM.place) {
        for (const p of places()) if (inView(p)) out.push({ kind: "place", name: p.name, lat: p.lat, lon: p.lon });
      }
      // countries where the database has places first, then by size; small ones wait for zoom
      const minArea = zoom <= 3 ? 4 : zoom === 4 ? 0.5 : 0;
      const inner = bounds.pad(-0.03); // a name on the edge would be cut
      const shown = [];
      for (const c of countryLabels) {
        if (zoom < MIN_ZOOM.country || c.area < minArea || !bounds.intersects(c.box)) continue;
        // its label point if in view; else, zoomed in or for a big one, a part of it in view; a country with
        // places (the name a reader needs most) tries other parts when the label point is taken
        const points = inner.contains([c.lat, c.lon]) ? [[c.lat, c.lon]] : [];
        if (active.has(c.cc)) points.push(...pointsInView(c, inner, 24, 6));
        else if (!points.length && (zoom >= 5 || c.area >= 100)) points.push(...pointsInView(c, inner, 8, 3));
        if (points.length) shown.push({ ...c, points });
      }
      shown.sort((a, b) => (active.has(b.cc) - active.has(a.cc)) || b.area - a.area);
      for (const c of shown) out.push({ ...c, active: active.has(c.cc) });
      if (zoom >= MIN_ZOOM.admin1) {
        const provinces = provinceLabels.filter(inView).map((c) => ({ ...c, active: active.has(c.cc) }));
        provinces.sort((a, b) => b.active - a.active);
        out.push(...provinces);
      }
      return out;
    }

    // Where a name may go, as the offset of its box's centre from its point: a place's name
    // right of its marker, else left; an area's name on its point, else beside it (a
    // country's), or a line above or below.
    function offsets(kind, width, height) {
      if (kind === "place") return [[12 + width / 2, 0], [-12 - width / 2, 0]];
      const along = kind === "country" ? [[width / 2, 0], [-width / 2, 0]] : []; // off an edge
      return [[0, 0], ...along, [0, -height], [0, height], [0, -2 * height], [0, 2 * height]];
    }

    const ruler = document.createElement("canvas").getContext("2d");
    const family = getComputedStyle(map.getContainer()).fontFamily;

    function placeLabels() {
      labels.clearLayers();
      const zoom = map.getZoom();
      const size = map.getSize();
      const overlaps = (b) => (t) => b.x0 < t.x1 && t.x0 < b.x1 && b.y0 < t.y1 && t.y0 < b.y1;
      // the places' own markers are obstacles, so no name hides under one
      const taken = places().filter((p) => p.lat !== null && p.lon !== null).map((p) => {
        const at = map.latLngToContainerPoint([p.lat, p.lon]);
        return { x0: at.x - 10, y0: at.y - 10, x1: at.x + 10, y1: at.y + 10 };
      });
      // and so are the controls drawn over the map (legend, zoom buttons, credits)
      const frame = map.getContainer().getBoundingClientRect();
      for (const node of map.getContainer().parentNode.querySelectorAll("#legend, .leaflet-control")) {
        const r = node.getBoundingClientRect();
        if (r.width) taken.push({ x0: r.left - frame.left, y0: r.top - frame.top, x1: r.right - frame.left, y1: r.bottom - frame.top });
      }
      const obstacles = taken.length;
      for (const c of candidates(zoom, map.getBounds())) {
        const text = c.kind === "country" ? c.name.toUpperCase() : c.name;
        ruler.font = `${c.kind === "country" && c.active ? "600 " : ""}${FONTS[c.kind]} ${family}`;
        const width = ruler.measureText(text).width + SPACING[c.kind] * text.length + 6; // + halo
        const height = parseInt(FONTS[c.kind].split(" ").pop(), 10) + 4;
        let placed = null;
        for (const point of c.points || [[c.lat, c.lon]]) {
          const at = map.latLngToContainerPoint(point);
          for (const [dx, dy] of offsets(c.kind, width, height)) {
            const box = { x0: at.x + dx - width / 2, y0: at.y + dy - height / 2, x1: at.x + dx + width / 2, y1: at.y + dy + height / 2 };
            if (box.x0 < 0 || box.y0 < 0 || box.x1 > size.x || box.y1 > size.y) continue;
            if (!taken.some(overlaps(box))) { placed = { point, dx, dy, box }; break; }
          }
          if (placed) break;
        }
        if (!placed) continue;
        taken.push(placed.box);
        const span = document.createElement("span");
        span.textContent = c.name;
        span.style.left = `${placed.dx}px`;
        span.style.top = `${placed.dy}px`;
        const icon = L.divIcon({ className: `bm-label bm-label-${c.kind}${c.active ? " bm-label-active" : ""}`, html: span, iconSize: null });
        L.marker(placed.point, { icon, pane: "labels", interactive: false, keyboard: false }).addTo(labels);
      }
      map.getContainer().setAttribute("data-labels", String(taken.length - obstacles));
    }

    map.on("moveend zoomend", placeLabels);
    placeLabels();

    /** Countries and provinces of the base map whose folded name holds the query's. */
    function find(query) {
      const q = fold(query);
      if (!q) return [];
      const hits = [];
      for (const c of [...countryLabels, ...provinceLabels]) {
        const name = fold(c.name);
        if (name === q || name.startsWith(q) || (q.length >= 4 && name.includes(q))) hits.push(c);
      }
      hits.sort((a, b) => (fold(b.name) === q) - (fold(a.name) === q));
      return hits.slice(0, 8);
    }

    return { find, refresh: placeLabels };
  }

  return { draw };
})();
