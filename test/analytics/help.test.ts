import { expect } from "chai";
import { ANALYTICS_OPTIONS, DEAL_BALANCE, analyticsTasks } from "../../src/tasks/analytics.js";
import { scenarioTasks } from "../../src/tasks/scenarios.js";

interface OptionDefinition { name: string; description: string }
interface Definition { id: string[]; description: string; options: Record<string, OptionDefinition> }

const tasks = [...analyticsTasks, ...scenarioTasks] as unknown as Definition[];
const vocabulary = ANALYTICS_OPTIONS as Record<string, string>;

/** Options whose list form in `mbs scenarios` describes the same concept as a list. */
const LIST_FORMS = new Set(["psa", "cpr", "smm", "abs", "hep", "mhp", "ppc", "sda", "cdr", "mdr"]);

describe("--help of the analytics commands reads as one vocabulary", () => {
  it("describes every shared option with the vocabulary's words, unit and default", () => {
    const mismatches: string[] = [];
    for (const t of tasks) {
      for (const [name, o] of Object.entries(t.options)) {
        if (!(name in vocabulary)) continue;
        if (name === "balance" && o.description === DEAL_BALANCE) continue;
        if (t.id[1] === "scenarios" && LIST_FORMS.has(name)) continue;
        if (name === "mortgageRate" && o.description.startsWith(vocabulary.mortgageRate as string)) continue;
        if (o.description !== vocabulary[name]) mismatches.push(`mbs ${t.id[1]} --${name}: ${o.description}`);
      }
    }
    expect(mismatches).to.deep.equal([]);
  });

  it("states a unit or a choice in every numeric option's description", () => {
    const missing: string[] = [];
    for (const t of tasks) {
      for (const [name, o] of Object.entries(t.options)) {
        if (["json", "advance", "reproject", "deal", "class", "file", "pools", "vector", "defaultVector", "seed", "paths", "settle", "tape", "format"].includes(name)) continue;
        if (!/%|bp|months|days|currency units|per 100|per year|YYYY|cpr|years/.test(o.description)) missing.push(`mbs ${t.id[1]} --${name}: ${o.description}`);
      }
    }
    expect(missing).to.deep.equal([]);
  });

  it("uses one name per concept: --net for the pass-through rate, --settle, --delay, --zero-rate for oas", () => {
    const names = new Set(tasks.flatMap((t) => Object.keys(t.options)));
    for (const retired of ["rate", "settlement", "curveZero"]) expect(names.has(retired), retired).to.equal(false);
    for (const t of tasks) {
      if ("settle" in t.options) expect(t.options, `mbs ${t.id[1]}`).to.have.property("delay");
      if ("wac" in t.options && t.id[1] !== "speed") expect(t.options, `mbs ${t.id[1]}`).to.have.property("net");
    }
  });
});
