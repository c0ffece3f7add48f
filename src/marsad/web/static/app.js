/* Marsad dashboard: plain DOM, no framework, no charting library.
 * Every piece of data is inserted with textContent / createTextNode (never as HTML),
 * so article text cannot inject markup or scripts. */
"use strict";

const SVGNS = "http://www.w3.org/2000/svg";
const FILTER_KEYS = ["since", "until", "type", "quad", "actor", "country", "place", "cameo", "negated", "future", "q"];
const QUADS = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"};
const ARABIC = /[\u0600-\u06FF]/;

/* ------------------------------------------------------------------ helpers */

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") node.className = v;
    else if (k === "text") node.textContent = String(v);
    else if (k === "href") node.setAttribute("href", safeHref(v));
    else if (k.startsWith("on") && typeof v === "function") node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, String(v));
  }
  for (const c of children) append(node, c);
  return node;
}

function svg(tag, attrs, ...children) {
  const node = document.createElementNS(SVGNS, tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined) continue;
    if (k === "class") node.setAttribute("class", v);
    else if (k.startsWith("on") && typeof v === "function") node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, String(v));
  }
  for (const c of children) append(node, c);
  return node;
}

function append(node, c) {
  if (c === null || c === undefined || c === false) return;
  if (Array.isArray(c)) { c.forEach((x) => append(node, x)); return; }
  node.appendChild(c instanceof Node ? c : document.createTextNode(String(c)));
}

/* Only links inside the dashboard (hash routes) or to this server; anything else
 * (javascript:, data:, other hosts) becomes inert text-only "#". */
function safeHref(v) {
  const s = String(v);
  if (s.startsWith("#/") || (s.startsWith("/") && !s.startsWith("//"))) return s;
  return "#";
}

function arText(s) {
  const span = el("span", {text: s ?? ""});
  if (ARABIC.test(s || "")) { span.setAttribute("dir", "rtl"); span.setAttribute("lang", "ar"); }
  return span;
}

function cut(s, n) { s = String(s).replace(/\s+/g, " ").trim(); return s.length > n ? s.slice(0, n - 1) + "…" : s; }

function fmt(n) { return Number(n || 0).toLocaleString("en-US"); }

async function api(path, params) {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) if (v !== "" && v !== null && v !== undefined) qs.set(k, v);
  const url = "/api/" + path + (qs.toString() ? "?" + qs : "");
  const r = await fetch(url, {headers: {Accept: "application/json"}});
  if (!r.ok) {
    let msg = r.status + " " + r.statusText;
    try { const j = await r.json(); if (j.detail) msg = typeof j.detail === "string" ? j.detail : JSON.stringify(j.detail); } catch (e) { /* not JSON */ }
    throw new Error(msg);
  }
  return r.json();
}

function route() {
  const h = location.hash.replace(/^#\/?/, "");
  const [path, query] = h.split("?");
  const parts = path.split("/").map(decodeURIComponent);
  return {view: parts[0] || "overview", arg: parts.slice(1).join("/"), params: new URLSearchParams(query || "")};
}

function filtersFromParams(params) {
  const f = {};
  for (const k of FILTER_KEYS) if (params.get(k)) f[k] = params.get(k);
  return f;
}

function go(view, params) {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) if (v !== "" && v !== null && v !== undefined) qs.set(k, v);
  location.hash = "#/" + view + (qs.toString() ? "?" + qs : "");
}

function actorLabel(e, p) {
  return e[p + "_code"] || e[p + "_country"] || (e[p + "_sector"] ? "(" + e[p + "_sector"] + ")" : "—");
}

function flags(e) {
  const out = [];
  if (e.negated) out.push(el("span", {class: "flag", title: "negated", text: "negated"}));
  if (e.future) out.push(el("span", {class: "flag fut", title: "future / planned", text: "future"}));
  return out;
}

function evidenceHref(e) { return "#/article/" + encodeURIComponent(e.article_id) + "?event=" + e.idx; }

/* ------------------------------------------------------------------ filter form */

const form = () => document.getElementById("filters");

function syncForm(params) {
  const f = form();
  for (const k of FILTER_KEYS) if (f.elements[k]) f.elements[k].value = params.get(k) || "";
}

function formFilters() {
  const f = form(), out = {};
  for (const k of FILTER_KEYS) { const v = (f.elements[k].value || "").trim(); if (v) out[k] = v; }
  return out;
}

