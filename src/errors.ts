/**
 * Base class of every error this library throws on purpose. `message` is short and readable;
 * `details` carries the structured facts (file, line, field, value, reason …) a caller or a
 * test can inspect without parsing the message.
 */
export class MbsError extends Error {
  readonly details: Readonly<Record<string, unknown>>;

  constructor(message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = new.target.name;
    this.details = Object.freeze({ ...details });
  }
}

/** An input (argument, option, file) that cannot be used, with which input and why. */
export class InvalidInputError extends MbsError {
  constructor(
    readonly input: string,
    readonly reason: string,
    details: Record<string, unknown> = {},
  ) {
    super(`${input}: ${reason}`, { input, reason, ...details });
  }
}

/** One problem found at a place in a file: `file:line field=value: reason`. */
export interface LocatedIssue {
  file: string;
  /** 1-based line number; 0 when the problem concerns the whole file. */
  line: number;
  field?: string;
  value?: string;
  reason: string;
}

export function formatIssue(issue: LocatedIssue): string {
  const where = issue.line > 0 ? `${issue.file}:${issue.line}` : issue.file;
  const what = issue.field === undefined ? "" : ` ${issue.field}${issue.value === undefined ? "" : `=${JSON.stringify(issue.value)}`}`;
  return `${where}${what}: ${issue.reason}`;
}

/** A file that failed validation: every problem found (up to a limit), never a partial result. */
export class ValidationError extends MbsError {
  constructor(
    readonly file: string,
    readonly issues: readonly LocatedIssue[],
    readonly truncated = false,
  ) {
    const head = issues.slice(0, 20).map((i) => `  ${formatIssue(i)}`).join("\n");
    const more = issues.length > 20 ? `\n  … and ${issues.length - 20} more` : "";
    const cut = truncated ? " (stopped collecting at the limit)" : "";
    super(`${file}: ${issues.length} problem(s)${cut}\n${head}${more}`, { file, issues, truncated });
  }
}
