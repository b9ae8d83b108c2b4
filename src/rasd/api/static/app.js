/* rasd web UI: map, timeline, table, evidence view and review form over /api/v1. No framework, no CDN.
   Every string from the database is inserted with textContent, never as HTML. */
"use strict";

const API = "/api/v1";
const MAX_EVENTS = 5000;
const COLORS = {
  "Battles": "#d62728",
  "Explosions/Remote violence": "#ff7f0e",
  "Violence against civilians": "#9467bd",
  "Protests": "#2ca02c",
  "Riots": "#8c564b",
  "Strategic developments": "#1f77b4",
};
const T = {
  ar: {
    title: "رصد", subtitle: "أحداث النزاع من الأخبار العربية", type: "النوع", all: "الكل", since: "من",
    until: "إلى", search: "بحث", apply: "تطبيق", reset: "مسح", login: "دخول", logout: "خروج", date: "التاريخ",
    subtype: "النوع الفرعي", actor: "الفاعل", place: "المكان", fatalities: "القتلى", back: "رجوع",
    evidence: "الدليل في النص", claims: "الادعاءات", mentions: "تقارير أخرى عن الحادثة نفسها",
    history: "سجل المراجعة", review: "مراجعة", save: "حفظ التصحيح", accept: "قبول", reject: "رفض",
    username: "اسم المستخدم", password: "كلمة المرور", cancel: "إلغاء", events: "حدث", shown: "معروض",
    none: "لا شيء", actor2: "الطرف الثاني", source: "المصدر", precision: "دقة الموقع", confidence: "الثقة",
    status: "حالة المراجعة", saved: "حُفظ", failed: "تعذّر الحفظ", badLogin: "اسم المستخدم أو كلمة المرور غير صحيحة",
    unreviewed: "غير مراجَع", by: "بواسطة", choose: "اختر مكاناً من المعجم الجغرافي",
    paste: "لصق مقال", articleText: "نص المقال", published: "تاريخ النشر", preview: "معاينة",
    store: "حفظ في قاعدة البيانات", stored: "حُفظ المقال", alreadyStored: "المقال محفوظ من قبل",
  },
  en: {
    title: "rasd", subtitle: "Conflict events from Arabic news", type: "Type", all: "All", since: "From",
    until: "To", search: "Search", apply: "Apply", reset: "Clear", login: "Log in", logout: "Log out",
    date: "Date", subtype: "Sub-event type", actor: "Actor", place: "Place", fatalities: "Fatalities",
    back: "Back", evidence: "Evidence in the text", claims: "Claims", mentions: "Other reports of the same incident",
    history: "Review history", review: "Review", save: "Save correction", accept: "Accept", reject: "Reject",
    username: "Username", password: "Password", cancel: "Cancel", events: "events", shown: "shown",
    none: "none", actor2: "Actor 2", source: "Source", precision: "Geo precision", confidence: "Confidence",
    status: "Review status", saved: "Saved", failed: "Could not save", badLogin: "Wrong username or password",
    unreviewed: "unreviewed", by: "by", choose: "Choose a gazetteer place",
    paste: "Paste an article", articleText: "Article text", published: "Published", preview: "Preview",
    store: "Save to the database", stored: "Article stored", alreadyStored: "Article already stored",
  },
};
const TYPES_AR = {
  "Battles": "معارك", "Explosions/Remote violence": "انفجارات/عنف عن بعد",
  "Violence against civilians": "عنف ضد المدنيين", "Protests": "احتجاجات", "Riots": "أعمال شغب",
  "Strategic developments": "تطورات استراتيجية",
};

const state = { lang: "ar", user: null, csrf: null, events: [], event: null, map: null, cluster: null };
const $ = (id) => document.getElementById(id);
const t = (key) => T[state.lang][key] || key;

function el(tag, text, attrs) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
  return node;
}

