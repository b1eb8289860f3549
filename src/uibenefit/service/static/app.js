// The caseworker's page: a form for the claimant and events, the decision as the explanation
// reads it. Plain JavaScript, no library, nothing loaded from elsewhere; talks only to /v1/.
"use strict";

const LABELS = {
  zh: {
    title: "失业保险金测算", print: "打印", claimant: "申请人", birth_date: "出生日期",
    sex: "性别", position: "身份", insured_as: "参保身份",
    contribution_months: "累计缴费月数（含视同缴费）", insured_area: "参保地区（行政区划代码）",
    separation_date: "停保（离职）日期", separation_reason: "停保原因", application_date: "申领日期",
    registration_date: "失业登记日期（可空）", prior_unused_months: "前次失业应领未领月数",
    registered_reason: "失业登记中的原因（如与停保原因不同）", seeking_work: "有求职要求",
    receiving_pension: "已领取基本养老保险待遇", spouse_receiving_benefit: "配偶正在领取失业保险金",
    events: "领取期间发生的情形", event_kind: "情形", event_on: "日期", add_event: "添加情形",
    remove: "删除", settings: "测算设置", as_of: "核查日期（用于计算多发金额，可空）",
    policy: "适用政策", submit: "测算", working: "正在测算…",
    footer: "测算结果依据所列政策条款自动生成，仅供经办参考，以经办机构核定为准。",
    problems: "无法测算，请检查：", blank: "（无）",
    summary: "结论", eligible: "符合领取失业保险金条件", ineligible: "不符合领取失业保险金条件",
    failed: "未满足的条件", conditions: "审核条件", met: "符合", not_met: "不符合", note: "提示",
    months: "领取期限", regular: "核定月数", continuation: "续发月数", total: "合计月数",
    period: "领取期间", retirement: "法定退休日期", to: "至", unit_months: "个月",
    schedule: "发放明细", month: "月份", period_col: "期间", amount: "金额（元）", pay_by: "到账截止",
    medical: "代缴医保", status: "状态", basis: "计算依据", yes: "是", no: "否", unknown: "未定",
    status_due: "按月发放", status_forfeited: "停发", status_lump_sum: "一次性领取",
    totals: "合计", paid_monthly: "按月发放合计", lump_sum: "一次性领取", overpaid: "应追回多发",
    yuan: "元", stop: "停发", no_stop: "未发生停发情形。", stop_on: "停发日期",
    months_paid: "已领月数", months_forfeited: "停发月数", fraud_fine: "欺诈罚款范围（仅提示）",
    ignored: "不停发的情形", paperwork: "办理事项", bring: "需携带", forbidden: "不得要求提供",
    employer: "用人单位义务", notices: "温馨提示", office: "办理地点", due: "截止", phone: "电话",
    address: "地址", conflict: "期限冲突", warnings: "注意", sources: "政策依据（原文）",
    summarised: "大意", explanation: "完整说明（文本）", policy_used: "适用政策",
    choose: "（请选择）", skip: "跳到表单", male: "男", female: "女", worker: "工人", cadre: "干部",
    employee: "职工", flexible: "灵活就业人员", missing: "请填写", row: "第 {n} 项情形",
    lookup: "从经办记录查找", id_number: "公民身份号码", lookup_button: "查找并填表",
    source: "来源", record_row: "第 {n} 行", from_claimant: "由申请人填写", question: "请申请人回答",
    confirmed: "申请人已核对以上信息并确认", not_confirmed: "申请人尚未确认根据经办记录填写的信息",
    findings: "记录中需要核查的情况", prefilled: "已根据经办记录填表（人员编号 {id}），请申请人逐项核对",
  },
  en: {
    title: "Unemployment insurance benefit", print: "Print", claimant: "Claimant",
    birth_date: "Date of birth", sex: "Sex", position: "Position", insured_as: "Insured as",
    contribution_months: "Contribution months (deemed years included)",
    insured_area: "Insured area (GB/T 2260 code)", separation_date: "Separation date",
    separation_reason: "Separation reason (停保原因)", application_date: "Application date",
    registration_date: "Registration date (optional)",
    prior_unused_months: "Unused months of an earlier spell",
    registered_reason: "Reason in the registration (if different)", seeking_work: "Seeking work",
    receiving_pension: "Receiving a basic pension",
    spouse_receiving_benefit: "Spouse receiving the benefit", events: "Events while receiving",
    event_kind: "Event", event_on: "Date", add_event: "Add an event", remove: "Remove",
    settings: "Settings", as_of: "Audit date (for overpayments, optional)", policy: "Policy",
    submit: "Evaluate", working: "Evaluating…",
    footer: "Generated from the clauses cited; for the caseworker's reference, the agency decides.",
    problems: "Cannot evaluate; please check:", blank: "(none)",
    summary: "Decision", eligible: "Entitled to unemployment insurance benefit",
    ineligible: "Not entitled to unemployment insurance benefit", failed: "Conditions not met",
    conditions: "Conditions", met: "met", not_met: "NOT met", note: "note",
    months: "Entitlement", regular: "Regular months", continuation: "Continuation months",
    total: "Total months", period: "Period", retirement: "Statutory retirement date", to: "to",
    unit_months: "months", schedule: "Payments", month: "Month", period_col: "Period",
    amount: "Amount (yuan)", pay_by: "Paid by", medical: "Medical insurance", status: "Status",
    basis: "Basis", yes: "yes", no: "no", unknown: "not set", status_due: "monthly",
    status_forfeited: "stopped", status_lump_sum: "lump sum", totals: "Totals",
    paid_monthly: "Paid monthly", lump_sum: "Paid at once", overpaid: "Overpaid, to recover",
    yuan: "yuan", stop: "Stop", no_stop: "No event stops payment.", stop_on: "Stops on",
    months_paid: "Months paid", months_forfeited: "Months not paid monthly",
    fraud_fine: "Fine range if fraud (information only)", ignored: "Events that stop nothing",
    paperwork: "Paperwork", bring: "Bring", forbidden: "Nobody may ask for",
    employer: "The employer must", notices: "Notices", office: "Where to go", due: "due",
    phone: "Phone", address: "Address", conflict: "conflicting deadlines", warnings: "Warnings",
    sources: "Sources (quoted text)", summarised: "summary", explanation: "Full explanation (text)",
    policy_used: "Policy",
    choose: "(choose)", skip: "Skip to the form", male: "male", female: "female", worker: "worker",
    cadre: "cadre", employee: "employee", flexible: "flexible worker", missing: "please fill in",
    row: "event {n}",
    lookup: "Look up in the agency's records", id_number: "Identity number (公民身份号码)",
    lookup_button: "Look up and fill in", source: "source", record_row: "row {n}",
    from_claimant: "the claimant answers", question: "ask the claimant",
    confirmed: "The claimant has checked and confirmed the above",
    not_confirmed: "the claimant has not confirmed the facts filled in from the records",
    findings: "To look at in the records",
    prefilled: "Filled in from the agency's records (person {id}): the claimant checks each field",
  },
};

