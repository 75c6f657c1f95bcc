import { InputError } from '@backstage/errors';
import { JsonObject } from '@backstage/types';
import { z } from 'zod';

// The provenance annotation keys are the suite's shared vocabulary.
import { TEMPLATE_VERSION_ANNOTATION } from '@ai-platform/plugin-ai-platform-common';

/** The provenance file in a project's repository. */
export const TEMPLATE_RECORD_PATH = '.ai-platform/template.json';

/** The branch an upgrade to `version` is committed on. */
export const upgradeBranch = (version: string) => `template-upgrade/${version}`;

const TEMPLATE_REF = /^template:[a-z0-9_.-]{1,63}\/[a-z0-9_.-]{1,63}$/;
const VERSION = /^[0-9A-Za-z][0-9A-Za-z._-]{0,31}$/;
const STEP_ID = /^[A-Za-z0-9_-]{1,63}$/;
const OID = /^[0-9a-f]{40}$/;

/**
 * A path inside a project: relative, `/`-separated, no `.`/`..` segment and
 * nothing under `.git`. The record file is hostile input (anyone who can
 * push to the project can edit it), so paths from it are checked here and
 * again with `resolveSafeChildPath` wherever one touches the disk.
 */
export function isProjectPath(path: string): boolean {
  if (path.length === 0 || path.length > 400 || path.includes('\\')) {
    return false;
  }
  const segments = path.split('/');
  return segments.every(
    s => s !== '' && s !== '.' && s !== '..' && s.toLowerCase() !== '.git',
  );
}

const templateRecordSchema = z.object({
  templateRef: z.string().regex(TEMPLATE_REF),
  version: z.string().regex(VERSION),
  skeletonStep: z.string().regex(STEP_ID),
  values: z.record(z.string(), z.unknown()),
  rendering: z
    .record(z.string(), z.string().regex(OID))
    .refine(r => Object.keys(r).every(isProjectPath), {
      message: 'every path must stay inside the project',
    }),
});

/**
 * What `.ai-platform/template.json` holds: the template and version a project
 * was rendered from, the values its skeleton was rendered with (secrets
 * dropped), and the rendering itself as git blob ids by path, which are the
 * base of the next upgrade's three-way merge.
 */
export type TemplateRecord = {
  templateRef: string;
  version: string;
  skeletonStep: string;
  values: JsonObject;
  rendering: Record<string, string>;
};

/** Reads a record file's text; a 400 naming the file and field when it is not one. */
export function parseTemplateRecord(text: string): TemplateRecord {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new InputError(`${TEMPLATE_RECORD_PATH} is not valid JSON`);
  }
  const parsed = templateRecordSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError(
      `${TEMPLATE_RECORD_PATH}: ${issue.path.join('.') || 'record'}: ${
        issue.message
      }`,
    );
  }
  return parsed.data as TemplateRecord;
}

/** Checks a template version as written on a Template; a 400 naming it otherwise. */
export function checkTemplateVersion(
  templateRef: string,
  version: unknown,
): string {
  if (typeof version !== 'string' || !VERSION.test(version)) {
    throw new InputError(
      `${templateRef} needs a metadata.annotations['${TEMPLATE_VERSION_ANNOTATION}'] of 1-32 letters, digits, dots, dashes or underscores (e.g. "3"), got ${JSON.stringify(
        version ?? null,
      )}`,
    );
  }
  return version;
}

/** Checks a template reference and step id for a record. */
export function checkRecordIdentity(templateRef: string, skeletonStep: string) {
  if (!TEMPLATE_REF.test(templateRef)) {
    throw new InputError(
      `templateRef: must be a full Template ref such as template:default/genai-application, got ${JSON.stringify(
        templateRef,
      )}`,
    );
  }
  if (!STEP_ID.test(skeletonStep)) {
    throw new InputError(
      'skeletonStep: must be the id of the fetch:template step (letters, digits, dashes and underscores)',
    );
  }
}
