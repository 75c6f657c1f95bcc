import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Request } from 'express';

/** Who is calling, and the HTTP request for the audit log. */
export interface CallContext {
  credentials: BackstageCredentials;
  httpRequest?: Request;
}
