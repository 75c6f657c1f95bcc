/**
 * Failures as the apiserver reports them: a `Status` object with the reason,
 * code and details clients (kubectl, client-go, @kubernetes/client-node) read.
 */

/** A field-level cause of an `Invalid` status. */
export interface StatusCause {
  reason: string;
  message: string;
  field?: string;
}

/** The `Status` object of a failed request. */
export interface Status {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure';
  message: string;
  reason: string;
  details?: {
    name?: string;
    group?: string;
    kind?: string;
    causes?: StatusCause[];
    retryAfterSeconds?: number;
  };
  code: number;
}

/** What a resource is called in messages: `pods`, `jobs.batch`. */
export interface GroupResource {
  group: string;
  plural: string;
}

function qualified({ group, plural }: GroupResource): string {
  return group ? `${plural}.${group}` : plural;
}

function details(gr: GroupResource, name: string) {
  return {
    name,
    ...(gr.group ? { group: gr.group } : {}),
    kind: gr.plural,
  };
}

/** An error that the server answers with its `Status`. */
export class ApiError extends Error {
  readonly status: Status;

  private constructor(
    status: Omit<Status, 'kind' | 'apiVersion' | 'metadata' | 'status'>,
  ) {
    super(status.message);
    this.name = 'ApiError';
    this.status = {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      ...status,
    };
  }

  get code(): number {
    return this.status.code;
  }

  static notFound(gr: GroupResource, name: string): ApiError {
    return new ApiError({
      message: `${qualified(gr)} "${name}" not found`,
      reason: 'NotFound',
      details: details(gr, name),
      code: 404,
    });
  }

  static alreadyExists(gr: GroupResource, name: string): ApiError {
    return new ApiError({
      message: `${qualified(gr)} "${name}" already exists`,
      reason: 'AlreadyExists',
      details: details(gr, name),
      code: 409,
    });
  }

  static conflict(gr: GroupResource, name: string, why: string): ApiError {
    return new ApiError({
      message: `Operation cannot be fulfilled on ${qualified(
        gr,
      )} "${name}": ${why}`,
      reason: 'Conflict',
      details: details(gr, name),
      code: 409,
    });
  }

  /** A server-side apply conflict, worded as the apiserver does. */
  static applyConflict(
    gr: GroupResource,
    name: string,
    conflicts: Array<{ manager: string; field: string }>,
  ): ApiError {
    const list = conflicts.map(c => `conflict with "${c.manager}": ${c.field}`);
    const message =
      conflicts.length === 1
        ? `Apply failed with 1 conflict: ${list[0]}`
        : `Apply failed with ${conflicts.length} conflicts: ${list.join('\n')}`;
    return new ApiError({
      message,
      reason: 'Conflict',
      details: {
        ...details(gr, name),
        causes: conflicts.map(c => ({
          reason: 'FieldManagerConflict',
          message: `conflict with "${c.manager}"`,
          field: c.field,
        })),
      },
      code: 409,
    });
  }

  /** An error answering with a ready-made Status, such as a validation failure's. */
  static fromStatus(
    status: Omit<Status, 'kind' | 'apiVersion' | 'metadata' | 'status'>,
  ): ApiError {
    return new ApiError({
      message: status.message,
      reason: status.reason,
      details: status.details,
      code: status.code,
    });
  }

  static forbidden(gr: GroupResource, name: string, why: string): ApiError {
    return new ApiError({
      message: `${qualified(gr)} "${name}" is forbidden: ${why}`,
      reason: 'Forbidden',
      details: details(gr, name),
      code: 403,
    });
  }

  static badRequest(message: string): ApiError {
    return new ApiError({ message, reason: 'BadRequest', code: 400 });
  }

  static unauthorized(): ApiError {
    return new ApiError({
      message: 'Unauthorized',
      reason: 'Unauthorized',
      code: 401,
    });
  }

  static methodNotAllowed(): ApiError {
    return new ApiError({
      message:
        'the server does not allow this method on the requested resource',
      reason: 'MethodNotAllowed',
      code: 405,
    });
  }

  static unsupportedMediaType(contentType: string): ApiError {
    return new ApiError({
      message: `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json (got ${contentType})`,
      reason: 'UnsupportedMediaType',
      code: 415,
    });
  }

  static gone(message: string): ApiError {
    return new ApiError({ message, reason: 'Expired', code: 410 });
  }

  static pathNotFound(): ApiError {
    return new ApiError({
      message: 'the server could not find the requested resource',
      reason: 'NotFound',
      details: {},
      code: 404,
    });
  }

  static internal(message: string): ApiError {
    return new ApiError({
      message: `Internal error occurred: ${message}`,
      reason: 'InternalError',
      details: { causes: [{ reason: '', message }] },
      code: 500,
    });
  }

  static serviceUnavailable(message: string): ApiError {
    return new ApiError({ message, reason: 'ServiceUnavailable', code: 503 });
  }
}
