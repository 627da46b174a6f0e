/**
 * Stratification tables: the pool cut by one attribute per table, each row with count, UPB,
 * share of current UPB, WAC, WA FICO and WA LTV (current-UPB weighted, missing values left out).
 * Accumulated loan by loan like the pool stats.
 *
 * Bucket labels are intervals so that edges are unambiguous: FICO and note rate buckets include
 * their lower edge ("[620, 660)"); LTV and balance buckets include their upper edge
 * ("(75, 80]"), because 80 LTV and the conforming limit are the cut-offs people mean.
 */
import type { PoolLoan } from "./leaf.js";
import { OCCUPANCY_CODES, PROPERTY_TYPE_CODES, PURPOSE_CODES } from "./leaf.js";
import { WeightedField } from "./stats.js";

export const STRAT_DIMENSIONS = [
  "state",
  "noteRate",
  "fico",
  "ltv",
  "originalBalance",
  "purpose",
  "occupancy",
  "propertyType",
  "vintage",
] as const;
export type StratDimension = (typeof STRAT_DIMENSIONS)[number];

export interface StratRow {
  key: string;
  count: number;
  originalUpbCents: number;
  currentUpbCents: number;
  /** Share of the pool's current UPB, percent; null when the pool's current UPB is 0. */
  pctCurrentUpb: number | null;
  wacPct: number | null;
  waFico: number | null;
  waLtvPct: number | null;
}

export interface StratTable {
  dimension: StratDimension;
  rows: StratRow[];
}

export interface StratOptions {
  /** Note-rate bucket width, percent (default 0.5). */
  noteRateBucketPct?: number;
  /** FICO bucket lower edges (default 620, 660, 700, 740, 780). */
  ficoEdges?: readonly number[];
  /** LTV bucket upper edges, percent (default 60, 70, 75, 80, 85, 90, 95, 100). */
  ltvEdges?: readonly number[];
  /** Original balance bucket upper edges, dollars (default: the agency loan-balance tiers, then wider). */
  originalBalanceEdgesUsd?: readonly number[];
}

export const DEFAULT_STRAT_OPTIONS: Required<StratOptions> = {
  noteRateBucketPct: 0.5,
  ficoEdges: [620, 660, 700, 740, 780],
  ltvEdges: [60, 70, 75, 80, 85, 90, 95, 100],
  // 85k … 275k are the agency "low loan balance" specified-pool tiers buyers price separately.
  originalBalanceEdgesUsd: [85_000, 110_000, 125_000, 150_000, 175_000, 200_000, 225_000, 250_000, 275_000, 400_000, 600_000, 1_000_000],
};

export const MISSING_KEY = "(missing)";

/**
 * A row key and its sort position within the table. Cells belong to one table of one
 * accumulator, so each can remember its row: finding it costs no lookup by key per loan.
 */
interface Cell {
  key: string;
  order: number;
  row?: RowAccumulator;
}

const missingCell = (): Cell => ({ key: MISSING_KEY, order: Number.MAX_SAFE_INTEGER });

class RowAccumulator {
  count = 0;
  original = 0;
  current = 0;
  readonly rate = new WeightedField();
  readonly fico = new WeightedField();
  readonly ltv = new WeightedField();

  constructor(readonly cell: Cell) {}

  add(loan: PoolLoan): void {
    const w = loan.currentUpbCents;
    this.count++;
    this.original += loan.originalUpbCents;
    this.current += w;
    this.rate.add(loan.noteRatePct, w);
    this.fico.add(loan.fico, w);
    this.ltv.add(loan.ltvPct, w);
  }
}

