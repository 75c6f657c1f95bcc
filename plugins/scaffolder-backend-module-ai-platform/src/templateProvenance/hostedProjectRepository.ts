import { ConflictError, InputError } from '@backstage/errors';
import { DefaultGithubCredentialsProvider } from '@backstage/integration';
import git, { Errors } from 'isomorphic-git';
import http from 'isomorphic-git/http/node';
import fs from 'node:fs';
import { openChangeRequest } from './changeRequests';
import { HostedProjectLocation } from './hostedProjectLocation';
import type { ProjectRepository } from './projectRepository';

const NO_OID = '0000000000000000000000000000000000000000';

/** The integration's token for the repository, or a 400 saying what to configure. */
async function hostedToken(
  location: HostedProjectLocation,
  entityRef: string,
  githubCredentials: DefaultGithubCredentialsProvider,
): Promise<string> {
  const token =
    location.provider === 'github'
      ? (await githubCredentials.getCredentials({ url: location.webUrl })).token
      : location.config.token;
  if (!token) {
    throw new InputError(
      location.provider === 'github'
        ? `entityRef: ${entityRef} is on ${location.config.host}, whose integrations.github entry has no token or GitHub App for ${location.owner} (it needs contents: write and pull_requests: write)`
        : `entityRef: ${entityRef} is on ${location.config.host}, whose integrations.gitlab entry has no token (it needs the api scope, or write_repository with api for the merge request)`,
    );
  }
  return token;
}

/**
 * A project on GitHub or GitLab: cloned over HTTP(S) with the integration's
 * credentials into the task's temporary directory (the default branch only,
 * no checkout); the upgrade's branch and rendering ref are pushed, the
 * branch never forced, and a pull or merge request opened onto the default
 * branch.
 */
export async function openHostedProjectRepository(options: {
  location: HostedProjectLocation;
  entityRef: string;
  githubCredentials: DefaultGithubCredentialsProvider;
  dir: string;
}): Promise<ProjectRepository> {
  const { location, entityRef, dir } = options;
  const token = await hostedToken(
    location,
    entityRef,
    options.githubCredentials,
  );
  const username = location.provider === 'github' ? 'x-access-token' : 'oauth2';
  const authorization = `Basic ${Buffer.from(`${username}:${token}`).toString(
    'base64',
  )}`;
  // Fresh headers for every call: isomorphic-git adds its protocol header to
  // the object it is given, and a v2 header breaks the next push.
  const remote = () => ({
    http,
    url: location.cloneUrl,
    headers: { Authorization: authorization },
  });
  const failed = (what: string, error: unknown): never => {
    throw new Error(
      `Could not ${what} ${location.webUrl}: ${(error as Error).message}`,
    );
  };
  try {
    await git.clone({
      fs,
      dir,
      ...remote(),
      singleBranch: true,
      noCheckout: true,
      noTags: true,
    });
  } catch (error) {
    failed('clone', error);
  }
  const base = await git.currentBranch({ fs, dir });
  if (!base) {
    throw new InputError(
      `entityRef: ${entityRef}'s repository ${location.webUrl} has no default branch`,
    );
  }
  const serverHas = async (ref: string) =>
    (await git.listServerRefs({ ...remote(), prefix: ref })).some(
      r => r.ref === ref,
    );

  const pushBranch = async (branch: string) => {
    try {
      await git.push({
        fs,
        dir,
        ...remote(),
        ref: `refs/heads/${branch}`,
        remoteRef: `refs/heads/${branch}`,
        // No force, not even a fast-forward: the branch must be new.
        onPrePush: ({ remoteRef }) => remoteRef.oid === NO_OID,
      });
    } catch (error) {
      if (
        error instanceof Errors.UserCanceledError ||
        error instanceof Errors.PushRejectedError ||
        error instanceof Errors.GitPushError
      ) {
        throw new ConflictError(
          `${location.webUrl} already has a branch ${branch}; review or delete it first`,
        );
      }
      failed('push to', error);
    }
  };

  return {
    dir,
    head: await git.resolveRef({ fs, dir, ref: 'HEAD' }),
    location: location.webUrl,
    async fetchRendering(renderingRef) {
      if (!(await serverHas(renderingRef))) return;
      await git.fetch({
        fs,
        dir,
        ...remote(),
        ref: renderingRef,
        remoteRef: renderingRef,
        singleBranch: true,
        tags: false,
      });
    },
    hasBranch: branch => serverHas(`refs/heads/${branch}`),
    async publish(change) {
      await git.writeRef({
        fs,
        dir,
        ref: change.renderingRef,
        value: change.renderingCommit,
        force: true,
      });
      await git.writeRef({
        fs,
        dir,
        ref: `refs/heads/${change.branch}`,
        value: change.commit,
        force: true,
      });
      // The rendering first: the branch's record names its blobs. Replacing
      // an older rendering of the same version changes no blob.
      try {
        await git.push({
          fs,
          dir,
          ...remote(),
          ref: change.renderingRef,
          remoteRef: change.renderingRef,
          force: true,
        });
      } catch (error) {
        failed('push to', error);
      }
      await pushBranch(change.branch);
      const pullRequestUrl = await openChangeRequest(location, token, {
        head: change.branch,
        base,
        title: change.title,
        body: change.body,
      });
      return { pullRequestUrl };
    },
  };
}
