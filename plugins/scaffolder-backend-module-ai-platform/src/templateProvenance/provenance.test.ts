import { InputError } from '@backstage/errors';
import { parse, parseAllDocuments } from 'yaml';
import { dropSecretValues } from './dropSecretValues';
import { isProjectPath, parseTemplateRecord } from './provenance';
import { annotateCatalogInfo } from './stampRendering';

const record = (overrides: object = {}) =>
  JSON.stringify({
    templateRef: 'template:default/genai-application',
    version: '3',
    skeletonStep: 'fetch',
    values: { name: 'support-bot' },
    rendering: { 'app.py': 'a'.repeat(40) },
    ...overrides,
  });

describe('the provenance record', () => {
  it('reads a valid record', () => {
    expect(parseTemplateRecord(record())).toMatchObject({
      version: '3',
      rendering: { 'app.py': 'a'.repeat(40) },
    });
  });

  it.each([
    ['not JSON', '{', 'is not valid JSON'],
    [
      'a path escaping the repository',
      record({ rendering: { '../../etc/passwd': 'a'.repeat(40) } }),
      'rendering',
    ],
    [
      'an absolute path',
      record({ rendering: { '/etc/passwd': 'a'.repeat(40) } }),
      'rendering',
    ],
    [
      'a path into .git',
      record({ rendering: { '.git/hooks/pre-commit': 'a'.repeat(40) } }),
      'rendering',
    ],
    [
      'a blob id that is not one',
      record({ rendering: { 'app.py': '../x' } }),
      'rendering.app.py',
    ],
    [
      'a template ref with a path in it',
      record({ templateRef: 'template:default/../../x' }),
      'templateRef',
    ],
    ['a version with a slash', record({ version: '3/../x' }), 'version'],
  ])('refuses %s with a 400 naming the field', (_what, text, field) => {
    expect(() => parseTemplateRecord(text)).toThrow(InputError);
    expect(() => parseTemplateRecord(text)).toThrow(field);
  });

  it('tells project paths from paths that leave the project', () => {
    expect(isProjectPath('docs/index.md')).toBe(true);
    expect(isProjectPath('.github/workflows/ci.yaml')).toBe(true);
    for (const bad of [
      '',
      '..',
      'a/../../b',
      '/a',
      'a//b',
      'a\\..\\b',
      '.GIT/config',
    ]) {
      expect(isProjectPath(bad)).toBe(false);
    }
  });
});

describe('annotateCatalogInfo', () => {
  it('annotates every entity of the file and keeps its comments', () => {
    const text = [
      '# The service',
      'apiVersion: backstage.io/v1alpha1',
      'kind: Component',
      'metadata:',
      '  name: support-bot',
      '  annotations:',
      '    backstage.io/techdocs-ref: dir:.',
      '---',
      'apiVersion: backstage.io/v1alpha1',
      'kind: API',
      'metadata:',
      '  name: support-bot-api',
      '',
    ].join('\n');
    const annotated = annotateCatalogInfo(
      text,
      'template:default/llm-inference-service',
      '4',
    );
    expect(annotated).toContain('# The service');
    const entities = parseAllDocuments(annotated).map(d => d.toJSON());
    expect(entities.map(e => e.metadata.annotations)).toEqual([
      {
        'backstage.io/techdocs-ref': 'dir:.',
        'ai-platform.io/template-ref': 'template:default/llm-inference-service',
        'ai-platform.io/template-version': '4',
      },
      {
        'ai-platform.io/template-ref': 'template:default/llm-inference-service',
        'ai-platform.io/template-version': '4',
      },
    ]);
    // The version stays a string for the catalog.
    expect(
      typeof parse(annotated.split('---')[0]).metadata.annotations[
        'ai-platform.io/template-version'
      ],
    ).toBe('string');
  });
});

describe('dropSecretValues', () => {
  it('drops named fields and fields carrying a task secret, naming them only', () => {
    expect(
      dropSecretValues(
        {
          name: 'support-bot',
          apiToken: 'named',
          endpoint: { url: 'https://x', auth: 'Bearer s3cr3t-token' },
          pin: 'abc',
        },
        {
          secretFields: ['apiToken'],
          secrets: { token: 's3cr3t-token', short: 'abc' },
        },
      ),
    ).toEqual({
      values: { name: 'support-bot', pin: 'abc' },
      dropped: ['apiToken', 'endpoint'],
    });
  });
});