/* ------------------------------------------------------------------ views */

const VIEWS = {};

VIEWS.overview = async (main, r) => {
  const f = filtersFromParams(r.params);
  const ov = await api("overview");
  // Without a date filter the timeline covers the publication period (events dated centuries
  // back or ahead would otherwise stretch it); the From/To filters show any other period.
  const span = {};
  if (!f.since && !f.until && ov.first_published && ov.last_published) {
    span.since = ov.first_published.slice(0, 7);
    span.until = ov.last_published.slice(0, 7);
  }
  const [tl, actors] = await Promise.all([
    api("timeline", {...f, ...span, interval: r.params.get("interval") || "month", by: "quad"}),
    api("actors", {...f, limit: 12}),
  ]);
  main.append(el("h2", {text: "Overview"}));
  const cards = el("div", {class: "cards"});
  for (const [n, l] of [[ov.articles, "articles"], [ov.analysed, "analysed"], [ov.duplicates, "near-duplicates"],
                        [ov.events, "events"], [ov.entities, "entity mentions"], [ov.located_events, "located events"]]) {
    cards.append(el("div", {class: "card"}, el("div", {class: "n", text: fmt(n)}), el("div", {class: "l", text: l})));
  }
  cards.append(el("div", {class: "card"}, el("div", {class: "n", text: (ov.first_date || "—") + " → " + (ov.last_date || "—")}),
                  el("div", {class: "l", text: "event dates"})));
  main.append(cards);

  const interval = tl.interval;
  const tlPanel = el("div", {class: "panel"},
    el("h3", {text: "Events per " + interval + " by quad class" + (span.since ? ` (${span.since} to ${span.until}, the publication period)` : "")}),
    el("div", {class: "pager"}, ["day", "week", "month"].map((i) =>
      el("a", {href: "#/overview?" + new URLSearchParams({...f, interval: i}), text: i, class: i === interval ? "active" : ""}))));
  tlPanel.append(timelineChart(tl));
  main.append(tlPanel);

  const grid = el("div", {class: "grid2"});
  const ap = el("div", {class: "panel"}, el("h3", {text: "Top actors (events as source + target)"}));
  ap.append(bars(actors.items.map((a) => ({label: a.actor + (a.name ? " · " + a.name : ""), value: a.events,
                                           href: "#/events?" + new URLSearchParams({...f, actor: a.actor})}))));
  const tp = el("div", {class: "panel"}, el("h3", {text: "Event types"}));
  tp.append(bars(ov.types.slice(0, 16).map((t) => ({label: t.type, value: t.events,
                                                    href: "#/events?" + new URLSearchParams({...f, type: t.type})}))));
  grid.append(ap, tp);
  main.append(grid);
};

function timelineChart(tl) {
  const wrap = el("div");
  if (!tl.buckets.length) { wrap.append(el("p", {class: "muted", text: "No dated events for these filters."})); return wrap; }
  const max = Math.max(...tl.buckets.map((b) => b.total));
  const chart = el("div", {class: "timeline", role: "img", "aria-label": "timeline"});
  const axis = el("div", {class: "taxis"});
  const step = Math.max(1, Math.ceil(tl.buckets.length / 16));
  tl.buckets.forEach((b, i) => {
    const col = el("div", {class: "tcol", title: b.bucket + ": " + b.total + " events"});
    for (const q of ["1", "2", "3", "4", "?"]) {
      const n = b.counts[q] || 0;
      if (!n) continue;
      const seg = el("div", {class: "seg " + (q === "?" ? "qx" : "q" + q), title: b.bucket + " · " + (QUADS[q] || "no quad") + ": " + n});
      seg.style.height = (100 * n / max) + "%";
      col.append(seg);
    }
    chart.append(col);
    axis.append(el("span", {text: i % step === 0 ? b.bucket : ""}));
  });
  wrap.append(chart, axis);
  const legend = el("div", {class: "legend"});
  for (const q of ["1", "2", "3", "4"]) legend.append(el("span", {}, el("i", {class: "q" + q}), q + " " + QUADS[q]));
  wrap.append(legend);
  return wrap;
}

