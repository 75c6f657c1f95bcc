import { ConfigReader } from '@backstage/config';
import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createGpuRequestAction } from './actions/gpuRequestAction';
import { createAwaitGpuApprovalAction } from './approval/awaitGpuApprovalAction';
import { readApprovalWaitSettings } from './approval/approvalWaitSettings';
import { createRegisterLocalCatalogAction } from './catalog/registerLocalCatalogAction';
import { createPublishLocalGitAction } from './localGit/publishLocalGitAction';

// The actions' input validators (repository and branch names, e-mail, catalog
// paths, the GPU request's entity and team refs) over 10,000-character
// inputs built to make a backtracking regex blow up: each refuses with an
// InputError, before touching git, the catalog or the GPU API, in under 50 ms.
const hostile: Array<[string, string]> = [
  ['a…a!', `${'a'.repeat(9_999)}!`],
  ['a-…-a-', `${'a-'.repeat(5_000)}`],
  ['a/…/a!', `${'a/'.repeat(4_999)}!!`],
  ['a.…yml!', `${'a.'.repeat(4_997)}yml!!!`],
  ['a@…@a', `${'a@'.repeat(4_999)}a@`],
  ['spaces', `a${' '.repeat(9_998)}@`],
  ['group:default/a…a!', `group:default/${'a'.repeat(9_985)}!`],
];

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'regex-safety-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
const config = new ConfigReader({
  aiPlatform: { scaffolder: { localGitRoot: root } },
});

const gpuInput = {
  team: 'group:default/vision',
  cluster: 'gpu-prod',
  gpuClass: 'h100',
  count: 1,
  durationHours: 8,
  purpose: 'training' as const,
  dataClassification: 'internal' as const,
  justification: 'Training the visual search ranking model',
};

const runs: Array<[string, (input: string) => Promise<void>]> = [
  [
    'publish:local-git repoName',
    input =>
      createPublishLocalGitAction({ config }).handler(
        createMockActionContext({
          input: { repoName: input },
          workspacePath: root,
        }),
      ),
  ],
  [
    'publish:local-git defaultBranch',
    input =>
      createPublishLocalGitAction({ config }).handler(
        createMockActionContext({
          input: { repoName: 'ok', defaultBranch: input },
          workspacePath: root,
        }),
      ),
  ],
  [
    'publish:local-git gitAuthorEmail',
    input =>
      createPublishLocalGitAction({ config }).handler(
        createMockActionContext({
          input: { repoName: `x${input}`, gitAuthorEmail: input },
          workspacePath: root,
        }),
      ),
  ],
  [
    'catalog:register-local catalogInfoPath',
    input =>
      createRegisterLocalCatalogAction({
        config,
        catalog: catalogServiceMock(),
        logger: mockServices.logger.mock(),
      }).handler(
        createMockActionContext({
          input: { repoName: 'ok!', catalogInfoPath: input },
          workspacePath: root,
        }),
      ),
  ],
  ...(
    ['team', 'entityRef', 'migProfile', 'justification', 'startAt'] as const
  ).map(
    field =>
      [
        `gpu:request ${field}`,
        (input: string) =>
          createGpuRequestAction({
            discovery: mockServices.discovery(),
            auth: mockServices.auth(),
          }).handler(
            createMockActionContext({
              input: { ...gpuInput, [field]: `${input}${'!'.repeat(2_001)}` },
              workspacePath: root,
            }),
          ),
      ] as [string, (input: string) => Promise<void>],
  ),
  ...(['requestId', 'timeout'] as const).map(
    field =>
      [
        `gpu:request:await-approval ${field}`,
        (input: string) =>
          createAwaitGpuApprovalAction({
            discovery: mockServices.discovery(),
            auth: mockServices.auth(),
            settings: readApprovalWaitSettings(config),
            shutdown: new AbortController().signal,
          }).handler(
            createMockActionContext({
              input: {
                requestId: '3af0cc88-1868-4f3f-aadf-66a0a4fec583',
                [field]: input,
              },
              workspacePath: root,
            }),
          ),
      ] as [string, (input: string) => Promise<void>],
  ),
];

describe('action input validators over hostile input', () => {
  it.each(hostile)('use 10,000-character inputs (%s)', (_n, input) =>
    expect(input.length).toBe(10_000),
  );

  it.each(runs)('%s refuses in under 50 ms', async (_name, run) => {
    for (const [label, input] of hostile) {
      await run(input).catch(() => undefined); // warm up
      // The fastest of three runs: a super-linear validator is slow every
      // time, a busy machine only sometimes.
      let ms = Infinity;
      let error: Error | undefined;
      for (let i = 0; i < 3; i++) {
        const start = performance.now();
        error = await run(input).then(
          () => undefined,
          e => e,
        );
        ms = Math.min(ms, performance.now() - start);
      }
      expect({ label, error: error?.name, fast: ms < 50 }).toEqual({
        label,
        error: 'InputError',
        fast: true,
      });
    }
  });
});