// The choices come from the served policy (GET /v1/policies/{name}/form): reasons with the
// policy's Chinese names, its areas, the event kinds of its stop grounds. [code, zh, en] each.
const OPTIONS = { sexes: [], positions: [], insured: [], reasons: [], kinds: [] };
let AREAS = [];
let ENGLISH = {};  // the policy's English names of documents and paperwork, by Chinese name
const named = (text) => (lang === "en" && ENGLISH[text]) || text;

let lang = "zh";
let last = null;  // the last answer, re-drawn when the language changes
let lastProblems = null;  // the last refusal, re-drawn when the language changes
let prefilled = null;  // the form filled from the records (POST /v1/prefill), to be confirmed

const $ = (sel, root = document) => root.querySelector(sel);
const t = (key) => LABELS[lang][key] || key;

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") node.className = v; else node.setAttribute(k, v === true ? "" : v);
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function fillOptions(select, key) {
  const keep = select.value;
  select.replaceChildren();
  if (select.dataset.blank) select.append(el("option", { value: "" }, t(select.dataset.blank)));
  for (const [value, zh, en] of OPTIONS[key]) {
    select.append(el("option", { value }, lang === "zh" ? zh : en));
  }
  select.value = keep;
  if (select.value !== keep) select.value = "";
}

function applyLanguage() {
  document.documentElement.lang = lang === "zh" ? "zh-CN" : "en";
  document.title = t("title");
  for (const node of document.querySelectorAll("[data-t]")) node.textContent = t(node.dataset.t);
  for (const select of document.querySelectorAll("select[data-options]")) {
    fillOptions(select, select.dataset.options);
  }
  const areas = $("#areas");
  areas.replaceChildren(...AREAS.map(([code, zh, names]) =>
    el("option", { value: code }, lang === "zh" ? zh : names)));
  document.querySelectorAll("#events tbody tr").forEach((row, i) => {
    const name = t("row").replace("{n}", i + 1);
    $("select", row).setAttribute("aria-label", `${name}: ${t("event_kind")}`);
    $("input", row).setAttribute("aria-label", `${name}: ${t("event_on")}`);
    $("button", row).setAttribute("aria-label", `${name}: ${t("remove")}`);
  });
  const button = $("#lang-switch");
  button.textContent = lang === "zh" ? "English" : "中文";
  button.lang = lang === "zh" ? "en" : "zh-CN";
  if (last) { render(last); loadPrint(); }
  if (prefilled) showSources(prefilled);
  if (lastProblems) showProblems(lastProblems);
}

