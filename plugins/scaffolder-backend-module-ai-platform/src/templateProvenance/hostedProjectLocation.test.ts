import { ConfigReader } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { ScmIntegrations } from '@backstage/integration';
import { parseHostedProjectLocation } from './hostedProjectLocation';

const integrations = ScmIntegrations.fromConfig(
  new ConfigReader({
    integrations: {
      github: [
        {
          host: 'github.example.com',
          apiBaseUrl: 'https://github.example.com/api/v3',
        },
      ],
      gitlab: [
        {
          host: 'code.example.com',
          apiBaseUrl: 'https://code.example.com/gitlab/api/v4',
          baseUrl: 'https://code.example.com/gitlab',
        },
      ],
    },
  }),
);

const parse = (url: string) =>
  parseHostedProjectLocation({
    entityRef: 'component:default/support-bot',
    annotation: 'backstage.io/source-location',
    url,
    integrations,
  });

describe('parseHostedProjectLocation', () => {
  it('reads GitHub repositories from repository, tree and blob addresses', () => {
    for (const url of [
      'https://github.example.com/acme/support-bot',
      'https://github.example.com/acme/support-bot.git',
      'https://github.example.com/acme/support-bot/tree/main/',
      'https://github.example.com/acme/support-bot/blob/main/catalog-info.yaml',
    ]) {
      expect(parse(url)).toMatchObject({
        provider: 'github',
        owner: 'acme',
        repo: 'support-bot',
        webUrl: 'https://github.example.com/acme/support-bot',
        cloneUrl: 'https://github.example.com/acme/support-bot.git',
      });
    }
  });

  it('reads nested GitLab projects under the integration base path', () => {
    expect(
      parse(
        'https://code.example.com/gitlab/platform/ml/support-bot/-/blob/main/catalog-info.yaml',
      ),
    ).toMatchObject({
      provider: 'gitlab',
      projectPath: 'platform/ml/support-bot',
      webUrl: 'https://code.example.com/gitlab/platform/ml/support-bot',
      cloneUrl: 'https://code.example.com/gitlab/platform/ml/support-bot.git',
    });
  });

  it.each([
    [
      'https://github.example.com/acme',
      'naming no GitHub owner and repository',
    ],
    [
      'https://github.example.com/-acme/x',
      'naming no GitHub owner and repository',
    ],
    [
      'https://github.example.com/acme/..%2F..%2Fetc',
      'invalid repository path segment',
    ],
    [
      'https://github.example.com/acme/a%20b',
      'invalid repository path segment',
    ],
    ['https://github.example.com/acme/..x', 'invalid repository path segment'],
    [
      'https://user:pw@github.example.com/acme/x',
      'has credentials in its location',
    ],
    ['ftp://github.example.com/acme/x', 'not an http(s) one'],
    ['not a url', 'not a URL'],
    [
      'https://code.example.com/platform/x',
      'outside https://code.example.com/gitlab',
    ],
    [
      'https://code.example.com/gitlab/solo',
      'naming no GitLab group and project',
    ],
    [
      'https://code.example.com/gitlab/g/p;rm -rf/x',
      'invalid repository path segment',
    ],
    [
      // URL parsing resolves encoded dot segments before any check.
      'https://code.example.com/gitlab/g/%2e%2e/x',
      'naming no GitLab group and project',
    ],
    [
      'https://elsewhere.example.com/acme/x',
      'is on elsewhere.example.com, which has no integration',
    ],
  ])('refuses %s with a 400 naming the annotation', (url, message) => {
    expect(() => parse(url)).toThrow(InputError);
    expect(() => parse(url)).toThrow(message);
    expect(() => parse(url)).toThrow('(backstage.io/source-location)');
  });

  it('refuses 10,000-character hostile paths quickly', () => {
    // GitHub reads two segments (the rest is a tree or blob path); GitLab
    // reads up to 20.
    for (const url of [
      `https://github.example.com/acme/${'a'.repeat(9_999)}!`,
      `https://github.example.com/acme/${'a-'.repeat(5_000)}!`,
      `https://github.example.com/acme/${'a.'.repeat(4_997)}git!`,
      `https://github.example.com/${'a-'.repeat(5_000)}/x`,
      `https://code.example.com/gitlab/g/${'a'.repeat(9_999)}!`,
      `https://code.example.com/gitlab/g/${'a.'.repeat(4_997)}git!`,
      `https://code.example.com/gitlab/g/${'a/'.repeat(4_999)}!`,
    ]) {
      const started = performance.now();
      expect(() => parse(url)).toThrow(InputError);
      expect(performance.now() - started).toBeLessThan(50);
    }
  });
});