async function api(path, params, options) {
  const url = new URL(API + path, window.location.origin);
  for (const [k, v] of Object.entries(params || {})) if (v !== "" && v !== null && v !== undefined) url.searchParams.set(k, v);
  const response = await fetch(url, Object.assign({ credentials: "same-origin" }, options || {}));
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw Object.assign(new Error((body.error && body.error.message) || response.statusText), { status: response.status });
  return body;
}

async function post(path, payload) {
  return api(path, null, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-CSRF-Token": state.csrf || "" },
    body: JSON.stringify(payload),
  });
}

function filters() {
  return { type: $("f-type").value, since: $("f-since").value, until: $("f-until").value, q: $("f-q").value.trim() };
}

// ---- language ----------------------------------------------------------------------------------------------
function applyLanguage() {
  document.documentElement.lang = state.lang;
  document.documentElement.dir = state.lang === "ar" ? "rtl" : "ltr";
  for (const node of document.querySelectorAll("[data-i18n]")) node.textContent = t(node.dataset.i18n);
  $("lang").textContent = state.lang === "ar" ? "English" : "العربية";
  $("lang").setAttribute("lang", state.lang === "ar" ? "en" : "ar");
  fillTypes();
  renderList();
  if (state.event) renderEvent(state.event.detail, state.event.document);
}

function fillTypes() {
  const select = $("f-type");
  const current = select.value;
  while (select.options.length > 1) select.remove(1);
  for (const type of Object.keys(COLORS)) {
    select.add(new Option(state.lang === "ar" ? TYPES_AR[type] : type, type));
  }
  select.value = current;
}

// ---- map, timeline, table ----------------------------------------------------------------------------------
function setUpMap() {
  const map = L.map("map", { zoomControl: true, attributionControl: true, minZoom: 5, maxZoom: 14 }).setView([35.0, 38.5], 7);
  state.map = map;
  api("/boundaries.geojson").then((data) => {
    L.geoJSON(data, {
      style: (f) => f.properties.level === 1
        ? { color: "#445", weight: 1.5, fillColor: "#eef1e8", fillOpacity: 1 }
        : { color: "#99a", weight: 0.6, fill: false },
      onEachFeature: (f, layer) => layer.bindTooltip(state.lang === "ar" ? f.properties.name_ar : f.properties.name_en, { sticky: true }),
    }).addTo(map).bringToBack();
    map.attributionControl.addAttribution("Boundaries: OCHA COD-AB (CC BY-IGO)");
  }).catch(() => {});
  state.cluster = L.markerClusterGroup({ maxClusterRadius: 40 });
  map.addLayer(state.cluster);
}

async function loadEvents() {
  const events = [];
  let cursor = null;
  do {
    const page = await api("/events", Object.assign(filters(), { limit: 500, cursor }));
    events.push(...page.data);
    cursor = page.meta.next_cursor;
  } while (cursor && events.length < MAX_EVENTS);
  state.events = events;
  renderMap();
  renderTimeline();
  renderList();
}

function renderMap() {
  state.cluster.clearLayers();
  const markers = [];
  for (const e of state.events) {
    if (e.latitude === null || e.longitude === null) continue;
    const marker = L.circleMarker([e.latitude, e.longitude], {
      radius: 6 + Math.min(14, Math.sqrt(e.fatalities || 0) * 3),
      color: "#222", weight: 1, fillColor: COLORS[e.event_type] || "#777", fillOpacity: 0.85,
    });
    marker.bindTooltip(`${e.event_date || "?"} · ${e.sub_event_type} · ${e.location_ar || e.location || ""}`);
    marker.on("click", () => openEvent(e.event_id));
    markers.push(marker);
  }
  state.cluster.addLayers(markers);
}

