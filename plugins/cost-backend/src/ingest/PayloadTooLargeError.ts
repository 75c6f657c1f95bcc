import { CustomErrorBase } from '@backstage/errors';

/**
 * A billing file over a configured limit (`cost.ingest.maxUploadBytes`, or
 * `cost.ingest.maxGzipRatio` for compressed files).
 *
 * @remarks
 * `@backstage/errors` has no class for HTTP 413. Backstage's error middleware
 * (`MiddlewareFactory.error()`) takes the status from a numeric `statusCode`
 * field before it looks at the error's name, so this error is answered with
 * 413 and the usual `{ error, request, response }` body, like the built-in
 * types.
 */
export class PayloadTooLargeError extends CustomErrorBase {
  name = 'PayloadTooLargeError' as const;
  /** The HTTP status the error middleware answers with. */
  readonly statusCode = 413;
  /** The config key of the limit that was passed. */
  readonly setting: string;

  constructor(message: string, setting: string) {
    super(message);
    this.setting = setting;
  }
}
