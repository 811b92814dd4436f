import { isProblem } from '../core/findings.js';
import { oneLine } from '../core/present/index.js';
import type { ScanResult } from '../pipeline/scan.js';

/**
 * The rows of a scan's table: a row per service (`ok (N not checked)` when N checks could
 * not be made), then a row per cluster (`prod-x/*`) or service that could not be read, with why.
 */
export function scanRows({ services, unread }: ScanResult): string[][] {
  return [
    ...services.map((r) => {
      const notChecked = r.findings.filter((f) => f.id === 'not-checked').length;
      return [
        `${r.cluster}/${r.service}`,
        r.wouldFail ? 'would fail' : notChecked > 0 ? `ok (${notChecked} not checked)` : 'ok',
        [...new Set(r.findings.filter(isProblem).map((f) => f.id))].join(', ') || '-',
      ];
    }),
    ...unread.map((u) => [`${u.cluster}/${u.service ?? '*'}`, 'not read', oneLine(u.why, 200)]),
  ];
}

/** The header and the rows in columns two spaces apart (the last column as wide as it is). */
export function tableLines(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [header, ...rows].map(line);
}

/** "2 clusters and 1 service": what could not be read, or nothing. */
export function notReadCounts(unread: ScanResult['unread']): string[] {
  const clusters = unread.filter((u) => u.service === undefined).length;
  const services = unread.length - clusters;
  return [
    ...(clusters > 0 ? [`${clusters} cluster${clusters === 1 ? '' : 's'}`] : []),
    ...(services > 0 ? [`${services} service${services === 1 ? '' : 's'}`] : []),
  ];
}
