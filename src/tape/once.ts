/**
 * A file read as a stream exactly once: rows come in batches (one per read chunk) or one by one,
 * and a summary of the whole file exists only after the last batch. The tape readers and the
 * servicer-file readers share this shape; each supplies `read()`.
 */
import { stat } from "node:fs/promises";
import { InvalidInputError, MbsError } from "../errors.js";

export abstract class ReadOnceStream<Row, Summary> implements AsyncIterable<Row> {
  private result: Summary | undefined;
  private started = false;

  /** @param what how errors name the file ("tape", "remittance file"). */
  protected constructor(
    readonly file: string,
    private readonly what: string,
  ) {}

  /** Available once the stream has been read to the end without error. */
  get summary(): Summary {
    if (this.result === undefined) throw new MbsError(`the ${this.what} summary exists only after the whole ${this.what} was read`, { file: this.file });
    return this.result;
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<Row, void, undefined> {
    for await (const batch of this.batches()) yield* batch;
  }

  /** Rows in batches (one per read chunk), for consumers that loop synchronously. */
  async *batches(): AsyncGenerator<Row[], Summary, undefined> {
    if (this.started) throw new MbsError(`a ${this.what} stream can be read only once`, { file: this.file });
    this.started = true;
    this.result = yield* this.read();
    return this.result;
  }

  /** One pass over the file: yields batches of valid rows, returns the summary or throws. */
  protected abstract read(): AsyncGenerator<Row[], Summary, undefined>;
}

/**
 * Size in bytes of the file a stream is about to read, or an InvalidInputError naming it
 * (`what`: "tape file", "remittance file") when it is missing, unreadable or not a regular file.
 */
export async function fileSize(file: string, what: string): Promise<number> {
  try {
    const s = await stat(file);
    if (!s.isFile()) throw new InvalidInputError(file, "not a regular file");
    return s.size;
  } catch (e) {
    if (e instanceof InvalidInputError) throw e;
    throw new InvalidInputError(file, `cannot read the ${what} (missing or not accessible)`, { cause: String(e) });
  }
}