function bars(items) {
  const box = el("div", {class: "bars"});
  if (!items.length) { box.append(el("span", {class: "muted", text: "none"})); return box; }
  const max = Math.max(...items.map((i) => i.value));
  for (const it of items) {
    const b = el("div", {class: "bar"});
    b.style.width = (100 * it.value / max) + "%";
    box.append(el("a", {href: it.href, text: it.label}), el("div", {}, b), el("span", {class: "num", text: fmt(it.value)}));
  }
  return box;
}

const EVENT_COLS = [
  ["date", "Date"], ["type", "Type"], ["cameo", "CAMEO"], ["quad", "Quad"], ["source", "Source"],
  ["target", "Target"], ["place", "Place"], ["outlet", "Outlet"], [null, "Evidence"], [null, "Flags"],
];

VIEWS.events = async (main, r) => {
  const f = filtersFromParams(r.params);
  const sort = r.params.get("sort") || "date", order = r.params.get("order") || "desc";
  const limit = 50, offset = parseInt(r.params.get("offset") || "0", 10) || 0;
  const page = await api("events", {...f, sort, order, limit, offset});
  main.append(el("h2", {text: "Events"}));
  const csv = "/api/events?" + new URLSearchParams({...f, sort, order, limit: 10000, format: "csv"});
  const plover = "/api/events?" + new URLSearchParams({...f, sort, order, limit: 10000, format: "plover"});
  main.append(el("div", {class: "pager"},
    el("span", {id: "event-count", "data-total": page.total,
                text: fmt(page.total) + " events" + (page.total ? ` · ${offset + 1}–${offset + page.items.length}` : "")}),
    offset > 0 ? el("a", {href: "#/events?" + new URLSearchParams({...f, sort, order, offset: Math.max(0, offset - limit)}), text: "← previous"}) : null,
    offset + limit < page.total ? el("a", {href: "#/events?" + new URLSearchParams({...f, sort, order, offset: offset + limit}), text: "next →"}) : null,
    el("a", {href: csv, text: "CSV"}), el("a", {href: plover, text: "PLOVER JSONL"})));
  const head = el("tr");
  for (const [key, label] of EVENT_COLS) {
    if (!key) { head.append(el("th", {text: label})); continue; }
    const next = sort === key && order === "asc" ? "desc" : "asc";
    const sortBy = () => go("events", {...f, sort: key, order: next});
    head.append(el("th", {class: "sortable" + (sort === key ? " sorted-" + order : ""), "data-sort": key, text: label,
                          tabindex: 0, role: "button", title: "sort by " + label.toLowerCase(),
                          "aria-sort": sort === key ? (order === "asc" ? "ascending" : "descending") : null,
                          onclick: sortBy, onkeydown: (ev) => { if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); sortBy(); } }}));
  }
  const body = el("tbody");
  for (const e of page.items) {
    body.append(el("tr", {class: "event-row", "data-id": e.id},
      el("td", {text: e.date_start || "—"}),
      el("td", {text: e.plover}),
      el("td", {text: e.cameo || "—"}),
      el("td", {text: e.quad ?? "—", title: QUADS[e.quad] || ""}),
      el("td", {title: e.source_name || ""}, actorLabel(e, "source")),
      el("td", {title: e.target_name || ""}, actorLabel(e, "target")),
      el("td", {}, e.location_name || "—"),
      el("td", {text: e.outlet || "—"}),
      el("td", {class: "ar", dir: "rtl", lang: "ar"}, el("a", {class: "evidence", href: evidenceHref(e), text: e.trigger_text || "(evidence)"}),
         e.sentence_text ? el("div", {class: "snippet", text: cut(e.sentence_text, 140)}) : null),
      el("td", {}, flags(e))));
  }
  main.append(el("div", {class: "panel"}, el("table", {class: "data", id: "events-table"}, el("thead", {}, head), body)));
  if (!page.items.length) main.append(el("p", {class: "muted", text: "No events match these filters."}));
};

let worldCache = null;
async function world() {
  if (!worldCache) {
    const r = await fetch("/static/world.geojson");
    if (!r.ok) throw new Error("base map: " + r.status);
    worldCache = await r.json();
  }
  return worldCache;
}

const W = 1000, H = 500;
const proj = (lon, lat) => [(lon + 180) * W / 360, (90 - lat) * H / 180];