function renderTimeline() {
  const svg = $("timeline");
  while (svg.firstChild) svg.removeChild(svg.firstChild);
  const counts = new Map();
  for (const e of state.events) if (e.event_date) counts.set(e.event_date, (counts.get(e.event_date) || 0) + 1);
  const days = [...counts.keys()].sort();
  if (!days.length) return;
  const width = svg.clientWidth || 400, height = 70, max = Math.max(...counts.values());
  const step = width / days.length;
  days.forEach((day, i) => {
    const h = Math.max(3, (counts.get(day) / max) * (height - 14));
    const rect = document.createElementNS("http://www.w3.org/2000/svg", "rect");
    const x = state.lang === "ar" ? width - (i + 1) * step : i * step;
    rect.setAttribute("x", String(x + 1));
    rect.setAttribute("y", String(height - h));
    rect.setAttribute("width", String(Math.max(2, step - 2)));
    rect.setAttribute("height", String(h));
    rect.dataset.day = day;
    const title = document.createElementNS("http://www.w3.org/2000/svg", "title");
    title.textContent = `${day}: ${counts.get(day)}`;
    rect.appendChild(title);
    rect.addEventListener("click", () => { $("f-since").value = day; $("f-until").value = day; loadEvents(); });
    svg.appendChild(rect);
  });
}

function renderList() {
  const body = document.querySelector("#events-table tbody");
  while (body.firstChild) body.removeChild(body.firstChild);
  $("summary").textContent = `${state.events.length} ${t("events")}`;
  for (const e of state.events.slice(0, 1000)) {
    const row = el("tr", null, { "data-event": e.event_id });
    const type = el("td");
    type.appendChild(el("span", null, { class: "swatch" })).style.background = COLORS[e.event_type] || "#777";
    type.appendChild(document.createTextNode(e.sub_event_type));
    row.append(el("td", e.event_date || "?"), type, el("td", e.actor1),
      el("td", state.lang === "ar" ? (e.location_ar || e.location) : (e.location || e.location_ar)), el("td", e.fatalities));
    row.addEventListener("click", () => openEvent(e.event_id));
    body.appendChild(row);
  }
}

// ---- one event ---------------------------------------------------------------------------------------------
async function openEvent(eventId) {
  const detail = (await api(`/events/${eventId}`)).data;
  const doc = (await api(`/documents/${detail.event.document_id}`)).data;
  state.event = { detail, document: doc };
  renderEvent(detail, doc);
  if (detail.event.latitude !== null) state.map.setView([detail.event.latitude, detail.event.longitude], 10);
}

function renderEvent(detail, doc) {
  const e = detail.event;
  $("list").hidden = true;
  $("event").hidden = false;
  $("event-title").textContent = `${e.sub_event_type} — ${e.location_ar || e.location} (${e.event_date || "?"})`;
  const fields = $("event-fields");
  while (fields.firstChild) fields.removeChild(fields.firstChild);
  const rows = [
    [t("date"), `${e.event_date || "?"} (precision ${e.time_precision})`],
    [t("type"), e.event_type], [t("subtype"), e.sub_event_type],
    [t("actor"), e.actor1], [t("actor2"), e.actor2 || "—"],
    [t("place"), `${e.location_ar || ""} / ${e.location || ""} — ${[e.admin3, e.admin2, e.admin1].filter(Boolean).join(", ")}`],
    [t("precision"), e.geo_precision], [t("fatalities"), e.fatalities], [t("source"), e.source || doc.outlet || "—"],
    [t("confidence"), e.confidence], [t("status"), e.reviewed ? e.review_status : t("unreviewed")],
  ];
  for (const [k, v] of rows) { fields.append(el("dt", k), el("dd", v)); }
  if (e.reviewed) fields.lastChild.className = "reviewed";
  renderText(doc.text, e);
  fillList($("event-claims"), detail.claims, (c) => `${c.type}: ${c.speaker || "?"} — ${c.evidence.text}`);
  fillList($("event-mentions"), detail.other_mentions, (m) => `${m.outlet || "?"} · ${m.event_date || "?"} · ${m.location_ar || ""} · ${m.fatalities} — ${m.evidence_text}`);
  fillList($("event-reviews"), detail.reviews, (r) => `${r.at} ${t("by")} ${r.who}: ${r.field} ${r.before ?? "∅"} → ${r.after ?? "∅"}`);
  $("review").hidden = !(state.user && (state.user.role === "reviewer" || state.user.role === "admin"));
  $("r-fatalities").value = e.fatalities;
  $("r-date").value = e.event_date || "";
  $("r-actor1").value = e.actor1 || "";
  $("r-actor2").value = e.actor2 || "";
  fillSubtypes(e.sub_event_type);
  $("review-message").textContent = "";
}

