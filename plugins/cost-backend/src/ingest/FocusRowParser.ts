import { parseNanos } from '@ai-platform/plugin-ai-platform-common';
import { IngestRowError } from '@ai-platform/plugin-cost-common';
import {
  CHARGE_CATEGORIES,
  OPTIONAL_COLUMNS,
  REQUIRED_COLUMNS,
  detectFocusVersion,
} from './focusColumns';
import { FocusLineItem, RowResult } from './types';

/** A FOCUS decimal (linear: no nested quantifiers). */
export const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
/** ISO 8601 date-time as FOCUS writes it: `2024-09-01T00:00:00Z`, `2024-09-01 00:00:00`, with optional fraction and offset. */
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/;
/** An ISO 4217 currency code. */
export const CURRENCY = /^[A-Z]{3}$/;
const MAX_VALUE_LENGTH = 2048;

type Column =
  | (typeof REQUIRED_COLUMNS)[number]
  | (typeof OPTIONAL_COLUMNS)[number];

/** A header without the required FOCUS columns. */
export class FocusHeaderError extends Error {
  constructor(readonly problems: IngestRowError[]) {
    super(
      problems
        .map(p => `${p.column ? `${p.column}: ` : ''}${p.reason}`)
        .join('; '),
    );
    this.name = 'FocusHeaderError';
  }
}

/**
 * Validates FOCUS rows against the header of their file: required columns,
 * decimals, date-times, currencies, charge categories and the `Tags` JSON.
 */
export class FocusRowParser {
  readonly focusVersion: string;
  private readonly index: Map<Column, number>;
  private readonly width: number;
  /** Parsed date-times by text: a file repeats a few hundred of them. */
  private readonly dates = new Map<string, number | null>();

  /**
   * Checks the header; throws a list of file-level problems when a required
   * column is missing or a column is named twice.
   */
  static create(header: string[]): FocusRowParser {
    const problems: IngestRowError[] = [];
    const names = header.map(h => h.trim());
    const seen = new Set<string>();
    for (const name of names) {
      if (seen.has(name)) {
        problems.push({
          line: 1,
          column: name,
          reason: 'column appears twice in the header',
        });
      }
      seen.add(name);
    }
    for (const column of REQUIRED_COLUMNS) {
      if (!seen.has(column)) {
        problems.push({
          line: 1,
          column,
          reason: 'required FOCUS column is missing',
        });
      }
    }
    if (problems.length) {
      throw new FocusHeaderError(problems);
    }
    return new FocusRowParser(names);
  }

  private constructor(header: string[]) {
    this.width = header.length;
    this.focusVersion = detectFocusVersion(header);
    this.index = new Map();
    for (const column of [...REQUIRED_COLUMNS, ...OPTIONAL_COLUMNS]) {
      const i = header.indexOf(column);
      if (i >= 0) this.index.set(column, i);
    }
  }

