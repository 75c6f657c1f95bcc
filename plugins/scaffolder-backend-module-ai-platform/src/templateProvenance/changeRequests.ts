import { ConflictError, ResponseError } from '@backstage/errors';
import { getGitLabRequestOptions } from '@backstage/integration';
import { Octokit } from '@octokit/rest';
import { HostedProjectLocation } from './hostedProjectLocation';

/** A change for review: the pushed branch onto the default branch. */
export type ChangeRequest = {
  head: string;
  base: string;
  title: string;
  body: string;
};

/**
 * Opens a GitHub pull request (through Octokit, as Backstage's GitHub
 * module does) or a GitLab merge request for a pushed branch; returns its
 * web address. The host's answer is passed on: one already open for the
 * branch is a 409.
 */
export async function openChangeRequest(
  location: HostedProjectLocation,
  token: string,
  change: ChangeRequest,
): Promise<string> {
  if (location.provider === 'github') {
    const octokit = new Octokit({
      baseUrl: location.config.apiBaseUrl,
      auth: token,
    });
    try {
      const { data } = await octokit.rest.pulls.create({
        owner: location.owner,
        repo: location.repo,
        head: change.head,
        base: change.base,
        title: change.title,
        body: change.body,
      });
      return data.html_url;
    } catch (error) {
      const status = (error as { status?: number }).status;
      const message = `the branch ${change.head} was pushed, but ${
        location.webUrl
      } refused its pull request (${status ?? 'no answer'}): ${
        (error as Error).message
      }`;
      throw status === 422 ? new ConflictError(message) : new Error(message);
    }
  }
  const response = await fetch(
    `${location.config.apiBaseUrl}/projects/${encodeURIComponent(
      location.projectPath,
    )}/merge_requests`,
    {
      method: 'POST',
      headers: {
        ...getGitLabRequestOptions(location.config, token).headers,
        'Content-Type': 'application/json',
      },
      body: JSON.stringify({
        source_branch: change.head,
        target_branch: change.base,
        title: change.title,
        description: change.body,
      }),
    },
  );
  if (!response.ok) {
    const error = await ResponseError.fromResponse(response);
    const message = `the branch ${change.head} was pushed, but ${location.webUrl} refused its merge request: ${error.message}`;
    throw response.status === 409
      ? new ConflictError(message)
      : new Error(message);
  }
  const body = (await response.json()) as { web_url?: unknown };
  if (typeof body.web_url !== 'string') {
    throw new Error(
      `${location.webUrl} opened a merge request for ${change.head} but gave no web_url`,
    );
  }
  return body.web_url;
}