function renderText(text, e) {
  // the article with the evidence sentence marked, and each field's own span marked inside it
  const box = $("event-text");
  while (box.firstChild) box.removeChild(box.firstChild);
  const spans = Object.entries(e.field_evidence || {})
    .map(([field, s]) => ({ start: s.start, end: s.end, field }))
    .filter((s) => s.start >= e.evidence.start && s.end <= e.evidence.end)
    .sort((a, b) => a.start - b.start);
  box.appendChild(document.createTextNode(text.slice(0, e.evidence.start)));
  const mark = el("mark", null, { class: "evidence", id: "evidence" });
  let at = e.evidence.start;
  for (const s of spans) {
    if (s.start < at) continue;
    mark.appendChild(document.createTextNode(text.slice(at, s.start)));
    mark.appendChild(el("mark", text.slice(s.start, s.end), { class: "field", title: s.field }));
    at = s.end;
  }
  mark.appendChild(document.createTextNode(text.slice(at, e.evidence.end)));
  box.appendChild(mark);
  box.appendChild(document.createTextNode(text.slice(e.evidence.end)));
  mark.scrollIntoView({ block: "center" });
}

function fillSubtypes(current) {
  const select = $("r-subtype");
  while (select.options.length) select.remove(0);
  for (const sub of Object.keys(state.subTypes || {}).sort()) select.add(new Option(sub, sub));
  select.value = current;
}

function fillList(list, items, label) {
  while (list.firstChild) list.removeChild(list.firstChild);
  if (!items || !items.length) { list.appendChild(el("li", t("none"))); return; }
  for (const item of items) list.appendChild(el("li", label(item)));
}

// ---- review and login ---------------------------------------------------------------------------------------
async function review(payload) {
  const id = state.event.detail.event.event_id;
  try {
    await post(`/events/${id}/review`, payload);
    $("review-message").textContent = t("saved");
    await openEvent(id);
    $("review-message").textContent = t("saved");
  } catch (err) {
    $("review-message").textContent = `${t("failed")}: ${err.message}`;
  }
}

let placeTimer = null;
function searchPlaces() {
  clearTimeout(placeTimer);
  placeTimer = setTimeout(async () => {
    const q = $("r-place").value.trim();
    const select = $("r-place-choice");
    while (select.options.length) select.remove(0);
    select.add(new Option(t("choose"), ""));
    if (!q) return;
    const places = (await api("/places", { q, limit: 20 })).data;
    for (const p of places) {
      const where = [p.admin3, p.admin2, p.admin1].filter(Boolean).join(", ");
      select.add(new Option(`${p.name_ar} — ${p.name_en} (${p.feature}${where ? "; " + where : ""})`, p.id));
    }
    if (places.length) select.selectedIndex = 1;
  }, 250);
}

async function refreshUser() {
  const me = (await api("/me")).data;
  state.user = me;
  state.csrf = me ? me.csrf_token : null;
  $("who").textContent = me ? `${me.username} (${me.role})` : "";
  $("login-open").hidden = Boolean(me);
  $("logout").hidden = !me;
  $("paste-open").hidden = !(me && (me.role === "reviewer" || me.role === "admin"));
  if (state.event) renderEvent(state.event.detail, state.event.document);
}

function pasted() {
  return { text: $("p-text").value, published: $("p-published").value || null, outlet: $("p-outlet").value || null };
}

