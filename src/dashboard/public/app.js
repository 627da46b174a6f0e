// The dashboard page: renders the server's snapshot of one pool and redraws on each pushed update.
"use strict";
(function () {
  const $ = (id) => document.getElementById(id);
  const charts = {};
  let snapshot = null;
  let investorAddress = "";
  const COLORS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2"];

  const scale = (decimals) => Math.pow(10, decimals);
  const dollars = (units, decimals = 6) => Number(units) / scale(decimals);
  const usd = (units, decimals = 6) => {
    const negative = String(units).startsWith("-");
    const digits = negative ? String(units).slice(1) : String(units);
    const padded = digits.padStart(decimals + 1, "0");
    const whole = padded.slice(0, padded.length - decimals).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
    const cents = padded.slice(padded.length - decimals, padded.length - decimals + 2);
    return `${negative ? "-" : ""}$${whole}.${cents}`;
  };
  const factorText = (f) => {
    const padded = String(f).padStart(19, "0");
    return `${padded.slice(0, padded.length - 18)}.${padded.slice(padded.length - 18, padded.length - 10)}`;
  };
  const dateText = (seconds) => new Date(seconds * 1000).toISOString().slice(0, 16).replace("T", " ") + " UTC";
  const pct = (x, digits = 2) => `${(x * 100).toFixed(digits)}%`;
  const short = (a) => `${a.slice(0, 6)}…${a.slice(-4)}`;
  const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);
  const decimalsOf = (s) => (s.classes[0] ? s.classes[0].decimals : 6);

  function chart(id, type, options = {}) {
    if (charts[id]) return charts[id];
    charts[id] = new Chart($(id), {
      type,
      data: { labels: [], datasets: [] },
      options: { animation: false, responsive: true, maintainAspectRatio: false, interaction: { mode: "index", intersect: false }, plugins: { legend: { labels: { boxWidth: 12 } } }, ...options },
    });
    return charts[id];
  }
  function setData(c, labels, datasets) {
    c.data.labels = labels;
    c.data.datasets = datasets;
    c.update("none");
  }

  // The deal as the waterfall holds it now: period, pool, reserve, cumulative loss against its trigger.
  function dealCard(s) {
    const deal = s.deal;
    if (!deal) return `<div class="card" id="deal"><h3>Deal</h3><p>no waterfall found for this pool</p></div>`;
    const d = decimalsOf(s);
    const original = Number(deal.originalPoolBalance);
    const lossShare = original > 0 ? Number(deal.cumulativeLoss) / original : 0;
    const trigger = deal.lossTriggerPpm === null ? "no trigger" : `trigger ${(deal.lossTriggerPpm / 10000).toFixed(2)}%`;
    return `<div class="card" id="deal"><h3>${esc(s.pool.dealId)} <small>deal</small></h3><dl>
      <dt>Periods executed</dt><dd class="period">${deal.period}</dd>
      <dt>Pool balance</dt><dd class="pool-balance">${usd(deal.poolBalance, d)}</dd>
      <dt>Pool factor</dt><dd>${original > 0 ? (Number(deal.poolBalance) / original).toFixed(8) : "–"}</dd>
      <dt>Reserve</dt><dd class="reserve">${usd(deal.reserveBalance, d)}</dd>
      <dt>Cumulative loss</dt><dd class="cumulative-loss">${usd(deal.cumulativeLoss, d)} · ${pct(lossShare, 3)} (${trigger})</dd>
      <dt>Record date</dt><dd class="record-date">${deal.pendingRecordDate === null ? "none pending" : `period ${deal.pendingRecordDate.period}: ${dateText(deal.pendingRecordDate.date)} — holders of record fixed (marked ${dateText(deal.pendingRecordDate.markedAt)}); books closed until it is distributed`}</dd>
      <dt>Servicer reports</dt><dd class="reports-verified">${deal.reports === null ? "no report registry" : deal.reports.verified ? `periods 1–${deal.reports.period} verified against the registry's chain head` : `NOT verified against the registry's chain head (periods 1–${deal.reports.period}): see the alerts`}</dd>
    </dl></div>`;
  }

  function renderClasses(s) {
    const d = decimalsOf(s);
    $("classes").innerHTML = dealCard(s) + s.classes.map((c) => {
      const claimed = c.history.reduce((t, h) => t + BigInt(h.interest) + BigInt(h.principal), 0n);
      return `<div class="card" id="class-${c.index}" data-symbol="${esc(c.symbol)}">
        <h3>${esc(c.symbol)} <small>${esc(c.name)}</small></h3>
        <dl>
          <dt>Factor</dt><dd class="factor">${factorText(c.factor)}</dd>
          <dt>Original face</dt><dd>${usd(c.originalFace, c.decimals)}</dd>
          <dt>Current face</dt><dd class="current-face">${usd(c.currentFace, c.decimals)}</dd>
          <dt>Coupon</dt><dd>${(c.couponPpm / 10000).toFixed(3)}%</dd>
          <dt>Holders</dt><dd class="holders">${c.holders < 0 ? "n/a" : c.holders}</dd>
          <dt>Distributions</dt><dd>${c.history.length} · ${usd(claimed.toString(), d)}</dd>
        </dl></div>`;
    }).join("");
  }

  function renderCharts(s) {
    const d = decimalsOf(s);
    // Factor and balance over time: one point per distribution/loss event, on distribution number.
    const ids = [...new Set(s.classes.flatMap((c) => c.history.map((h) => h.distributionId)))].sort((a, b) => a - b);
    const labels = ["0", ...ids.map(String)];
    const series = (c, value) => {
      let last = 1;
      const byId = new Map(c.history.map((h) => [h.distributionId, Number(h.factor) / 1e18]));
      return [1, ...ids.map((id) => (byId.has(id) ? (last = byId.get(id)) : last))].map(value);
    };
    setData(chart("chart-factor", "line"), labels, s.classes.map((c, i) => ({ label: c.symbol, data: series(c, (f) => f), borderColor: COLORS[i % 8], pointRadius: 0, stepped: true })));
    setData(chart("chart-balance", "line"), labels, s.classes.map((c, i) => ({ label: c.symbol, data: series(c, (f) => f * dollars(c.originalFace, c.decimals)), borderColor: COLORS[i % 8], pointRadius: 0, stepped: true })));

    const periods = s.periods.filter((p) => p.executed);
    const pl = periods.map((p) => String(p.period));
    const sum = (p, key) => p.classes.reduce((t, c) => t + dollars(c[key], d), 0);
    setData(chart("chart-dist", "bar", { scales: { x: { stacked: true }, y: { stacked: true } } }), pl, [
      { label: "interest", data: periods.map((p) => sum(p, "interest")), backgroundColor: "#1f77b4" },
      { label: "principal", data: periods.map((p) => sum(p, "principal")), backgroundColor: "#2ca02c" },
      { label: "losses", data: periods.map((p) => sum(p, "loss")), backgroundColor: "#d62728" },
    ]);
    const all = s.periods.map((p) => String(p.period));
    setData(chart("chart-speed", "line"), all, [
      { label: "CPR 1m", data: s.periods.map((p) => p.cpr1m * 100), borderColor: "#1f77b4", pointRadius: 0 },
      { label: "CPR life", data: s.periods.map((p) => p.cprLife * 100), borderColor: "#1f77b4", borderDash: [5, 4], pointRadius: 0 },
      { label: "CDR 1m", data: s.periods.map((p) => p.cdr1m * 100), borderColor: "#d62728", pointRadius: 0 },
      { label: "CDR life", data: s.periods.map((p) => p.cdrLife * 100), borderColor: "#d62728", borderDash: [5, 4], pointRadius: 0 },
    ]);
    const buckets = [["30", "d30", "#ffd166"], ["60", "d60", "#f4a261"], ["90+", "d90Plus", "#e76f51"], ["foreclosure", "foreclosure", "#9d0208"], ["REO", "reo", "#370617"]];
    setData(chart("chart-delinq", "bar", { scales: { x: { stacked: true }, y: { stacked: true } } }), all,
      buckets.map(([label, key, color]) => ({ label, data: s.periods.map((p) => dollars(p.delinquency[key].balance, d)), backgroundColor: color })));
    const original = s.deal ? Number(s.deal.originalPoolBalance) : 0;
    const lossDatasets = [{ label: "cumulative loss", data: periods.map((p) => (original > 0 ? (Number(p.cumulativeLoss) / original) * 100 : 0)), borderColor: "#d62728", pointRadius: 0 }];
    if (s.deal && s.deal.lossTriggerPpm !== null) lossDatasets.push({ label: "trigger", data: periods.map(() => s.deal.lossTriggerPpm / 10000), borderColor: "#555", borderDash: [6, 4], pointRadius: 0 });
    setData(chart("chart-loss", "line"), pl, lossDatasets);
    setData(chart("chart-reserve", "line"), pl, [{ label: "reserve", data: periods.map((p) => (p.reserveEnding === null ? null : dollars(p.reserveEnding, d))), borderColor: "#9467bd", pointRadius: 0 }]);
  }

  function renderPeriods(s) {
    const d = decimalsOf(s);
    const head = `<tr><th>Period</th><th>Pool end</th><th>Loans</th><th>CPR 1m / life</th><th>CDR 1m / life</th>${s.classes.map((c) => `<th>${esc(c.symbol)} interest</th><th>${esc(c.symbol)} principal</th><th>${esc(c.symbol)} loss</th>`).join("")}<th>Cum. loss</th><th>Reserve</th><th>Record date</th></tr>`;
    const rows = [...s.periods].reverse().map((p) => `<tr data-period="${p.period}"><td>${p.period}${p.executed ? "" : " (awaiting execution)"}</td><td>${usd(p.endingBalance, d)}</td><td>${p.loanCount}</td>
      <td>${pct(p.cpr1m)} / ${pct(p.cprLife)}</td><td>${pct(p.cdr1m)} / ${pct(p.cdrLife)}</td>
      ${p.classes.map((c) => `<td>${usd(c.interest, d)}</td><td>${usd(c.principal, d)}</td><td>${usd(c.loss, d)}</td>`).join("")}
      <td>${p.cumulativeLoss === null ? "–" : usd(p.cumulativeLoss, d)}</td><td>${p.reserveEnding === null ? "–" : usd(p.reserveEnding, d)}</td><td class="record-date" title="${p.recordDate === null ? "no record date marked" : `marked ${dateText(p.recordDate.markedAt)}`}">${p.recordDate === null ? "–" : dateText(p.recordDate.date)}</td></tr>`);
    $("periods").innerHTML = head + (rows.join("") || `<tr><td colspan="99">no servicer report yet</td></tr>`);
  }

  function renderMarket(s) {
    const d = decimalsOf(s);
    const price = (p) => (Number(p) / 1e8).toFixed(4);
    $("book").innerHTML = s.book.length === 0 ? "<p>no open orders</p>" : s.book.map((b) => `<h3>${esc(b.symbol)} <small>${short(b.venue)}</small></h3><div class="book" data-symbol="${esc(b.symbol)}">
      <table><tr><th>Bid</th><th>Face</th><th>Orders</th></tr>${b.bids.map((l) => `<tr class="bid"><td>${price(l.price)}</td><td>${usd(l.amount, d)}</td><td>${l.orders}</td></tr>`).join("")}</table>
      <table><tr><th>Ask</th><th>Face</th><th>Orders</th></tr>${b.asks.map((l) => `<tr class="ask"><td>${price(l.price)}</td><td>${usd(l.amount, d)}</td><td>${l.orders}</td></tr>`).join("")}</table></div>`).join("");
    $("trade-count").textContent = `(${s.tradeCount} in all)`;
    $("trades").innerHTML = `<tr><th>Block</th><th>Class</th><th>Seller</th><th>Buyer</th><th>Amount</th><th>Price</th><th>Principal</th><th>Accrued</th></tr>` +
      (s.trades.map((t) => `<tr class="trade" data-tx="${t.tx}"><td>${t.block}</td><td>${esc(t.symbol)}</td><td title="${t.seller}">${short(t.seller)}</td><td title="${t.buyer}">${short(t.buyer)}</td><td>${usd(t.amount, d)}</td><td>${price(t.price)}</td><td>${usd(t.principal, d)}</td><td>${usd(t.accrued, d)}</td></tr>`).join("") || `<tr><td colspan="8">no trades yet</td></tr>`);
  }

  function renderAlerts(s) {
    $("alerts").innerHTML = s.alerts.length === 0 ? `<li class="none">no alerts: no trigger tripped, no delinquency jump, no reconciliation warning, no refused trade</li>` :
      [...s.alerts].reverse().map((a) => `<li class="${a.level}">block ${a.block}: ${esc(a.text)}</li>`).join("");
  }

  async function renderInvestor() {
    if (!investorAddress || !snapshot) return;
    const d = decimalsOf(snapshot);
    const res = await fetch(`/api/investor?address=${encodeURIComponent(investorAddress)}`);
    const body = await res.json();
    if (!res.ok) { $("investor").innerHTML = `<p class="error">${esc(body.error)}</p>`; return; }
    $("investor").innerHTML = `<table id="holdings"><tr><th>Class</th><th>Original face</th><th>Current face</th><th>Locked in escrow</th><th>Cash claimable</th></tr>
      ${body.holdings.map((h) => `<tr><td>${esc(h.symbol)}</td><td>${usd(h.originalFace, d)}</td><td>${usd(h.currentFace, d)}</td><td>${usd(h.locked, d)}</td><td>${usd(h.claimable, d)}</td></tr>`).join("")}</table>
      <h3>History</h3><div class="scroll"><table id="investor-history"><tr><th>Block</th><th>Class</th><th>What</th><th>Amount</th><th>Detail</th></tr>
      ${body.history.map((h) => `<tr><td>${h.block}</td><td>${esc(h.symbol)}</td><td>${esc(h.kind)}</td><td>${usd(h.amount, d)}</td><td>${esc(h.detail)}</td></tr>`).join("") || `<tr><td colspan="5">nothing yet</td></tr>`}</table></div>`;
  }

  let analyticsRequest = 0;
  let lastAnalyticsPeriods = "";
  let analytics = null;
  /** Prices per 100 the reader typed in, by class (the rest: last trade, else par). */
  const userPrices = {};
  async function renderAnalytics() {
    if (!snapshot) return;
    const params = new URLSearchParams();
    const speed = $("whatif-speed").value.trim();
    if (speed !== "") params.set($("whatif-speed-kind").value, speed);
    for (const key of ["cdr", "severity"]) {
      const v = $(`whatif-${key}`).value.trim();
      if (v !== "") params.set(key, v);
    }
    for (const [id, price] of Object.entries(userPrices)) params.set(`price.${id}`, price);
    const mine = ++analyticsRequest;
    const res = await fetch(`/api/analytics?${params}`);
    const body = await res.json();
    if (mine !== analyticsRequest) return;
    if (!res.ok) { $("analytics").innerHTML = `<p class="error">${esc(body.error)}</p>`; return; }
    analytics = body;
    const a = body.assumptions;
    const o = body.observed;
    const speedText = a.speed.kind === "cpr" ? `CPR ${pct(a.speed.cpr)}` : `${a.speed.psa} PSA`;
    const tag = (isDefault) => (isDefault ? " (observed)" : "");
    $("whatif-speed").placeholder = $("whatif-speed-kind").value === "cpr" ? (o.cpr * 100).toFixed(2) : "";
    $("whatif-cdr").placeholder = (o.cdr * 100).toFixed(2);
    $("whatif-severity").placeholder = ((o.severity === null ? 0.35 : o.severity) * 100).toFixed(1);
    const ev = body.projection.events;
    const events = [
      ev.lossTrigger !== null ? `cumulative loss trigger trips in period ${ev.lossTrigger}` : "",
      ev.delinquencyTrigger !== null ? `delinquency trigger trips in period ${ev.delinquencyTrigger}` : "",
      ev.cleanUpCall !== null ? `clean-up call in period ${ev.cleanUpCall}` : "",
    ].filter((x) => x !== "");
    $("analytics").innerHTML = `<p id="assumptions" data-speed="${esc(speedText)}">At ${speedText}${tag(body.defaults.cpr)}, CDR ${pct(a.cdr)}${tag(body.defaults.cdr)}, severity ${pct(a.severity, 1)}${body.defaults.severity ? (o.severity === null ? " (assumed: no liquidation yet)" : " (observed)") : ""}; observed through period ${o.period}: life CPR ${pct(o.cpr)}, CDR ${pct(o.cdr)}.
      Collateral gross WAC ${pct(body.wac, 3)}, ${body.wamMonths} months remaining (inferred from the latest report); projected from block ${body.block}, ${body.projection.periods.length} months.
      ${events.length > 0 ? `<strong>Projected: ${esc(events.join("; "))}.</strong>` : "No trigger trips in the projection."}</p>
      <table id="indicative"><tr><th>Class</th><th>Current balance</th><th>Price per 100 (editable)</th><th>Yield</th><th>WAL (years)</th><th>Principal loss</th><th></th></tr>
      ${body.rows.map((r) => `<tr data-class="${esc(r.classId)}" data-wal="${r.wal === null ? "" : r.wal}"><td>${esc(r.classId)}</td><td>$${r.balance.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}</td><td><input class="price" data-class="${esc(r.classId)}" size="9" inputmode="decimal" aria-label="price of ${esc(r.classId)} per 100" value="${r.price === null ? "" : r.price.toFixed(4)}"></td><td>${r.yield === null ? "–" : pct(r.yield, 3)}</td><td>${r.wal === null ? "–" : r.wal.toFixed(2)}</td><td>${pct(r.loss)}</td><td>${esc(r.note || "")}</td></tr>`).join("")}</table>`;
    const select = $("projection-target");
    const wanted = ["pool", ...body.projection.classes.map((c) => c.id)];
    if ([...select.options].map((o) => o.value).join("|") !== wanted.join("|")) {
      const chosen = select.value;
      select.innerHTML = wanted.map((v) => `<option value="${esc(v)}">${v === "pool" ? "the pool" : `class ${esc(v)}`}</option>`).join("");
      select.value = wanted.includes(chosen) ? chosen : "pool";
    }
    renderProjection();
    // For the benchmark: when the first projection reached the screen (the page is then complete).
    if (window.__projected === undefined) { window.__projected = 0; requestAnimationFrame(() => { window.__projected = Date.now(); }); }
  }

  // The projected flows of the pool or one class: stacked monthly bars, balance on the right axis.
  function renderProjection() {
    if (!analytics) return;
    const p = analytics.projection;
    const target = $("projection-target").value;
    const c = chart("chart-projection", "bar", {
      scales: { x: { stacked: true }, y: { stacked: true, title: { display: true, text: "$ per month" } }, balance: { position: "right", grid: { drawOnChartArea: false }, title: { display: true, text: "balance $" } } },
    });
    const line = (label, data, color) => ({ type: "line", label, data, borderColor: color, backgroundColor: color, pointRadius: 0, yAxisID: "balance", borderWidth: 2 });
    const bar = (label, data, color) => ({ label, data, backgroundColor: color, stack: "flows" });
    let datasets;
    if (target === "pool") {
      datasets = [
        bar("interest", p.pool.interest, "#1f77b4"),
        bar("scheduled principal", p.pool.scheduledPrincipal, "#2ca02c"),
        bar("prepaid principal", p.pool.prepaidPrincipal, "#98df8a"),
        bar("liquidation proceeds", p.pool.liquidationProceeds, "#ff7f0e"),
        bar("losses", p.pool.losses, "#d62728"),
        line("pool balance", p.pool.balance, "#14213d"),
      ];
    } else {
      const k = p.classes.find((x) => x.id === target) || p.classes[0];
      datasets = [
        bar("interest", k.interest, "#1f77b4"),
        bar("principal", k.principal, "#2ca02c"),
        bar("losses", k.loss, "#d62728"),
        line(`${k.id} balance`, k.balance, "#14213d"),
      ];
    }
    const row = analytics.rows.find((r) => r.classId === target);
    $("projection-caption").textContent = row && row.wal !== null ? `· WAL ${row.wal.toFixed(2)} years` : "";
    const canvas = $("chart-projection");
    canvas.dataset.target = target;
    canvas.dataset.months = String(p.periods.length);
    setData(c, p.periods.map(String), datasets);
  }

  function render(s) {
    snapshot = s;
    $("pool-name").textContent = `${s.pool.dealId} — ${s.pool.name}`;
    $("pool-meta").textContent = `pool ${short(s.pool.address)} · chain ${s.chainId} · ${s.pool.loanCount} loans at cut-off`;
    $("block").textContent = String(s.block);
    document.body.dataset.version = String(s.version);
    document.body.dataset.block = String(s.block);
    renderClasses(s);
    renderCharts(s);
    renderPeriods(s);
    renderMarket(s);
    renderAlerts(s);
    void renderInvestor();
    // The projection moves with balances and speeds: redo it when a period was executed.
    // (and the last trade prices it defaults to) when a period was executed or a trade printed.
    const key = `${s.periods.filter((p) => p.executed).length}/${s.tradeCount}`;
    if (key !== lastAnalyticsPeriods) { lastAnalyticsPeriods = key; void renderAnalytics(); }
    // For the benchmark: when this block's snapshot reached the screen (the frame after the DOM update).
    window.__rendered = window.__rendered || [];
    requestAnimationFrame(() => window.__rendered.push({ block: s.block, at: Date.now() }));
  }

  function setStatus(status, error) {
    const el = $("status");
    el.textContent = status === "live" ? "live" : `reconnecting to the node… ${error || ""}`;
    el.className = `status ${status}`;
  }

  $("loan-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const id = $("loan-id").value.trim();
    $("loan").innerHTML = "<p>rebuilding the loan's lines from the servicer files and checking each proof…</p>";
    const res = await fetch(`/api/loan?id=${encodeURIComponent(id)}`);
    const body = await res.json();
    if (!res.ok) { $("loan").innerHTML = `<p class="error">${esc(body.error)}</p>`; return; }
    const cents = (c) => usd(String(c), 2);
    $("loan").innerHTML = `<table id="loan-lines"><tr><th>Period</th><th>Month</th><th>Status</th><th>Missed</th><th>Beginning UPB</th><th>Ending UPB</th><th>Principal</th><th>Interest</th><th>Loss</th><th>Proof</th></tr>
      ${body.lines.map((l) => `<tr data-period="${l.period}"><td>${l.period}</td><td>${esc(l.reportingMonth)}</td><td>${esc(l.status)}</td><td>${l.delinquentMonths}</td><td>${cents(l.beginningUpbCents)}</td><td>${cents(l.endingUpbCents)}</td><td>${cents(l.principalCents)}</td><td>${cents(l.interestCents)}</td><td>${cents(l.realizedLossCents)}</td>
        <td class="${l.verified ? "verified" : "error"}" title="root ${l.root}, on chain ${l.chainRoot ?? "none"}">${l.verified ? `verified (${l.proofLength} hashes)` : "NOT VERIFIED"}</td></tr>`).join("") || `<tr><td colspan="10">no executed period yet</td></tr>`}</table>`;
  });

  $("whatif-form").addEventListener("submit", (e) => {
    e.preventDefault();
    void renderAnalytics();
  });
  $("analytics").addEventListener("change", (e) => {
    const input = e.target;
    if (!input.classList || !input.classList.contains("price")) return;
    const value = input.value.trim();
    if (value === "") delete userPrices[input.dataset.class];
    else userPrices[input.dataset.class] = value;
    void renderAnalytics();
  });
  $("whatif-reset").addEventListener("click", () => {
    for (const id of Object.keys(userPrices)) delete userPrices[id];
    for (const id of ["whatif-speed", "whatif-cdr", "whatif-severity"]) $(id).value = "";
    $("whatif-speed-kind").value = "cpr";
    void renderAnalytics();
  });
  $("whatif-speed-kind").addEventListener("change", () => {
    $("whatif-speed").value = "";
    $("whatif-speed").placeholder = "";
  });
  $("projection-target").addEventListener("change", renderProjection);

  $("investor-form").addEventListener("submit", (e) => {
    e.preventDefault();
    investorAddress = $("investor-address").value.trim();
    void renderInvestor();
  });

  const events = new EventSource("/api/events");
  events.addEventListener("snapshot", (e) => render(JSON.parse(e.data)));
  events.addEventListener("status", (e) => { const s = JSON.parse(e.data); setStatus(s.status, s.error); });
  events.onerror = () => setStatus("reconnecting", "(dashboard server)");
})();
