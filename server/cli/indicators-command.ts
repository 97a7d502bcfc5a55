import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { extractIndicators } from '../modules/indicators/extract';

/** Options of `qinglang indicators extract`. */
export interface IndicatorsExtractOptions {
  /** Read one JSON object `{"text": "..."}` per line and answer one line per object, instead of reading all input as one text. */
  jsonl: boolean;
}

/**
 * `qinglang indicators extract`: prints the indicators found in text read from `input`.
 *
 * Without `jsonl`, all of `input` is one text (UTF-8) and the answer is one JSON document
 * `{"indicators":[{type,value,start,end}...]}` and a newline; offsets are UTF-16 offsets into that text.
 *
 * With `jsonl`, every line is a JSON object with a string `text`, and every such line gets one output
 * line `{"indicators":[...]}`, in order, written as it is read, so arbitrarily long inputs stream
 * through. Blank lines are skipped. A malformed line gets `{"error":"<reason>","line":N}` (N counts input
 * lines from 1, blank ones included) and processing goes on; the exit code is then 1.
 *
 * @returns the process exit code: 0, or 1 when a JSONL line was malformed.
 */
export async function runIndicatorsExtract(
  options: IndicatorsExtractOptions,
  input: NodeJS.ReadableStream,
  output: NodeJS.WritableStream,
): Promise<number> {
  if (!options.jsonl) {
    await writeLine(output, JSON.stringify({ indicators: extractIndicators(await readAll(input)) }));
    return 0;
  }
  let exitCode = 0;
  let lineNumber = 0;
  const lines = createInterface({ input, crlfDelay: Infinity });
  for await (const line of lines) {
    lineNumber++;
    if (line.trim() === '') continue;
    const text = textOf(line);
    if (typeof text === 'string') {
      await writeLine(output, JSON.stringify({ indicators: extractIndicators(text) }));
    } else {
      exitCode = 1;
      await writeLine(output, JSON.stringify({ error: text.error, line: lineNumber }));
    }
  }
  return exitCode;
}

/** The `text` of one JSONL line, or why the line is not usable. */
function textOf(line: string): string | { error: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch (error) {
    return { error: `invalid JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    return { error: 'expected a JSON object with a string "text"' };
  const { text } = parsed as { text?: unknown };
  return typeof text === 'string' ? text : { error: 'expected "text" to be a string' };
}

/** All of a stream as UTF-8 text, decoded once at the end so no character is split between chunks. */
async function readAll(input: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of input) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8');
}

/** Writes one line, waiting when the stream asks the writer to slow down. */
async function writeLine(output: NodeJS.WritableStream, line: string): Promise<void> {
  if (!output.write(`${line}\n`)) await once(output, 'drain');
}
