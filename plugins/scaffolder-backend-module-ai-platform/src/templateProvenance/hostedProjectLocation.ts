import {
  ANNOTATION_LOCATION,
  ANNOTATION_SOURCE_LOCATION,
  Entity,
  parseLocationRef,
} from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  getGitLabIntegrationRelativePath,
  GithubIntegrationConfig,
  GitLabIntegrationConfig,
  ScmIntegrationRegistry,
} from '@backstage/integration';

/** A project's repository on a configured GitHub or GitLab host. */
export type HostedProjectLocation =
  | {
      provider: 'github';
      config: GithubIntegrationConfig;
      owner: string;
      repo: string;
      /** The repository's web address, also what credentials are asked for. */
      webUrl: string;
      cloneUrl: string;
    }
  | {
      provider: 'gitlab';
      config: GitLabIntegrationConfig;
      /** `group/subgroup/project`, each segment checked. */
      projectPath: string;
      webUrl: string;
      cloneUrl: string;
    };

const GITHUB_OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;
const REPO_SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}$/;
const MAX_GITLAB_DEPTH = 20;

/**
 * The entity's annotation that names its repository as a URL: the source
 * location, else the managed-by location; undefined when neither is a URL.
 */
export function hostedLocationAnnotation(
  entity: Entity,
): { annotation: string; url: string } | undefined {
  for (const annotation of [ANNOTATION_SOURCE_LOCATION, ANNOTATION_LOCATION]) {
    const value = entity.metadata.annotations?.[annotation];
    if (!value) continue;
    try {
      const { type, target } = parseLocationRef(value);
      if (type === 'url') return { annotation, url: target };
    } catch {
      // Not a location ref: the other annotation may still be one.
    }
  }
  return undefined;
}

/**
 * Reads a GitHub or GitLab repository from a location URL (a repository,
 * tree or blob address) with the host's integration. Every path segment is
 * checked before it reaches a clone URL or an API path; a host without a
 * GitHub or GitLab integration is a 400 naming the annotation and the host.
 */
export function parseHostedProjectLocation(options: {
  entityRef: string;
  annotation: string;
  url: string;
  integrations: ScmIntegrationRegistry;
}): HostedProjectLocation {
  const { entityRef, annotation, integrations } = options;
  const refuse = (why: string): never => {
    throw new InputError(`entityRef: ${entityRef} ${why} (${annotation})`);
  };
  let url: URL;
  try {
    url = new URL(options.url);
  } catch {
    return refuse('has a location that is not a URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return refuse(
      `has a ${url.protocol.slice(0, 20)} location, not an http(s) one`,
    );
  }
  if (url.username || url.password) {
    return refuse('has credentials in its location');
  }
  const host = url.host;
  const github = integrations.github.byHost(host);
  const gitlab = integrations.gitlab.byHost(host);
  if (!github && !gitlab) {
    const other = integrations.byHost(host);
    return refuse(
      other
        ? `is on ${host}, a ${other.type} host: only GitHub and GitLab repositories can be upgraded`
        : `is on ${host}, which has no integration under integrations.github or integrations.gitlab`,
    );
  }
  const segments = url.pathname.split('/').filter(Boolean);
  const checkSegments = (names: string[]) => {
    for (const name of names) {
      if (!REPO_SEGMENT.test(name) || name.includes('..')) {
        refuse(
          `has an invalid repository path segment ${JSON.stringify(
            name.slice(0, 100),
          )}`,
        );
      }
    }
  };
  if (github) {
    const [owner, rawRepo] = segments;
    const repo = rawRepo?.replace(/\.git$/, '');
    if (!owner || !GITHUB_OWNER.test(owner) || !repo) {
      return refuse('has a location naming no GitHub owner and repository');
    }
    checkSegments([repo]);
    const webUrl = `${url.protocol}//${host}/${owner}/${repo}`;
    return {
      provider: 'github',
      config: github.config,
      owner,
      repo,
      webUrl,
      cloneUrl: `${webUrl}.git`,
    };
  }
  const config = gitlab!.config;
  // A GitLab under a path (https://example.com/gitlab) has it in baseUrl.
  const prefix = getGitLabIntegrationRelativePath(config)
    .split('/')
    .filter(Boolean);
  if (prefix.some((p, i) => segments[i] !== p)) {
    return refuse(`has a location outside ${config.baseUrl}`);
  }
  const rest = segments.slice(prefix.length);
  const dash = rest.indexOf('-');
  const project = (dash === -1 ? rest : rest.slice(0, dash)).map((s, i, all) =>
    i === all.length - 1 ? s.replace(/\.git$/, '') : s,
  );
  if (project.length < 2 || project.length > MAX_GITLAB_DEPTH) {
    return refuse('has a location naming no GitLab group and project');
  }
  checkSegments(project);
  const projectPath = project.join('/');
  const base = new URL(config.baseUrl);
  const webUrl = `${base.protocol}//${base.host}${[...prefix, projectPath]
    .map(s => `/${s}`)
    .join('')}`;
  return {
    provider: 'gitlab',
    config,
    projectPath,
    webUrl,
    cloneUrl: `${webUrl}.git`,
  };
}
