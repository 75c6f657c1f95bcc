import { csvLine } from '@ai-platform/plugin-ai-platform-node';
import { EvidenceRecord } from '@ai-platform/plugin-compliance-common';

/** The columns of the evidence CSV, in order. */
export const EVIDENCE_COLUMNS = [
  'framework_id',
  'control_id',
  'check_id',
  'entity_ref',
  'owner',
  'status',
  'evaluated_at',
  'waiver_id',
  'facts_json',
  'collected_at_json',
] as const;

/**
 * Evidence as RFC 4180 CSV; fact values and timestamps as JSON cells. Cells
 * go through the shared `csvCell`, so a value starting with `= + - @`, tab or
 * CR is written with a leading `'` and opens as text, not as a formula.
 */
export function evidenceToCsv(records: EvidenceRecord[]): string {
  const lines = [csvLine(EVIDENCE_COLUMNS)];
  for (const r of records) {
    lines.push(
      csvLine([
        r.frameworkId,
        r.controlId,
        r.checkId,
        r.entityRef,
        r.owner ?? '',
        r.status,
        r.evaluatedAt,
        r.waiverId ?? '',
        JSON.stringify(r.facts),
        JSON.stringify(r.collectedAt),
      ]),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** Parses RFC 4180 CSV into rows of cells. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let value = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        value += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else value += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(value);
      value = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(value);
      rows.push(row);
      row = [];
      value = '';
    } else value += ch;
  }
  if (value || row.length) {
    row.push(value);
    rows.push(row);
  }
  return rows;
}

/** Undoes `csvCell`'s formula neutralisation: `'=x` reads back as `=x`. */
function unneutralise(cell: string): string {
  return cell.length > 1 && cell[0] === "'" && '=+-@\t\r'.includes(cell[1])
    ? cell.slice(1)
    : cell;
}

/** Reads an evidence CSV back into records: the inverse of {@link evidenceToCsv}. */
export function evidenceFromCsv(text: string): EvidenceRecord[] {
  const [header, ...rows] = parseCsv(text).map(r => r.map(unneutralise));
  if (header?.join(',') !== EVIDENCE_COLUMNS.join(','))
    throw new Error('Not an evidence CSV: unexpected header');
  return rows.map(cells => {
    const [
      frameworkId,
      controlId,
      checkId,
      entityRef,
      owner,
      status,
      evaluatedAt,
      waiverId,
      facts,
      collectedAt,
    ] = cells;
    return {
      frameworkId,
      controlId,
      checkId,
      entityRef,
      ...(owner ? { owner } : {}),
      status: status as EvidenceRecord['status'],
      evaluatedAt,
      facts: JSON.parse(facts),
      collectedAt: JSON.parse(collectedAt),
      ...(waiverId ? { waiverId } : {}),
    };
  });
}
