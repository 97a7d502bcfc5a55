import { PassThrough, Readable, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runIndicatorsExtract } from './indicators-command';

/** Runs the command on the given input chunks and returns its exit code and output lines. */
async function run(jsonl: boolean, chunks: (string | Buffer)[]): Promise<{ code: number; lines: string[] }> {
  const output = new PassThrough();
  let written = '';
  output.on('data', (chunk: Buffer) => {
    written += chunk.toString('utf8');
  });
  const code = await runIndicatorsExtract({ jsonl }, Readable.from(chunks), output);
  output.end();
  expect(written.endsWith('\n')).toBe(true);
  return { code, lines: written.slice(0, -1).split('\n') };
}

describe('runIndicatorsExtract, whole input', () => {
  it('writes one JSON document with the indicators of all of the input', async () => {
    const { code, lines } = await run(false, ['联系微信：abc_123456，', '电话 138 1234 5678']);
    expect(code).toBe(0);
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? '')).toEqual({
      indicators: [
        { type: 'wechat', value: 'abc_123456', start: 5, end: 15 },
        { type: 'phone', value: '+8613812345678', start: 19, end: 32 },
      ],
    });
  });

  it('decodes UTF-8 split across chunks', async () => {
    const bytes = Buffer.from('微信：abc_123456', 'utf8');
    const { lines } = await run(false, [bytes.subarray(0, 1), bytes.subarray(1, 4), bytes.subarray(4)]);
    expect(JSON.parse(lines[0] ?? '')).toEqual({ indicators: [{ type: 'wechat', value: 'abc_123456', start: 3, end: 13 }] });
  });

  it('answers an empty list for empty input', async () => {
    const { code, lines } = await run(false, []);
    expect(code).toBe(0);
    expect(lines).toEqual(['{"indicators":[]}']);
  });
});

describe('runIndicatorsExtract --jsonl', () => {
  it('answers one line per input line, in order, skipping blank lines', async () => {
    const input = [
      JSON.stringify({ text: 'QQ：12345678' }),
      '',
      '   ',
      JSON.stringify({ text: '没有特征', id: 7 }),
      JSON.stringify({ text: '京ICP备12345678号-1' }),
    ].join('\n');
    const { code, lines } = await run(true, [input]);
    expect(code).toBe(0);
    expect(lines.map((line) => JSON.parse(line) as unknown)).toEqual([
      { indicators: [{ type: 'qq', value: '12345678', start: 3, end: 11 }] },
      { indicators: [] },
      { indicators: [{ type: 'icp', value: '京ICP备12345678号-1', start: 0, end: 16 }] },
    ]);
  });

  it('reports malformed lines with their line number, keeps going, and exits 1', async () => {
    const input = [
      JSON.stringify({ text: '13812345678' }),
      '{not json',
      JSON.stringify({ body: 'no text' }),
      '',
      JSON.stringify({ text: 42 }),
      '["text"]',
      'null',
      JSON.stringify({ text: 'a@b.com' }),
    ].join('\r\n');
    const { code, lines } = await run(true, [input]);
    expect(code).toBe(1);
    const answers = lines.map((line) => JSON.parse(line) as { indicators?: unknown[]; error?: string; line?: number });
    expect(answers).toHaveLength(7);
    expect(answers[0]).toEqual({ indicators: [{ type: 'phone', value: '+8613812345678', start: 0, end: 11 }] });
    expect(answers.slice(1, 6).map((answer) => answer.line)).toEqual([2, 3, 5, 6, 7]);
    for (const answer of answers.slice(1, 6)) {
      expect(Object.keys(answer).sort()).toEqual(['error', 'line']);
      expect(answer.error).toEqual(expect.any(String));
    }
    expect(answers[1]?.error).toMatch(/JSON/);
    expect(answers[6]).toEqual({ indicators: [{ type: 'email', value: 'a@b.com', start: 0, end: 7 }] });
  });

  it('handles a line split across chunks and a last line without a newline', async () => {
    const line = JSON.stringify({ text: '微信 abc_123456' });
    const { code, lines } = await run(true, [line.slice(0, 5), `${line.slice(5)}\n`, JSON.stringify({ text: '无' })]);
    expect(code).toBe(0);
    expect(lines).toEqual(['{"indicators":[{"type":"wechat","value":"abc_123456","start":3,"end":13}]}', '{"indicators":[]}']);
  });

  it('streams: answers a line before the rest of the input has arrived', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    const running = runIndicatorsExtract({ jsonl: true }, input, output);
    const firstLine = new Promise<string>((resolve) => {
      let buffered = '';
      output.on('data', (chunk: Buffer) => {
        buffered += chunk.toString('utf8');
        if (buffered.includes('\n')) resolve(buffered.slice(0, buffered.indexOf('\n')));
      });
    });
    input.write(`${JSON.stringify({ text: 'QQ 12345678' })}\n`);
    expect(await firstLine).toBe('{"indicators":[{"type":"qq","value":"12345678","start":3,"end":11}]}');
    input.end(`${JSON.stringify({ text: 'QQ 87654321' })}\n`);
    expect(await running).toBe(0);
  });

  it('waits for a slow output instead of buffering without bound', async () => {
    const received: string[] = [];
    const slow = new Writable({
      highWaterMark: 16,
      write(chunk: Buffer, _encoding, callback) {
        received.push(chunk.toString('utf8'));
        setTimeout(callback, 1);
      },
    });
    const input = Array.from({ length: 50 }, (_, i) => JSON.stringify({ text: `QQ ${10000 + i}` })).join('\n');
    const code = await runIndicatorsExtract({ jsonl: true }, Readable.from([input]), slow);
    expect(code).toBe(0);
    await new Promise<void>((resolve) => slow.end(resolve));
    const lines = received.join('').trimEnd().split('\n');
    expect(lines).toHaveLength(50);
    expect(JSON.parse(lines[49] ?? '')).toEqual({ indicators: [{ type: 'qq', value: '10049', start: 3, end: 8 }] });
  });
});