  /** Validates one record; `line` is where it starts in the file. */
  parse(record: string[], line: number): RowResult {
    if (record.length !== this.width) {
      return {
        ok: false,
        errors: [
          {
            line,
            reason: `expected ${this.width} fields as in the header, found ${record.length}`,
          },
        ],
      };
    }
    const errors: IngestRowError[] = [];
    const value = (column: Column): string | null => {
      const i = this.index.get(column);
      if (i === undefined) return null;
      const raw = record[i].trim();
      if (raw === '' || raw === 'NULL') return null;
      if (raw.length > MAX_VALUE_LENGTH && column !== 'Tags') {
        errors.push({
          line,
          column,
          reason: `value is ${raw.length} characters long, more than ${MAX_VALUE_LENGTH}`,
        });
        return null;
      }
      return raw;
    };
    const required = (column: Column): string => {
      const v = value(column);
      if (v === null && !errors.some(e => e.column === column)) {
        errors.push({ line, column, reason: 'value is required' });
      }
      return v ?? '';
    };
    /** An amount in integer nano-units (decimal text), read without a float. */
    const nanos = (column: Column): string => {
      const v = required(column);
      if (v === '') return '0';
      if (!DECIMAL.test(v)) {
        errors.push({
          line,
          column,
          reason: `not a decimal number: ${quote(v)}`,
        });
        return '0';
      }
      const n = parseNanos(v);
      if (n === null) {
        errors.push({
          line,
          column,
          reason: `number out of range: ${quote(v)}`,
        });
        return '0';
      }
      return n;
    };
    const dateTime = (column: Column): number => {
      const v = required(column);
      if (v === '') return NaN;
      let ms = this.dates.get(v);
      if (ms === undefined) {
        ms = parseDateTime(v);
        if (this.dates.size > 10_000) this.dates.clear();
        this.dates.set(v, ms);
      }
      if (ms === null) {
        errors.push({
          line,
          column,
          reason: `not an ISO 8601 date-time: ${quote(v)}`,
        });
        return NaN;
      }
      return ms;
    };

    const billedCostNanos = nanos('BilledCost');
    const effectiveCostNanos = nanos('EffectiveCost');
    const billingAccountId = required('BillingAccountId');
    const currency = required('BillingCurrency');
    if (currency && !CURRENCY.test(currency)) {
      errors.push({
        line,
        column: 'BillingCurrency',
        reason: `not an ISO 4217 currency code: ${quote(currency)}`,
      });
    }
    const periodStart = dateTime('BillingPeriodStart');
    const periodEnd = dateTime('BillingPeriodEnd');
    if (periodEnd <= periodStart) {
      errors.push({
        line,
        column: 'BillingPeriodEnd',
        reason: 'must be after BillingPeriodStart',
      });
    }
    const chargeStart = dateTime('ChargePeriodStart');
    const chargeEnd = dateTime('ChargePeriodEnd');
    if (chargeEnd < chargeStart) {
      errors.push({
        line,
        column: 'ChargePeriodEnd',
        reason: 'must not be before ChargePeriodStart',
      });
    }
    const chargeCategory = required('ChargeCategory');
    if (chargeCategory && !CHARGE_CATEGORIES.has(chargeCategory)) {
      errors.push({
        line,
        column: 'ChargeCategory',
        reason: `not a FOCUS charge category (${[...CHARGE_CATEGORIES].join(
          ', ',
        )}): ${quote(chargeCategory)}`,
      });
    }
    const provider = required('ProviderName');
    const serviceName = required('ServiceName');
    const tags = parseTags(value('Tags'), line, errors);

    if (errors.length) return { ok: false, errors };
    const item: FocusLineItem = {
      provider,
      billingAccountId,
      billingPeriod: utcDay(periodStart),
      day: utcDay(chargeStart),
      subAccountId: value('SubAccountId'),
      subAccountName: value('SubAccountName'),
      serviceName,
      serviceCategory: value('ServiceCategory'),
      chargeCategory,
      resourceId: value('ResourceId'),
      skuId: value('SkuId'),
      regionId: value('RegionId'),
      currency,
      billedCostNanos,
      effectiveCostNanos,
      tags,
    };
    return errors.length ? { ok: false, errors } : { ok: true, item };
  }
}

function quote(value: string): string {
  const shown = value.length > 60 ? `${value.slice(0, 60)}…` : value;
  return JSON.stringify(shown);
}

/** Milliseconds since the epoch of an ISO 8601 date-time (UTC when no offset), or null. */
export function parseDateTime(value: string): number | null {
  const m = DATE_TIME.exec(value);
  if (!m) return null;
  const [, y, mo, d, h = '00', mi = '00', s = '00', frac = '', tz = 'Z'] = m;
  const offset = tz === 'Z' ? 'Z' : `${tz.slice(0, 3)}:${tz.slice(-2)}`;
  const iso = `${y}-${mo}-${d}T${h}:${mi}:${s}${frac}${offset}`;
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return null;
  // Reject dates Date.parse rolls over, like 2024-02-30.
  const check = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  if (
    check.getUTCFullYear() !== Number(y) ||
    check.getUTCMonth() !== Number(mo) - 1 ||
    check.getUTCDate() !== Number(d) ||
    Number(h) > 24 ||
    Number(mi) > 59 ||
    Number(s) > 60
  ) {
    return null;
  }
  return ms;
}

function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function parseTags(
  raw: string | null,
  line: number,
  errors: IngestRowError[],
): Record<string, string> {
  if (raw === null || raw === '{}') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    errors.push({ line, column: 'Tags', reason: 'not a JSON object' });
    return {};
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    errors.push({ line, column: 'Tags', reason: 'not a JSON object' });
    return {};
  }
  const tags: Record<string, string> = {};
  for (const [key, v] of Object.entries(parsed as Record<string, unknown>)) {
    if (v === null || v === undefined) continue;
    tags[key] = typeof v === 'string' ? v : JSON.stringify(v);
  }
  return tags;
}
