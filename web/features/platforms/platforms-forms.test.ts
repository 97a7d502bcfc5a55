import dayjs from 'dayjs';
import { describe, expect, it } from 'vitest';
import { receivedRange } from './received-within';
import { importSourceOf, rowCount, rowProblem } from './import-file';
import { toNewDeletionRequest } from './request-form';

describe('the deletion-request forms', () => {
  it('sends only the fields filled in, addresses one a line and the credit code in capitals', () => {
    expect(
      toNewDeletionRequest({
        requesterKind: 'agent',
        requesterName: ' 速删公关 ',
        requesterContact: '  ',
        principalName: '示例公司',
        principalUscc: '91330200ma2h4k7p3t',
        targetUrls: 'https://a.example.cn/1\n\n  https://a.example.cn/2 \n',
        reason: '请删除',
        money: '8000 元',
        contactChannel: 'phone',
      }),
    ).toEqual({
      contactChannel: 'phone',
      requesterKind: 'agent',
      requesterName: '速删公关',
      principalName: '示例公司',
      principalUscc: '91330200MA2H4K7P3T',
      targetUrls: ['https://a.example.cn/1', 'https://a.example.cn/2'],
      reason: '请删除',
      money: '8000 元',
    });
  });

  it('reads a JSON file as rows and anything else as CSV, and counts the rows', () => {
    expect(importSourceOf('a.json', '[{"requesterName":"x"}]')).toEqual({ rows: [{ requesterName: 'x' }] });
    expect(importSourceOf('a.JSON', '{"rows":[]}')).toBeNull();
    expect(importSourceOf('a.json', 'not json')).toBeNull();
    expect(importSourceOf('a.csv', 'h\n1\n')).toEqual({ csv: 'h\n1\n' });
    expect(rowCount({ csv: 'a,b\r\n1,2\r\n\r\n3,4\r\n' })).toBe(2);
    expect(rowCount({ csv: '' })).toBe(0);
    expect(rowCount({ rows: [{}, {}, {}] })).toBe(3);
  });

  it('names a server problem by row, counting from 1', () => {
    expect(rowProblem('rows.0.principalUscc')).toEqual({ row: 1, field: 'principalUscc' });
    expect(rowProblem('rows.12.targetUrls.3')).toEqual({ row: 13, field: 'targetUrls.3' });
    expect(rowProblem('rows')).toEqual({ row: null, field: 'rows' });
  });

  it('asks the server for the days chosen, as calendar days', () => {
    // The picker's day late in the evening is still that day: the server reads it in China Standard Time.
    const range: [dayjs.Dayjs, dayjs.Dayjs] = [dayjs('2026-03-01T23:30:00'), dayjs('2026-03-02T00:10:00')];
    expect(receivedRange(range)).toEqual({ receivedFrom: '2026-03-01', receivedTo: '2026-03-02' });
    expect(receivedRange(null)).toEqual({});
  });
});