function addEvent(kind = "", on = "") {
  const n = document.querySelectorAll("#events tbody tr").length + 1;
  const name = t("row").replace("{n}", n);
  const select = el("select", { name: "event_kind", "data-options": "kinds", "data-blank": "choose",
    "aria-label": `${name}: ${t("event_kind")}` });
  fillOptions(select, "kinds");
  select.value = kind;
  const input = el("input", { type: "date", name: "event_on", value: on, required: true,
    "aria-label": `${name}: ${t("event_on")}` });
  const remove = el("button", { type: "button", class: "remove", "data-t": "remove",
    "aria-label": `${name}: ${t("remove")}` }, t("remove"));
  const row = el("tr", {}, el("td", {}, select), el("td", {}, input), el("td", {}, remove));
  remove.addEventListener("click", () => { row.remove(); $("#add-event").focus(); });
  $("#events tbody").append(row);
  select.focus();
}

function request() {
  // a field left empty is left out, so the library names every missing one
  const form = $("#claim");
  const value = (name) => form.elements[name].value.trim();
  const claimant = {
    seeking_work: form.elements.seeking_work.checked,
    receiving_pension: form.elements.receiving_pension.checked,
    spouse_receiving_benefit: form.elements.spouse_receiving_benefit.checked,
  };
  for (const name of ["birth_date", "sex", "position", "insured_as", "separation_date",
    "separation_reason", "application_date", "registration_date", "insured_area", "registered_reason"]) {
    if (value(name)) claimant[name] = value(name);
  }
  for (const name of ["contribution_months", "prior_unused_months"]) {
    const raw = value(name);
    if (raw !== "") claimant[name] = /^-?\d+$/.test(raw) ? Number(raw) : raw;
  }
  const events = [...document.querySelectorAll("#events tbody tr")].map((row) => {
    const event = {};
    if ($("select", row).value) event.kind = $("select", row).value;
    if ($("input", row).value) event.on = $("input", row).value;
    return event;
  });
  const body = { claimant, events, lang, explain: true, policy: value("policy") || "xingan" };
  if (value("as_of")) body.as_of = value("as_of");
  return body;
}

function clearProblems() {
  lastProblems = null;
  $("#problems").hidden = true;
  for (const bad of document.querySelectorAll("[aria-invalid=true]")) {
    bad.classList.remove("invalid");
    bad.removeAttribute("aria-invalid");
    bad.removeAttribute("aria-describedby");
  }
  for (const note of document.querySelectorAll(".field-error")) note.remove();
}

async function post(path, body) {
  return fetch(path, {
    method: "POST",
    headers: { "content-type": "application/json", "accept-language": lang },
    body: JSON.stringify(body),
  });
}

async function submit(event) {
  event.preventDefault();
  const button = $("#submit");
  button.disabled = true;
  button.textContent = t("working");
  clearProblems();
  if (prefilled && !$("#claim").elements.confirmed.checked) {
    button.disabled = false;
    button.textContent = t("submit");
    showProblems({ problems: [{ field: "confirmed", message: LABELS.en.not_confirmed,
      message_zh: LABELS.zh.not_confirmed }] });
    return;
  }
  try {
    const body = request();
    const response = await post("/v1/evaluate", body);
    const data = await response.json();
    if (!response.ok) { last = null; showProblems(data); return; }
    data.explanation_lang = body.lang;
    last = data;
    render(data);
    loadPrint();
    $("#result h2").setAttribute("tabindex", "-1");
    $("#result h2").focus();
  } catch (error) {
    showProblems({ problems: [{ field: null, line: null, message: String(error), message_zh: String(error) }] });
  } finally {
    button.disabled = false;
    button.textContent = t("submit");
  }
}

