/**
 * Where JSON text stops being valid. Node 22's JSON.parse errors often carry no position
 * ("Unexpected token ',', …"), and a rule-file error must say which line; this scanner follows
 * the RFC 8259 grammar just far enough to find the offset of the first offending character.
 * Only called after JSON.parse has failed.
 */
export function firstJsonErrorOffset(text: string): number {
  let i = 0;
  const ws = () => {
    while (i < text.length && " \t\r\n".includes(text[i]!)) i++;
  };
  const fail = (): never => {
    throw i;
  };
  const literal = (word: string) => (text.startsWith(word, i) ? (i += word.length) : fail());
  const string = () => {
    i++; // opening quote
    while (i < text.length && text[i] !== '"') {
      if (text.charCodeAt(i) < 0x20) fail();
      i += text[i] === "\\" ? 2 : 1;
    }
    if (i >= text.length) fail();
    i++;
  };
  const number = () => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (m === null) fail();
    i += m![0].length;
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === "{") {
      i++;
      ws();
      if (text[i] === "}") return void i++;
      for (;;) {
        ws();
        if (text[i] !== '"') fail();
        string();
        ws();
        if (text[i] !== ":") fail();
        i++;
        value();
        ws();
        if (text[i] === ",") i++;
        else if (text[i] === "}") return void i++;
        else fail();
      }
    }
    if (c === "[") {
      i++;
      ws();
      if (text[i] === "]") return void i++;
      for (;;) {
        value();
        ws();
        if (text[i] === ",") i++;
        else if (text[i] === "]") return void i++;
        else fail();
      }
    }
    if (c === '"') return string();
    if (c === "t") return void literal("true");
    if (c === "f") return void literal("false");
    if (c === "n") return void literal("null");
    return number();
  };
  try {
    value();
    ws();
    return i < text.length ? i : -1;
  } catch (offset) {
    return offset as number;
  }
}

/** A key that appears twice in one JSON object: JSON.parse keeps the last silently. */
export interface DuplicateJsonKey {
  /** Dotted path of the object holding the key ("" for the top level, "tranches[1]" …). */
  path: string;
  key: string;
  /** 1-based lines of the first and the repeated occurrence. */
  firstLine: number;
  line: number;
}

/**
 * Every key repeated within one object of `text`, in order of appearance. For text JSON.parse
 * accepted: JSON allows duplicates and keeps the last, so a file that sets a limit twice would
 * silently take the second; configuration files must say which they mean.
 */
export function duplicateJsonKeys(text: string): DuplicateJsonKey[] {
  const found: DuplicateJsonKey[] = [];
  let i = 0;
  let line = 1;
  const ws = () => {
    for (; i < text.length; i++) {
      const c = text[i]!;
      if (c === "\n") line++;
      else if (c !== " " && c !== "\t" && c !== "\r") return;
    }
  };
  const string = (): string => {
    const start = i;
    i++;
    while (i < text.length && text[i] !== '"') i += text[i] === "\\" ? 2 : 1;
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const scalar = () => {
    while (i < text.length && !",]} \t\r\n".includes(text[i]!)) i++;
  };
  const value = (path: string): void => {
    ws();
    const c = text[i];
    if (c === "{") {
      i++;
      const seen = new Map<string, number>();
      for (;;) {
        ws();
        if (text[i] === "}") return void i++;
        if (text[i] === ",") {
          i++;
          continue;
        }
        const keyLine = line;
        const key = string();
        const first = seen.get(key);
        if (first !== undefined) found.push({ path, key, firstLine: first, line: keyLine });
        else seen.set(key, keyLine);
        ws();
        i++; // ':'
        value(path === "" ? key : `${path}.${key}`);
      }
    }
    if (c === "[") {
      i++;
      for (let k = 0; ; ) {
        ws();
        if (text[i] === "]") return void i++;
        if (text[i] === ",") {
          i++;
          k++;
          continue;
        }
        value(`${path}[${k}]`);
      }
    }
    if (c === '"') return void string();
    scalar();
  };
  value("");
  return found;
}
