import type {
  ModelEvaluation,
  ModelMetadata,
} from '@ai-platform/plugin-model-catalog-common';
import { parseDocument } from 'yaml';

/** A parsed Hugging Face model card. */
export interface ParsedModelCard {
  /** The YAML front matter, `{}` when there is none. */
  frontMatter: Record<string, unknown>;
  /** The Markdown after the front matter. */
  body: string;
  /** What the card tells about `spec.model`. */
  metadata: ModelMetadata;
}

const FRONT_MATTER = /^\uFEFF?---\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;

const strings = (value: unknown): string[] | undefined => {
  if (typeof value === 'string' && value.trim()) return [value.trim()];
  if (Array.isArray(value)) {
    const out = value.filter(
      (v): v is string => typeof v === 'string' && v.trim() !== '',
    );
    return out.length ? out : undefined;
  }
  return undefined;
};

/** The first paragraph under the first heading matching `pattern`. */
function section(body: string, pattern: RegExp): string | undefined {
  const lines = body.split(/\r?\n/);
  const start = lines.findIndex(l => /^#{1,4}\s/.test(l) && pattern.test(l));
  if (start < 0) return undefined;
  const paragraph: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (/^#{1,4}\s/.test(line)) break;
    if (line.trim() === '') {
      if (paragraph.length) break;
      continue;
    }
    paragraph.push(line.trim());
  }
  const text = paragraph.join(' ').trim();
  return text ? text.slice(0, 1000) : undefined;
}

function evaluations(modelIndex: unknown): ModelEvaluation[] | undefined {
  if (!Array.isArray(modelIndex)) return undefined;
  const out: ModelEvaluation[] = [];
  for (const entry of modelIndex) {
    for (const result of (entry?.results ?? []) as any[]) {
      const dataset = result?.dataset ?? {};
      for (const metric of (result?.metrics ?? []) as any[]) {
        const value = Number(metric?.value);
        const metricName = metric?.type ?? metric?.name;
        const name = dataset.name ?? dataset.type ?? result?.task?.type;
        if (!Number.isFinite(value) || !metricName || !name) continue;
        out.push({
          name: String(name),
          ...(dataset.type ? { dataset: String(dataset.type) } : {}),
          metric: String(metricName),
          value,
        });
      }
    }
  }
  return out.length ? out : undefined;
}

/**
 * Parses a Hugging Face model card: YAML front matter (`license`,
 * `license_name`, `pipeline_tag`, `library_name`, `datasets`, `model-index`)
 * and the "Intended use" and "Limitations" sections of the Markdown. Throws
 * with the line of the problem when the front matter is not a YAML mapping.
 */
export function parseModelCard(text: string): ParsedModelCard {
  const match = FRONT_MATTER.exec(text);
  let frontMatter: Record<string, unknown> = {};
  const body = match ? text.slice(match[0].length) : text;
  if (match) {
    const doc = parseDocument(match[1], { prettyErrors: true });
    if (doc.errors.length > 0) {
      throw new Error(
        `invalid YAML front matter: ${doc.errors[0].message.split('\n')[0]}`,
      );
    }
    const value = doc.toJS();
    if (value !== null && value !== undefined) {
      if (typeof value !== 'object' || Array.isArray(value)) {
        throw new Error('the YAML front matter is not a mapping');
      }
      frontMatter = value as Record<string, unknown>;
    }
  }
  const fm = frontMatter;
  const metadata: ModelMetadata = {};
  const license =
    fm.license === 'other' && typeof fm.license_name === 'string'
      ? fm.license_name
      : fm.license;
  if (typeof license === 'string' && license.trim()) metadata.license = license;
  if (typeof fm.pipeline_tag === 'string') metadata.task = fm.pipeline_tag;
  if (typeof fm.library_name === 'string') metadata.framework = fm.library_name;
  const datasets = strings(fm.datasets);
  if (datasets) metadata.datasets = datasets;
  const evals = evaluations(fm['model-index']);
  if (evals) metadata.evaluations = evals;
  const intendedUse = section(body, /intended use|^#+\s*uses\s*$/i);
  if (intendedUse) metadata.intendedUse = intendedUse;
  const limitations = section(body, /limitation/i);
  if (limitations) metadata.limitations = limitations;
  return { frontMatter, body, metadata };
}