function fmt(n: number, decimals = 0): string {
  return n.toLocaleString("en-US", { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

/**
 * A bucketing over ascending edges with its labels built once: `cell(value)` is a scan of a
 * dozen numbers, no string work per loan. `lower`: buckets [e(i-1), e(i)), `upper`: (e(i-1), e(i)].
 */
function buckets(edges: readonly number[], inclusive: "lower" | "upper", show: (n: number) => string): (value: number) => Cell {
  const cells: Cell[] = [];
  for (let b = 0; b <= edges.length; b++) {
    const lo = b === 0 ? undefined : show(edges[b - 1]!);
    const hi = b === edges.length ? undefined : show(edges[b]!);
    const key =
      inclusive === "lower"
        ? `${lo === undefined ? "(-∞" : `[${lo}`}, ${hi === undefined ? "∞" : hi})`
        : `${lo === undefined ? "[0" : `(${lo}`}, ${hi === undefined ? "∞)" : `${hi}]`}`;
    cells.push({ key, order: b });
  }
  return inclusive === "lower"
    ? (value) => {
        let b = 0;
        while (b < edges.length && value >= edges[b]!) b++;
        return cells[b]!;
      }
    : (value) => {
        let b = 0;
        while (b < edges.length && value > edges[b]!) b++;
        return cells[b]!;
      };
}

function categorical(order: Readonly<Record<string, number>>): (value: string | undefined) => Cell {
  const cells = new Map<string, Cell>(Object.entries(order).map(([key, code]) => [key, { key, order: code }]));
  const missing = missingCell();
  return (value) => (value === undefined ? missing : (cells.get(value) ?? { key: value, order: 0 }));
}

/** Memoises one Cell per distinct key (states, vintages, rate buckets: a few dozen each). */
function memo<K>(make: (k: K) => Cell): (k: K) => Cell {
  const cache = new Map<K, Cell>();
  return (k) => {
    let cell = cache.get(k);
    if (cell === undefined) cache.set(k, (cell = make(k)));
    return cell;
  };
}

function cellFunctions(o: Required<StratOptions>): Record<StratDimension, (loan: PoolLoan) => Cell> {
  const widthMilli = Math.round(o.noteRateBucketPct * 1000);
  const rate = memo((lo: number) => ({ key: `[${(lo / 1000).toFixed(3)}, ${((lo + widthMilli) / 1000).toFixed(3)})`, order: lo }));
  const state = memo((s: string) => ({ key: s, order: 0 }));
  const vintage = memo((year: string) => ({ key: year, order: Number(year) }));
  // Memoised on the whole date too, so a loan costs one lookup and makes no new string.
  const vintageOfDate = memo((date: string) => vintage(date.slice(0, 4)));
  const fico = buckets(o.ficoEdges, "lower", String);
  const ltv = buckets(o.ltvEdges, "upper", String);
  const balance = buckets(
    o.originalBalanceEdgesUsd.map((d) => d * 100),
    "upper",
    (c) => `$${fmt(c / 100)}`,
  );
  const purpose = categorical(PURPOSE_CODES);
  const occupancy = categorical(OCCUPANCY_CODES);
  const propertyType = categorical(PROPERTY_TYPE_CODES);
  const missing = { state: missingCell(), fico: missingCell(), ltv: missingCell() };
  return {
    state: (l) => (l.state === undefined ? missing.state : state(l.state)),
    // On integer thousandths of a percent, so 7.5 lands in [7.500, 8.000) without float doubt.
    noteRate: (l) => rate(Math.floor(Math.round(l.noteRatePct * 1000) / widthMilli) * widthMilli),
    fico: (l) => (l.fico === undefined ? missing.fico : fico(l.fico)),
    ltv: (l) => (l.ltvPct === undefined ? missing.ltv : ltv(l.ltvPct)),
    originalBalance: (l) => balance(l.originalUpbCents),
    purpose: (l) => purpose(l.purpose),
    occupancy: (l) => occupancy(l.occupancy),
    propertyType: (l) => propertyType(l.propertyType),
    vintage: (l) => vintageOfDate(l.firstPaymentDate),
  };
}

/** One table being accumulated: how a loan finds its row, and the rows by key. */
interface DimensionTable {
  cell: (loan: PoolLoan) => Cell;
  rows: Map<string, RowAccumulator>;
}

export class StratAccumulator {
  /** In STRAT_DIMENSIONS order; an array rather than a record so `add` loops by index (hot path). */
  private readonly tables: DimensionTable[];
  private poolCurrent = 0;

  constructor(options: StratOptions = {}) {
    const cells = cellFunctions({ ...DEFAULT_STRAT_OPTIONS, ...options });
    this.tables = STRAT_DIMENSIONS.map((d) => ({ cell: cells[d], rows: new Map() }));
  }

  add(loan: PoolLoan): void {
    this.poolCurrent += loan.currentUpbCents;
    const tables = this.tables;
    for (let d = 0; d < tables.length; d++) {
      const table = tables[d]!;
      const cell = table.cell(loan);
      let row = cell.row;
      if (row === undefined) {
        row = table.rows.get(cell.key);
        if (row === undefined) table.rows.set(cell.key, (row = new RowAccumulator(cell)));
        cell.row = row;
      }
      row.add(loan);
    }
  }

  result(): StratTable[] {
    return STRAT_DIMENSIONS.map((dimension, d) => {
      const accs = [...this.tables[d]!.rows.values()];
      // States are listed largest first (what a reader scans for); other tables in bucket order.
      accs.sort((a, b) =>
        dimension === "state" && a.cell.order === b.cell.order
          ? b.current - a.current || (a.cell.key < b.cell.key ? -1 : 1)
          : a.cell.order - b.cell.order || (a.cell.key < b.cell.key ? -1 : 1),
      );
      return {
        dimension,
        rows: accs.map((r) => ({
          key: r.cell.key,
          count: r.count,
          originalUpbCents: r.original,
          currentUpbCents: r.current,
          pctCurrentUpb: this.poolCurrent > 0 ? (100 * r.current) / this.poolCurrent : null,
          wacPct: r.rate.average,
          waFico: r.fico.average,
          waLtvPct: r.ltv.average,
        })),
      };
    });
  }
}
