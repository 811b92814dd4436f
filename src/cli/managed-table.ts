import type { LeftBehindFacts, ManagedItem } from '../core/left-behind.js';
import { leftBehindItems, totalMonthlyUsd } from '../core/left-behind-items.js';
import { MANAGED_TAG } from '../core/opt-in.js';
import { oneLine } from '../core/present/index.js';
import { COST_ASSUMPTION, INTERFACE_ENDPOINT_USD_PER_AZ_HOUR } from '../core/prices.js';
import { terminalSafe } from './output.js';
import { tableLines } from './scan-table.js';

/** The table's columns; every cell is one safe line (tag values are anyone's text). */
export const MANAGED_HEADER = ['ID', 'WHAT', 'VPC', 'INCIDENT', 'CLUSTER', '$/MONTH', 'IN USE'] as const;

/** The prices the total is made of, in short (COST_ASSUMPTION in the JSON document says it all). */
const PRICES = `us-east-1 list prices: an interface endpoint $${INTERFACE_ENDPOINT_USD_PER_AZ_HOUR} per Availability Zone-hour, data processed not included; gateway endpoints, security groups and rules are free`;

/** One untrusted value as one table cell: one line, no control or bidi characters, at most `max`. */
export const cell = (text: string, max: number): string => terminalSafe(oneLine(text, max)) || '-';

export function managedRow(i: ManagedItem): string[] {
  const state = i.state && i.state !== 'available' ? ` (${i.state})` : '';
  return [
    cell(i.id, 40),
    cell(`${i.what}${state}`, 80),
    cell(i.vpcId, 30),
    cell(i.incident ?? '', 40),
    cell(i.cluster ?? '', 40),
    i.monthlyUsd > 0 ? i.monthlyUsd.toFixed(2) : '0',
    cell(`${i.use.verdict}: ${i.use.why}`, 200),
  ];
}

/** What could not be read for the listing, each once. */
export function notesOf(f: LeftBehindFacts): string[] {
  return [
    ...(f.rules.ok ? [] : [`rules not listed: ${f.rules.why}`]),
    ...(f.vpcGroups.ok ? [] : [`the VPCs' security groups not read: ${f.vpcGroups.why}`]),
    ...(f.interfaces.ok ? [] : [`network interfaces not checked: ${f.interfaces.why}`]),
    ...(f.tasks.ok ? [] : [`running tasks not checked: ${f.tasks.why}`]),
  ];
}

/** The listing as a person reads it. */
export function managedText(f: LeftBehindFacts): string {
  const items = leftBehindItems(f);
  const notes = notesOf(f).map((n) => `not checked: ${cell(n, 300)}`);
  if (items.length === 0)
    return [`Nothing tagged ${MANAGED_TAG}=true in ${f.region}.`, ...notes, ''].join('\n');
  const total = totalMonthlyUsd(items);
  return [
    ...tableLines(MANAGED_HEADER, items.map(managedRow)),
    '',
    `${items.length} made by ecs-pullfix in ${f.region}, ≈ $${total.toFixed(2)}/month (${PRICES}).`,
    ...notes,
    'Remove what you name: ecs-pullfix managed --delete ID… (an endpoint group after its endpoints).',
    '',
  ].join('\n');
}

/** The listing as one JSON document (`--json`). */
export function managedDocument(f: LeftBehindFacts): Record<string, unknown> {
  const items = leftBehindItems(f);
  return {
    region: f.region,
    items,
    monthlyUsd: totalMonthlyUsd(items),
    costAssumption: COST_ASSUMPTION,
    notChecked: notesOf(f),
  };
}