VIEWS.map = async (main, r) => {
  const f = filtersFromParams(r.params);
  const [geo, page] = await Promise.all([world(), api("events", {...f, bbox: "-180,-90,180,90", limit: 5000, sort: "date", order: "desc"})]);
  main.append(el("h2", {text: "Map"}));
  main.append(el("p", {class: "muted", id: "map-count",
                       text: `${fmt(page.items.length)} located events` + (page.total > page.items.length ? ` (of ${fmt(page.total)}; narrow the filters to see all)` : "")}));
  const located = page.items.filter((e) => e.lat !== null && e.lon !== null);
  const whole = r.params.get("extent") === "world" || !located.length;
  let vb = [0, 30, W, H - 60]; // the world without most of Antarctica
  if (!whole) {
    const xs = located.map((e) => proj(e.lon, e.lat)[0]), ys = located.map((e) => proj(e.lon, e.lat)[1]);
    let x0 = Math.min(...xs), x1 = Math.max(...xs), y0 = Math.min(...ys), y1 = Math.max(...ys);
    const w = Math.max(x1 - x0, 120) * 1.3, h = Math.max(y1 - y0, 60) * 1.3, mx = (x0 + x1) / 2, my = (y0 + y1) / 2;
    const ww = Math.max(w, h * 2), hh = ww / 2;
    vb = [mx - ww / 2, my - hh / 2, ww, hh];
  }
  const zoom = vb[2] / W;
  main.append(el("p", {class: "pager"}, whole ? el("a", {href: "#/map?" + new URLSearchParams(f), text: "zoom to the events"})
                                              : el("a", {href: "#/map?" + new URLSearchParams({...f, extent: "world"}), text: "whole world"})));
  const s = svg("svg", {viewBox: vb.map((v) => v.toFixed(1)).join(" "), role: "img", "aria-label": "event map"});
  const land = svg("g");
  for (const ft of geo.features) {
    let d = "";
    for (const poly of ft.geometry.coordinates) for (const ring of poly) {
      d += ring.map((p, i) => (i ? "L" : "M") + proj(p[0], p[1]).map((x) => x.toFixed(1)).join(",")).join("") + "Z";
    }
    land.append(svg("path", {class: "land", d, "vector-effect": "non-scaling-stroke"}, svg("title", {}, ft.properties.name || "")));
  }
  s.append(land);
  const groups = new Map();
  for (const e of page.items) {
    if (e.lat === null || e.lon === null) continue;
    const k = e.lat.toFixed(2) + "," + e.lon.toFixed(2);
    if (!groups.has(k)) groups.set(k, {lat: e.lat, lon: e.lon, name: e.location_name, n: 0, types: new Map()});
    const g = groups.get(k);
    g.n += 1;
    g.types.set(e.plover, (g.types.get(e.plover) || 0) + 1);
  }
  const pts = svg("g");
  for (const g of [...groups.values()].sort((a, b) => b.n - a.n)) {
    const [x, y] = proj(g.lon, g.lat);
    const top = [...g.types.entries()].sort((a, b) => b[1] - a[1]).slice(0, 4).map(([t, n]) => `${t} ${n}`).join(", ");
    pts.append(svg("circle", {class: "pt", cx: x.toFixed(1), cy: y.toFixed(1), r: ((2 + 2 * Math.sqrt(g.n)) * zoom).toFixed(2), "vector-effect": "non-scaling-stroke",
                              onclick: () => go("events", {...f, place: g.name || ""})},
      svg("title", {}, `${g.name || "?"}: ${g.n} events (${top})`)));
  }
  s.append(pts);
  main.append(el("div", {class: "map panel"}, s));
  main.append(el("p", {class: "muted", text: "Base map made with Natural Earth (public domain). Click a point for its events."}));
};

