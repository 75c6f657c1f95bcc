import { InputError } from '@backstage/errors';
import { TemplateInfo } from '@backstage/plugin-scaffolder-common';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { createRecordTemplateAction } from './recordTemplateAction';
import { recordTemplateExamples } from './recordTemplateAction.examples';

describe('ai-platform:template:record', () => {
  let workspace: string;

  beforeEach(() => {
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'template-record-'));
    fs.writeFileSync(
      path.join(workspace, 'catalog-info.yaml'),
      'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: support-bot\n',
    );
    fs.writeFileSync(path.join(workspace, 'app.py'), 'print("hi")\n');
  });
  afterEach(() => fs.rmSync(workspace, { recursive: true, force: true }));

  const templateInfo = (version?: string): TemplateInfo => {
    const annotations: Record<string, string> = {};
    if (version) annotations['ai-platform.io/template-version'] = version;
    return {
      entityRef: 'template:default/genai-application',
      entity: { metadata: { name: 'genai-application', annotations } },
    };
  };

  it.each(recordTemplateExamples.map(e => [e.description, e] as const))(
    'runs the example: %s',
    async (_d, example) => {
      const input = parse(example.example).steps[0].input;
      const ctx = createMockActionContext({
        input,
        workspacePath: workspace,
        templateInfo: templateInfo('3'),
        secrets: { backstageToken: 'a-long-backstage-token' },
      });
      await createRecordTemplateAction().handler(ctx);

      const record = JSON.parse(
        fs.readFileSync(
          path.join(workspace, '.ai-platform', 'template.json'),
          'utf8',
        ),
      );
      expect(record).toEqual({
        templateRef: 'template:default/genai-application',
        version: '3',
        skeletonStep: 'fetch',
        values: {
          name: 'support-bot',
          owner: 'group:default/conversational-ai',
        },
        rendering: {
          'app.py': expect.stringMatching(/^[0-9a-f]{40}$/),
          'catalog-info.yaml': expect.stringMatching(/^[0-9a-f]{40}$/),
        },
      });
      expect(
        parse(
          fs.readFileSync(path.join(workspace, 'catalog-info.yaml'), 'utf8'),
        ).metadata.annotations,
      ).toEqual({
        'ai-platform.io/template-ref': 'template:default/genai-application',
        'ai-platform.io/template-version': '3',
      });
      expect(ctx.output).toHaveBeenCalledWith('droppedFields', ['apiToken']);
    },
  );

  it('never records a value carrying one of the task secrets', async () => {
    const ctx = createMockActionContext({
      input: { values: { name: 'x', token: 'Bearer a-long-secret-value' } },
      workspacePath: workspace,
      templateInfo: templateInfo('1'),
      secrets: { apiKey: 'a-long-secret-value' },
    });
    await createRecordTemplateAction().handler(ctx);
    const text = fs.readFileSync(
      path.join(workspace, '.ai-platform', 'template.json'),
      'utf8',
    );
    expect(text).not.toContain('a-long-secret-value');
    expect(JSON.parse(text).values).toEqual({ name: 'x' });
  });

  it('refuses a template without a version, naming the annotation', async () => {
    const promise = createRecordTemplateAction().handler(
      createMockActionContext({
        input: { values: {} },
        workspacePath: workspace,
        templateInfo: templateInfo(),
      }),
    );
    await expect(promise).rejects.toThrow(InputError);
    await expect(promise).rejects.toThrow('ai-platform.io/template-version');
    expect(fs.existsSync(path.join(workspace, '.ai-platform'))).toBe(false);
  });

  it('refuses a skeleton step id that is not one', async () => {
    await expect(
      createRecordTemplateAction().handler(
        createMockActionContext({
          input: { values: {}, skeletonStep: '../x' },
          workspacePath: workspace,
          templateInfo: templateInfo('1'),
        }),
      ),
    ).rejects.toThrow('skeletonStep:');
  });
});
