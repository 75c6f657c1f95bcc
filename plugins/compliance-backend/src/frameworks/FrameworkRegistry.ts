import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { formatInputIssues } from '@ai-platform/plugin-ai-platform-node';
import {
  ComplianceCheck,
  ComplianceFramework,
} from '@ai-platform/plugin-compliance-common';
import {
  checkSchema,
  crosswalkSchema,
  definitionsFileSchema,
  frameworkSchema,
} from './schemas';

/** The frameworks and checks shipped with the plugin (SOC 2, HIPAA, ISO/IEC 27001:2022). */
export const BUILT_IN_DEFINITIONS_DIR = join(
  dirname(
    require.resolve('@ai-platform/plugin-compliance-backend/package.json'),
  ),
  'frameworks',
);

/** Definitions from one source, before they are merged and cross-checked. */
export interface DefinitionSource {
  /** Where they came from, for error messages: a file path or a config key. */
  origin: string;
  /** The parsed content. */
  content: unknown;
}

/** Reads every `.yaml`, `.yml` and `.json` file of a directory as a definition source. */
export function readDefinitionsDirectory(
  directory: string,
): DefinitionSource[] {
  const dir = resolve(directory);
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new Error(
      `Compliance definitions directory ${dir} does not exist or is not a directory`,
    );
  return readdirSync(dir)
    .filter(f => /\.(ya?ml|json)$/.test(f))
    .sort()
    .map(f => {
      const file = join(dir, f);
      try {
        return { origin: file, content: parse(readFileSync(file, 'utf8')) };
      } catch (e) {
        throw new Error(`Invalid compliance definitions file ${file}: ${e}`);
      }
    });
}

/**
 * The frameworks, controls and checks in force, merged from the built-in
 * files, extra directories and config, and validated as a whole: every
 * control's checks exist, no id is defined twice.
 */
export class FrameworkRegistry {
  private readonly checkById: Map<string, ComplianceCheck>;
  private readonly frameworkById: Map<string, ComplianceFramework>;

  private constructor(
    frameworks: ComplianceFramework[],
    checks: ComplianceCheck[],
  ) {
    this.checkById = new Map(checks.map(c => [c.id, c]));
    this.frameworkById = new Map(frameworks.map(f => [f.id, f]));
  }

  /** Validates and merges sources; throws an error naming the source and field on bad input. */
  static fromSources(sources: DefinitionSource[]): FrameworkRegistry {
    const checks = new Map<
      string,
      { check: ComplianceCheck; origin: string }
    >();
    const frameworks = new Map<
      string,
      { framework: ComplianceFramework; origin: string }
    >();
    const crosswalk: Array<{
      origin: string;
      entries: z.infer<typeof crosswalkSchema>;
    }> = [];
    for (const { origin, content } of sources) {
      const parsed = definitionsFileSchema.safeParse(content);
      if (!parsed.success) {
        // Report against the most likely shape so the message names real fields.
        const asFramework =
          content && typeof content === 'object' && 'controls' in content;
        const detail = (
          asFramework
            ? frameworkSchema.safeParse(content)
            : z
                .strictObject({
                  checks: z.array(checkSchema).optional(),
                  frameworks: z.array(frameworkSchema).optional(),
                  crosswalk: crosswalkSchema.optional(),
                })
                .safeParse(content)
        ).error;
        throw new Error(
          `Invalid compliance definitions in ${origin}: ${formatInputIssues(
            detail ?? parsed.error,
            { unknownKey: 'field' },
          )}`,
        );
      }
      const value = parsed.data;
      const fileFrameworks =
        'controls' in value ? [value] : value.frameworks ?? [];
      const fileChecks = 'controls' in value ? [] : value.checks ?? [];
      if (!('controls' in value) && value.crosswalk)
        crosswalk.push({ origin, entries: value.crosswalk });
      for (const check of fileChecks) {
        const seen = checks.get(check.id);
        if (seen)
          throw new Error(
            `Compliance check '${check.id}' in ${origin} is already defined in ${seen.origin}`,
          );
        checks.set(check.id, { check, origin });
      }
      for (const framework of fileFrameworks) {
        const seen = frameworks.get(framework.id);
        if (seen)
          throw new Error(
            `Compliance framework '${framework.id}' in ${origin} is already defined in ${seen.origin}`,
          );
        const controlIds = new Set<string>();
        for (const control of framework.controls) {
          if (controlIds.has(control.id))
            throw new Error(
              `Compliance framework '${framework.id}' in ${origin} lists control '${control.id}' twice`,
            );
          controlIds.add(control.id);
        }
        frameworks.set(framework.id, {
          framework: {
            ...framework,
            controls: framework.controls.map(c => ({
              ...c,
              checks: [...c.checks],
            })),
          },
          origin,
        });
      }
    }
    for (const { origin, entries } of crosswalk) {
      for (const [i, entry] of entries.entries()) {
        const framework = frameworks.get(entry.framework)?.framework;
        if (!framework)
          throw new Error(
            `Invalid compliance definitions in ${origin}: crosswalk.${i}.framework '${entry.framework}' is not a known framework`,
          );
        const control = framework.controls.find(c => c.id === entry.control);
        if (!control)
          throw new Error(
            `Invalid compliance definitions in ${origin}: crosswalk.${i}.control '${entry.control}' is not a control of ${entry.framework}`,
          );
        for (const c of entry.checks)
          if (!control.checks.includes(c)) control.checks.push(c);
      }
    }
    for (const { framework, origin } of frameworks.values()) {
      for (const control of framework.controls) {
        for (const checkId of control.checks) {
          if (!checks.has(checkId))
            throw new Error(
              `Compliance framework '${framework.id}' (${origin}): control '${control.id}' names unknown check '${checkId}'`,
            );
        }
      }
    }
    return new FrameworkRegistry(
      [...frameworks.values()].map(f => f.framework),
      [...checks.values()].map(c => c.check),
    );
  }

  /** Every framework, in the order defined. */
  frameworks(): ComplianceFramework[] {
    return [...this.frameworkById.values()];
  }

  /** A framework by id. */
  framework(id: string): ComplianceFramework | undefined {
    return this.frameworkById.get(id);
  }

  /** Every check. */
  checks(): ComplianceCheck[] {
    return [...this.checkById.values()];
  }

  /** A check by id. */
  check(id: string): ComplianceCheck | undefined {
    return this.checkById.get(id);
  }

  /** The framework controls a check gives evidence for. */
  controlsOf(
    checkId: string,
  ): Array<{ frameworkId: string; controlId: string }> {
    const out: Array<{ frameworkId: string; controlId: string }> = [];
    for (const f of this.frameworkById.values())
      for (const c of f.controls)
        if (c.checks.includes(checkId))
          out.push({ frameworkId: f.id, controlId: c.id });
    return out;
  }

  /** The ids of the checks of a framework, each once. */
  checkIdsOf(frameworkId: string): string[] {
    const f = this.frameworkById.get(frameworkId);
    return f ? [...new Set(f.controls.flatMap(c => c.checks))] : [];
  }
}