VIEWS.network = async (main, r) => {
  const f = filtersFromParams(r.params);
  const limit = parseInt(r.params.get("edges") || "60", 10) || 60;
  const net = await api("network", {...f, limit});
  main.append(el("h2", {text: "Actor network: who acts on whom"}));
  main.append(el("p", {class: "muted", id: "net-count", text: `${net.nodes.length} actors, ${net.edges.length} links (strongest first; arrows point from source to target)`}));
  const size = 760, cx = size / 2, cy = size / 2, R = size / 2 - 90;
  const s = svg("svg", {viewBox: `0 0 ${size} ${size}`, role: "img", "aria-label": "actor network"});
  s.append(svg("defs", {}, svg("marker", {id: "arrow", viewBox: "0 0 10 10", refX: 10, refY: 5, markerWidth: 6, markerHeight: 6, orient: "auto-start-reverse"},
                                          svg("path", {d: "M0,0L10,5L0,10z", fill: "#5b6b8a"}))));
  const pos = new Map();
  const nodes = net.nodes;
  nodes.forEach((n, i) => {
    const a = 2 * Math.PI * i / Math.max(1, nodes.length) - Math.PI / 2;
    pos.set(n.id, [cx + R * Math.cos(a), cy + R * Math.sin(a), a]);
  });
  const maxE = Math.max(1, ...net.edges.map((e) => e.events));
  const maxN = Math.max(1, ...nodes.map((n) => n.events));
  const radius = (n) => 3 + 12 * Math.sqrt(n.events / maxN);
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const edges = svg("g");
  for (const e of net.edges) {
    const [x1, y1] = pos.get(e.source), [x2, y2] = pos.get(e.target);
    const title = svg("title", {}, `${e.source} → ${e.target}: ${e.events} events (${e.types.join(", ")})`);
    if (e.source === e.target) {
      edges.append(svg("circle", {class: "edge", cx: (cx + (x1 - cx) * 1.08).toFixed(1), cy: (cy + (y1 - cy) * 1.08).toFixed(1), r: 10,
                                  "stroke-width": (0.8 + 6 * e.events / maxE).toFixed(2)}, title));
      continue;
    }
    const rt = radius(byId.get(e.target)) + 2, len = Math.hypot(x2 - x1, y2 - y1) || 1;
    const ex = x2 - (x2 - x1) * rt / len, ey = y2 - (y2 - y1) * rt / len;
    const mx = (x1 + ex) / 2 + (cy - (y1 + ey) / 2) * 0.15, my = (y1 + ey) / 2 - (cx - (x1 + ex) / 2) * 0.15;
    edges.append(svg("path", {class: "edge", d: `M${x1.toFixed(1)},${y1.toFixed(1)}Q${mx.toFixed(1)},${my.toFixed(1)} ${ex.toFixed(1)},${ey.toFixed(1)}`,
                              "stroke-width": (0.8 + 6 * e.events / maxE).toFixed(2), "marker-end": "url(#arrow)"}, title));
  }
  s.append(edges);
  const ng = svg("g");
  for (const n of nodes) {
    const [x, y, a] = pos.get(n.id);
    const lx = cx + (R + 18) * Math.cos(a), ly = cy + (R + 18) * Math.sin(a);
    const left = Math.cos(a) < 0;
    ng.append(svg("g", {class: "nd", onclick: () => go("events", {...f, actor: n.id})},
      svg("circle", {class: "node", cx: x.toFixed(1), cy: y.toFixed(1), r: radius(n).toFixed(1)},
          svg("title", {}, `${n.id}${n.name ? " (" + n.name + ")" : ""}: ${n.out} as source, ${n.in} as target`)),
      svg("text", {x: lx.toFixed(1), y: ly.toFixed(1), "text-anchor": left ? "end" : "start", "dominant-baseline": "middle"}, n.id)));
  }
  s.append(ng);
  main.append(el("div", {class: "net panel"}, s));
  const body = el("tbody");
  for (const e of net.edges) {
    body.append(el("tr", {},
      el("td", {title: e.source_name || ""}, e.source), el("td", {title: e.target_name || ""}, e.target),
      el("td", {text: fmt(e.events)}), el("td", {text: e.types.join(", ")}),
      el("td", {}, el("a", {href: "#/events?" + new URLSearchParams({...f, actor: e.source}), text: "events"}))));
  }
  main.append(el("h3", {text: "Links"}), el("div", {class: "panel"},
    el("table", {class: "data"}, el("thead", {}, el("tr", {}, ["Source", "Target", "Events", "Types", ""].map((t) => el("th", {text: t})))), body)));
};