async function previewPaste() {
  const list = $("p-events");
  try {
    const data = (await post("/preview", pasted())).data;
    fillList(list, data.events, (e) => `${e.event_date || "?"} · ${e.sub_event_type} · ${e.location_ar || e.location} · ${e.actor1} · ${e.fatalities} — ${e.evidence.text}`);
    $("paste-message").textContent = `${data.events.length} ${t("events")}`;
  } catch (err) {
    $("paste-message").textContent = `${t("failed")}: ${err.message}`;
  }
}

async function savePaste() {
  try {
    const data = (await post("/documents", pasted())).data;
    $("paste-message").textContent = data.stored ? `${t("stored")} (${data.events} ${t("events")})` : t("alreadyStored");
    await loadEvents();
  } catch (err) {
    $("paste-message").textContent = `${t("failed")}: ${err.message}`;
  }
}

function wire() {
  $("paste-open").addEventListener("click", () => { $("list").hidden = true; $("event").hidden = true; $("paste").hidden = false; });
  $("paste-close").addEventListener("click", () => { $("paste").hidden = true; $("list").hidden = false; });
  $("p-preview").addEventListener("click", previewPaste);
  $("p-save").addEventListener("click", savePaste);
  $("filters").addEventListener("submit", (ev) => { ev.preventDefault(); loadEvents(); });
  $("f-reset").addEventListener("click", () => { $("filters").reset(); loadEvents(); });
  $("lang").addEventListener("click", () => { state.lang = state.lang === "ar" ? "en" : "ar"; applyLanguage(); renderTimeline(); });
  $("event-close").addEventListener("click", () => { $("event").hidden = true; $("list").hidden = false; state.event = null; });
  $("login-open").addEventListener("click", () => { $("login-message").textContent = ""; $("login-dialog").showModal(); });
  $("l-cancel").addEventListener("click", () => $("login-dialog").close());
  $("login-form").addEventListener("submit", async (ev) => {
    ev.preventDefault();
    try {
      await post("/login", { username: $("l-user").value, password: $("l-pass").value });
      $("l-pass").value = "";
      $("login-dialog").close();
      await refreshUser();
    } catch (err) {
      $("login-message").textContent = err.status === 429 ? err.message : t("badLogin");
    }
  });
  $("logout").addEventListener("click", async () => { await post("/logout", {}); await refreshUser(); });
  $("r-place").addEventListener("input", searchPlaces);
  $("review").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const changes = {};
    const e = state.event.detail.event;
    const fatalities = parseInt($("r-fatalities").value, 10);
    if (!Number.isNaN(fatalities) && fatalities !== e.fatalities) changes.fatalities = fatalities;
    if ($("r-date").value && $("r-date").value !== e.event_date) changes.event_date = $("r-date").value;
    if ($("r-subtype").value && $("r-subtype").value !== e.sub_event_type) changes.sub_event_type = $("r-subtype").value;
    if ($("r-actor1").value.trim() !== (e.actor1 || "")) changes.actor1 = $("r-actor1").value.trim();
    if ($("r-actor2").value.trim() !== (e.actor2 || "")) changes.actor2 = $("r-actor2").value.trim();
    if ($("r-place-choice").value) changes.place_id = $("r-place-choice").value;
    if (Object.keys(changes).length) review({ action: "edit", changes });
  });
  $("r-accept").addEventListener("click", () => review({ action: "accept" }));
  $("r-reject").addEventListener("click", () => review({ action: "reject" }));
}

wire();
api("/vocabulary").then((v) => { state.subTypes = v.data.sub_event_types; }).catch(() => {});
setUpMap();
applyLanguage();
refreshUser().catch(() => {});
loadEvents().catch((err) => { $("summary").textContent = err.message; });
// deep link from an alert: /#event=<event id>
const linked = /^#event=([0-9a-f]{24})$/.exec(window.location.hash);
if (linked) openEvent(linked[1]).catch(() => {});