function fieldOf(path) {
  // a problem's field (claimant.sex, events[0].on, as_of) -> the form control it is about
  if (!path) return null;
  const form = $("#claim");
  const row = /^events\[(\d+)\](?:\.(\w+))?/.exec(path);
  if (row) {
    const tr = document.querySelectorAll("#events tbody tr")[Number(row[1])];
    if (!tr) return null;
    return row[2] === "kind" ? $("select", tr) : $("input", tr);
  }
  const name = path.replace(/^claimant\./, "").split(/[.[]/)[0];
  const control = form.elements[name];
  return control && control.classList ? control : null;
}

function labelOf(path, control) {
  const name = path ? path.replace(/^claimant\./, "").split(/[.[]/)[0] : null;
  if (control && control.getAttribute("aria-label")) return control.getAttribute("aria-label");
  return name && LABELS[lang][name] ? LABELS[lang][name] : path;
}

function showProblems(data) {
  // every problem on its field, in the page's language, and all of them in one list above
  clearProblems();
  lastProblems = data;
  const box = $("#problems");
  const problems = data.problems && data.problems.length ? data.problems
    : [{ field: null, message: data.detail || "?", message_zh: data.detail || "?" }];
  const items = problems.map((p, i) => {
    const text = lang === "zh" ? (p.message_zh || p.message) : p.message;
    const control = fieldOf(p.field);
    if (control) {
      const id = `problem-${i}`;
      control.classList.add("invalid");
      control.setAttribute("aria-invalid", "true");
      const before = control.getAttribute("aria-describedby");
      control.setAttribute("aria-describedby", before ? `${before} ${id}` : id);
      control.insertAdjacentElement("afterend", el("span", { class: "field-error", id }, text));
    }
    const label = p.field ? labelOf(p.field, control) : null;
    const line = p.line ? ` (${lang === "zh" ? `第 ${p.line} 行` : `line ${p.line}`})` : "";
    return el("li", {}, label ? el("strong", {}, label, lang === "zh" ? "：" : ": ") : null, text, line);
  });
  box.replaceChildren(el("p", {}, t("problems")), el("ul", {}, items));
  box.hidden = false;
  $("#result").hidden = true;
  $("#print-view").replaceChildren();
  box.focus();
}

async function loadPrint() {
  // the printed decision is the library's own HTML (uibenefit evaluate --format html)
  const view = $("#print-view");
  view.removeAttribute("data-ready");
  const response = await post("/v1/evaluate/html", { ...request(), explain: false });
  if (!response.ok) return;
  const doc = new DOMParser().parseFromString(await response.text(), "text/html");
  const article = doc.querySelector("article.decision");
  view.replaceChildren(...(article ? [document.importNode(article, true)] : []));
  view.dataset.ready = lang;
}

function cite(c) {
  if (!c) return null;
  const article = c.article ? ` ${c.article}` : "";
  const gist = c.quoted ? "" : lang === "zh" ? `（${t("summarised")}）` : ` (${t("summarised")})`;
  return el("span", { class: "cite" }, `[${c.clause} ${named(c.document)}${article}${gist}]`);
}

function section(id, title, ...content) {
  return el("section", { id, class: "block" }, el("h2", {}, title), ...content);
}

function headline(d) {
  // the summary line: months, period, first amount, stop
  const e = d.entitlement;
  if (!d.eligibility.eligible || !e || e.total_months === 0) return null;
  const first = d.schedule.length ? d.schedule[0].amount : null;
  const s = d.stop;
  const zh = lang === "zh";
  const parts = zh
    ? [`领取 ${e.total_months} 个月（${e.start} 至 ${e.end}）`,
       first !== null ? `首月 ${first} 元` : null,
       s && s.stopped ? `${s.on} 起停发，已领 ${s.months_paid} 个月` : null]
    : [`${e.total_months} months (${e.start} to ${e.end})`,
       first !== null ? `first month ${first} yuan` : null,
       s && s.stopped ? `stops on ${s.on} after ${s.months_paid} months` : null];
  return el("p", { id: "headline", class: "headline" }, parts.filter(Boolean).join(zh ? "；" : "; "));
}

function money(value) { return value === null || value === undefined ? "—" : value; }

function render(answer) {
  const d = answer.decision || answer;
  const zh = lang === "zh";
  const sources = new Map();
  const use = (c) => { if (c && !sources.has(c.clause)) sources.set(c.clause, c); return cite(c); };
  const out = [];

  const eligible = d.eligibility.eligible;
  const failed = d.eligibility.findings.filter((f) => f.passed === false);
  out.push(section("summary", t("summary"),
    el("p", { id: "verdict", class: eligible ? "verdict ok" : "verdict no" },
      eligible ? t("eligible") : t("ineligible")),
    headline(d),
    el("p", { class: "policy-used" }, `${t("policy_used")}: ${d.documents.join(" → ")}`),
    failed.length ? el("div", {}, el("h3", {}, t("failed")),
      el("ul", {}, failed.map((f) => el("li", {}, zh ? f.text : f.text_en, " ", use(f.citation))))) : null,
    el("details", {}, el("summary", {}, t("conditions")),
      el("ul", { class: "findings" }, d.eligibility.findings.map((f) => el("li", {},
        el("span", { class: f.passed === null ? "tag note" : f.passed ? "tag ok" : "tag no" },
          f.passed === null ? t("note") : f.passed ? t("met") : t("not_met")),
        " ", zh ? f.text : f.text_en, " ", use(f.citation)))))));

  const e = d.entitlement;
  if (e && e.total_months > 0) {
    out.push(section("months", t("months"),
      el("dl", { class: "facts" },
        el("dt", {}, t("regular")), el("dd", { id: "regular-months" }, e.regular_months),
        el("dt", {}, t("continuation")), el("dd", { id: "continuation-months" }, e.continuation_months),
        el("dt", {}, t("total")), el("dd", { id: "total-months" }, e.total_months),
        el("dt", {}, t("period")), el("dd", { id: "period" }, `${e.start} ${t("to")} ${e.end}`),
        el("dt", {}, t("retirement")), el("dd", {}, e.retirement_date, " ", use(e.retirement_citation))),
      el("p", { class: "cites" }, e.citations.map(use))));
  }

  if (d.schedule.length) {
    let shown = "";
    const rows = d.schedule.map((p) => {
      // a month's clauses are shown where they change, not on every row (all are in Sources)
      const key = `${p.citation.clause} ${p.base_citation ? p.base_citation.clause : ""}`;
      const fresh = key !== shown;
      shown = key;
      return el("tr", { class: `status-${p.status}` },
      el("td", { class: "num" }, p.index),
      el("td", {}, `${p.period_start} ${t("to")} ${p.period_end}`),
      el("td", { class: "num amount" }, money(p.amount)),
      el("td", {}, p.pay_by || "—"),
      el("td", {}, p.medical_insurance_paid ? t("yes") : t("no")),
      el("td", {}, t(`status_${p.status}`)),
      el("td", { class: "basis" }, zh && p.basis_zh ? p.basis_zh : p.basis,
        fresh ? [" ", use(p.citation), " ", use(p.base_citation)] : null));
    });
    const first = d.schedule[0];
    const legend = [first.pay_by_citation, first.medical_citation, first.standard_date_citation]
      .filter(Boolean).map(use);
    const totals = Object.entries(d.totals).map(([k, v]) =>
      el("li", {}, `${t(k)}: `, el("strong", { id: `total-${k}` }, v), ` ${t("yuan")}`));
    out.push(section("payments", t("schedule"),
      el("table", { class: "schedule" },
        el("thead", {}, el("tr", {}, ["month", "period_col", "amount", "pay_by", "medical", "status", "basis"]
          .map((k) => el("th", {}, t(k))))),
        el("tbody", {}, rows)),
      el("p", { class: "cites" }, legend),
      totals.length ? el("ul", { class: "totals" }, totals) : null));
  }

  const s = d.stop;
  if (s) {
    const facts = s.stopped ? el("dl", { class: "facts" },
      el("dt", {}, t("stop_on")), el("dd", { id: "stop-on" }, s.on),
      el("dt", {}, t("months_paid")), el("dd", { id: "months-paid" }, s.months_paid),
      el("dt", {}, t("months_forfeited")), el("dd", {}, s.months_forfeited),
      s.lump_sum !== null ? [el("dt", {}, t("lump_sum")), el("dd", {}, `${s.lump_sum} ${t("yuan")}`)] : null,
      el("dt", {}, t("overpaid")), el("dd", {}, `${s.overpaid} ${t("yuan")}`),
      s.fraud_fine_range ? [el("dt", {}, t("fraud_fine")),
        el("dd", {}, `${s.fraud_fine_range[0]}–${s.fraud_fine_range[1]} ${t("yuan")}`)] : null) : null;
    out.push(section("stop", t("stop"),
      el("p", {}, s.stopped ? [zh ? s.text : s.text_en, " ", use(s.citation)] : t("no_stop")),
      facts,
      s.notes.length ? el("ul", {}, s.notes.map((n) => el("li", {}, zh ? n.text : n.text_en, " ", use(n.citation)))) : null,
      s.ignored_events.length ? [el("h3", {}, t("ignored")), el("ul", {}, s.ignored_events.map((n) =>
        el("li", {}, zh ? n.text : n.text_en, " ", use(n.citation))))] : null));
  }

  const w = d.paperwork;
  if (w) {
    const item = (r) => el("li", {}, el("strong", {}, named(r.name)),
      r.due ? el("span", { class: "due" }, ` （${t("due")} ${r.due}）`) : null,
      r.conflict ? el("span", { class: "conflict" }, ` ${t("conflict")}: ${r.conflict}`) : null,
      zh ? null : el("div", { class: "desc" }, r.description), " ", use(r.citation));
    const list = (key, items) => items.length ? [el("h3", {}, t(key)), el("ul", { id: `paperwork-${key}` }, items.map(item))] : null;
    out.push(section("paperwork", t("paperwork"),
      list("bring", w.claimant_documents), list("employer", w.employer_obligations),
      list("notices", w.notices), list("forbidden", w.forbidden_requests),
      w.office ? [el("h3", {}, t("office")), el("p", { id: "office" }, el("strong", {}, named(w.office.name)),
        ` ${t("phone")} ${w.office.phone}，${t("address")} ${w.office.address} `, use(w.office.citation))] : null,
      (zh ? w.warnings_zh : w.warnings).length
        ? el("ul", { class: "warnings" }, (zh ? w.warnings_zh : w.warnings).map((x) => el("li", {}, x))) : null));
  }

  if (d.warnings.length) {
    out.push(section("warnings", t("warnings"), el("ul", { class: "warnings" }, d.warnings.map((x) => el("li", {}, x)))));
  }

  // each clause's words are given once, in the answer's `clauses` map
  const texts = d.clauses || {};
  out.push(section("sources", t("sources"), el("dl", { class: "sources" }, [...sources.values()].map((c) => [
    el("dt", {}, `${c.clause} · ${named(c.document)}${c.article ? " " + c.article : ""}${c.quoted ? "" : ` (${t("summarised")})`}`),
    el("dd", {}, el("blockquote", { lang: "zh-CN", "data-clause": c.clause }, texts[c.clause] || c.text || "")),
  ]))));

  if (answer.explanation) {
    out.push(section("explanation", t("explanation"),
      el("details", {}, el("summary", {}, t("explanation")), el("pre", { id: "explanation-text" }, answer.explanation))));
  }

  const result = $("#result");
  result.replaceChildren(...out);
  result.hidden = false;
  if (answer.explanation && answer.explanation_lang !== lang) refreshExplanation();
}

async function refreshExplanation() {
  // the explanation text is the library's, in one language: ask again in the new one
  const body = request();
  const response = await fetch("/v1/evaluate", {
    method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body),
  });
  if (!response.ok) return;
  const data = await response.json();
  data.explanation_lang = body.lang;
  last = data;
  const pre = $("#explanation-text");
  if (pre) pre.textContent = data.explanation;
}

async function loadPolicies() {
  const response = await fetch("/v1/policies");
  if (!response.ok) return;
  const data = await response.json();
  const select = $("#policy");
  select.replaceChildren(...data.policies.map((p) =>
    el("option", { value: p.name, selected: p.name === "xingan" }, `${p.name} — ${p.documents[p.documents.length - 1]}`)));
}

async function lookup() {
  // the claim pre-filled from the agency's records: each field with its source, the
  // questions the records cannot answer, and the claimant's confirmation
  clearProblems();
  const response = await post("/v1/prefill", { id_number: $("#claim").elements.id_number.value.trim(), lang });
  const data = await response.json();
  if (!response.ok) { showProblems(data); return; }
  const form = $("#claim");
  for (const [name, f] of Object.entries(data.fields)) {
    const control = form.elements[name];
    if (!control || !control.classList) continue;
    if (control.type === "checkbox") control.checked = Boolean(f.value);
    else control.value = f.value === null || f.value === undefined ? "" : String(f.value);
  }
  prefilled = data;
  form.elements.confirmed.checked = false;
  $("#confirm-row").hidden = false;
  showSources(data);
  form.elements.confirmed.focus();
}

function showSources(data) {
  for (const note of document.querySelectorAll(".field-source, .field-question")) note.remove();
  for (const q of document.querySelectorAll(".question")) q.classList.remove("question");
  const form = $("#claim");
  const tables = data.table_names || {};
  for (const [name, f] of Object.entries(data.fields)) {
    const control = form.elements[name];
    if (!control || !control.classList) continue;
    const where = f.table === "form" ? t("from_claimant")
      : `${t("source")}: ${lang === "zh" ? tables[f.table] || f.table : f.table}`
        + (f.row !== null && f.row !== undefined ? ` ${t("record_row").replace("{n}", f.row + 1)}` : "");
    const holder = control.type === "checkbox" ? control.parentElement : control;
    holder.insertAdjacentElement("afterend", el("span", { class: "field-source" }, where));
  }
  for (const q of data.questions) {
    const control = form.elements[q.field];
    if (!control || !control.classList) continue;
    const holder = control.type === "checkbox" ? control.parentElement : control;
    holder.classList.add("question");
    holder.insertAdjacentElement("afterend",
      el("span", { class: "field-question" }, `${t("question")}: ${lang === "zh" ? q.zh : q.en}`));
  }
  const note = $("#lookup-note");
  const findings = (data.findings || []).map((f) => el("li", {}, lang === "zh" ? (f.message_zh || f.message) : f.message));
  note.replaceChildren(el("p", {}, t("prefilled").replace("{id}", data.person_id)),
    findings.length ? [el("p", {}, t("findings")), el("ul", {}, findings)] : []);
  note.hidden = false;
}

async function loadForm() {
  // the form's choices from the served policy: reasons, areas, event kinds, codes
  const name = $("#policy").value || "xingan";
  const response = await fetch(`/v1/policies/${encodeURIComponent(name)}/form`);
  if (!response.ok) return;
  const f = await response.json();
  const label = (c) => [c.code, c.zh || LABELS.zh[c.code] || c.code, c.en || LABELS.en[c.code] || c.code];
  OPTIONS.reasons = f.reasons.map(label);
  OPTIONS.kinds = f.event_kinds.map(label);
  OPTIONS.sexes = f.sexes.map(label);
  OPTIONS.positions = f.positions.map(label);
  OPTIONS.insured = f.insured_as.map(label);
  AREAS = f.areas.map((a) => [a.code, a.zh, a.names.join(" / ")]);
  $("#lookup").hidden = !f.records;
  ENGLISH = f.english || {};
  applyLanguage();
  document.body.dataset.ready = "1";
}

document.addEventListener("DOMContentLoaded", () => {
  applyLanguage();
  $("#lang-switch").addEventListener("click", () => { lang = lang === "zh" ? "en" : "zh"; applyLanguage(); });
  $("#print").addEventListener("click", () => window.print());
  // on paper every folded part is shown: conditions, explanation
  window.addEventListener("beforeprint", () => {
    for (const d of document.querySelectorAll("details:not([open])")) { d.open = true; d.dataset.reclose = "1"; }
  });
  window.addEventListener("afterprint", () => {
    for (const d of document.querySelectorAll("details[data-reclose]")) { d.open = false; delete d.dataset.reclose; }
  });
  $("#add-event").addEventListener("click", () => addEvent());
  $("#claim").addEventListener("submit", submit);
  $("#policy").addEventListener("change", loadForm);
  $("#lookup-button").addEventListener("click", lookup);
  $("#claim").elements.id_number.addEventListener("keydown", (e) => {
    if (e.key === "Enter") { e.preventDefault(); lookup(); }
  });
  loadPolicies().finally(loadForm);
});