VIEWS.articles = async (main, r) => {
  const f = filtersFromParams(r.params);
  const offset = parseInt(r.params.get("offset") || "0", 10) || 0;
  const page = await api("articles", {q: f.q, since: f.since, until: f.until, outlet: r.params.get("outlet"), limit: 30, offset});
  main.append(el("h2", {text: "Articles"}));
  main.append(el("div", {class: "pager"}, el("span", {text: fmt(page.total) + " articles" + (f.q ? " matching the text filter" : "")}),
    offset > 0 ? el("a", {href: "#/articles?" + new URLSearchParams({...f, offset: Math.max(0, offset - 30)}), text: "← previous"}) : null,
    offset + 30 < page.total ? el("a", {href: "#/articles?" + new URLSearchParams({...f, offset: offset + 30}), text: "next →"}) : null));
  const body = el("tbody");
  for (const a of page.items) {
    body.append(el("tr", {},
      el("td", {text: a.published || "—"}), el("td", {text: a.source || "—"}),
      el("td", {class: "ar", dir: "rtl", lang: "ar"}, el("a", {class: "article-link", href: "#/article/" + encodeURIComponent(a.id), text: a.title || a.id}),
         el("div", {class: "snippet", text: (a.lead || "").slice(0, 200)})),
      el("td", {text: a.n_events}), el("td", {text: a.duplicate_of ? "duplicate" : ""})));
  }
  main.append(el("div", {class: "panel"}, el("table", {class: "data"},
    el("thead", {}, el("tr", {}, ["Published", "Outlet", "Title", "Events", ""].map((t) => el("th", {text: t})))), body)));
};

VIEWS.article = async (main, r) => {
  const id = r.arg;
  const focus = r.params.has("event") ? parseInt(r.params.get("event"), 10) : null;
  let art;
  try { art = await api("articles/" + encodeURIComponent(id)); } catch (e) { main.append(el("p", {class: "error", text: "Article: " + e.message})); return; }
  const an = art.analysis || {};
  main.append(el("h2", {}, arText(art.title || art.id)));
  main.append(el("div", {class: "meta"}, `${art.source || "?"} · published ${art.published || "?"} · ${art.events.length} events · `,
    safeExternal(art.url)));
  if (art.duplicate_of) main.append(el("p", {class: "muted"}, "Near-duplicate of ", el("a", {href: "#/article/" + encodeURIComponent(art.duplicate_of), text: art.duplicate_of})));

  const spans = [];
  for (const e of an.entities || []) spans.push([e.start, e.end, "hl ent-" + e.type, `${e.type}${e.actor ? " · " + (e.actor.code || "") + (e.actor.name_en ? " " + e.actor.name_en : "") : ""}`]);
  for (const d of an.dates || []) spans.push([d.start, d.end, "hl date", "date: " + d.value]);
  for (const p of an.places || []) spans.push([p.start, p.end, "hl place", `place: ${p.name_en}${p.country ? " (" + p.country + ")" : ""}`]);
  (an.events || []).forEach((ev, i) => {
    const t = ev.trigger;
    spans.push([t.start, t.end, "hl trigger" + (i === focus ? " focus-trigger" : ""), `event ${i}: ${ev.plover} ${ev.cameo || ""}`]);
    if (i === focus) {
      for (const [p, cls] of [["source", "evsrc"], ["target", "evtgt"]]) {
        const x = ev[p];
        if (x && x.start !== null && x.start !== undefined) spans.push([x.start, x.end, "hl " + cls, p + ": " + (x.code || x.country || "")]);
      }
      const s = (an.sentences || [])[ev.sentence];
      if (s) spans.push([s.start, s.end, "focus-sent", "the sentence of event " + i]);
    }
  });
  main.append(el("div", {class: "key"}, el("span", {class: "ent-PER", text: "person"}), el("span", {class: "ent-ORG", text: "organisation"}),
    el("span", {class: "ent-LOC", text: "location"}), el("span", {class: "date", text: "date"}), el("span", {class: "place", text: "place"}),
    el("span", {class: "trigger", text: "event trigger"}), el("span", {class: "evsrc", text: "source"}), el("span", {class: "evtgt", text: "target"})));
  main.append(highlight(art.text || "", spans));

  main.append(el("h3", {text: "Events"}));
  const body = el("tbody");
  const sents = an.sentences || [];
  for (const e of art.events) {
    const s = sents[e.sentence];
    const row = el("tr", {class: "ev" + (e.idx === focus ? " selected" : ""), id: "ev-" + e.idx},
      el("td", {}, el("a", {href: evidenceHref(e), text: "#" + e.idx})),
      el("td", {text: e.plover}), el("td", {text: e.cameo || "—"}), el("td", {text: e.quad ?? "—"}),
      el("td", {title: e.source_name || ""}, actorLabel(e, "source"), e.source_text ? el("div", {}, arText(e.source_text)) : null),
      el("td", {title: e.target_name || ""}, actorLabel(e, "target"), e.target_text ? el("div", {}, arText(e.target_text)) : null),
      el("td", {text: (e.event_date || "—") + (e.date_from === "published" ? " (published)" : "")}),
      el("td", {}, e.location_name || "—"),
      el("td", {}, flags(e)),
      el("td", {class: "ar sentence", dir: "rtl", lang: "ar", text: s ? (art.text || "").slice(s.start, s.end) : ""}));
    body.append(row);
  }
  main.append(el("div", {class: "panel"}, el("table", {class: "data", id: "article-events"},
    el("thead", {}, el("tr", {}, ["", "Type", "CAMEO", "Quad", "Source", "Target", "Date", "Place", "Flags", "Sentence"].map((t) => el("th", {text: t})))), body)));
  const sel = main.querySelector(".focus-trigger");
  if (sel) sel.scrollIntoView({block: "center"});
};

function safeExternal(url) {
  // Outlet URLs are shown as text (with a link only for http/https).
  if (typeof url === "string" && /^https?:\/\//i.test(url)) {
    const a = document.createElement("a");
    a.setAttribute("href", url);
    a.setAttribute("rel", "noopener noreferrer nofollow");
    a.setAttribute("target", "_blank");
    a.textContent = "source page";
    return a;
  }
  return url ? el("span", {class: "muted", text: String(url)}) : "";
}

/* The text cut at every span boundary; each piece carries the classes of the spans covering it. */
function highlight(text, spans) {
  const chars = Array.from(text); // offsets are code points
  const cuts = new Set([0, chars.length]);
  const ok = spans.filter(([a, b]) => Number.isInteger(a) && Number.isInteger(b) && a >= 0 && b <= chars.length && a < b);
  for (const [a, b] of ok) { cuts.add(a); cuts.add(b); }
  const pts = [...cuts].sort((x, y) => x - y);
  const box = el("div", {class: "article ar", dir: "rtl", lang: "ar", id: "article-text"});
  for (let i = 0; i + 1 < pts.length; i++) {
    const a = pts[i], b = pts[i + 1];
    const piece = chars.slice(a, b).join("");
    const cover = ok.filter(([s, e]) => s <= a && e >= b);
    if (!cover.length) { box.append(document.createTextNode(piece)); continue; }
    const classes = new Set(), titles = [];
    for (const [, , c, t] of cover) { c.split(" ").forEach((x) => classes.add(x)); if (t) titles.push(t); }
    box.append(el("span", {class: [...classes].join(" "), title: titles.join(" · "), text: piece}));
  }
  return box;
}

/* ------------------------------------------------------------------ boot */

async function render() {
  const r = route();
  const main = document.getElementById("view");
  main.replaceChildren(el("p", {class: "muted", text: "Loading…"}));
  document.querySelectorAll("#nav a[data-view]").forEach((a) => a.classList.toggle("active", a.dataset.view === r.view || (r.view === "article" && a.dataset.view === "articles")));
  syncForm(r.params);
  const view = VIEWS[r.view] || VIEWS.overview;
  const out = el("div");
  try {
    await view(out, r);
    main.replaceChildren(...out.childNodes);
  } catch (e) {
    main.replaceChildren(el("p", {class: "error", text: "Could not load: " + e.message}));
  }
  document.body.dataset.ready = r.view;
}

async function init() {
  try {
    const ov = await api("overview");
    const sel = form().elements.type;
    for (const t of ov.types) sel.append(el("option", {value: t.type, text: `${t.type} (${t.events})`}));
  } catch (e) { /* the view shows the error */ }
  form().addEventListener("submit", (ev) => {
    ev.preventDefault();
    const r = route();
    const view = ["overview", "events", "map", "network", "articles"].includes(r.view) ? r.view : "events";
    go(view, formFilters());
  });
  document.getElementById("reset").addEventListener("click", () => { form().reset(); go(route().view === "article" ? "events" : route().view, {}); });
  window.addEventListener("hashchange", render);
  render();
}

document.addEventListener("DOMContentLoaded", init);
