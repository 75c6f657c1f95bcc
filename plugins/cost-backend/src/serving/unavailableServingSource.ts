import { ServiceUnavailableError } from '@backstage/errors';
import { ServingUsageSource } from './types';

const refuse = async (): Promise<never> => {
  throw new ServiceUnavailableError(
    'Serving figures are not available: no gpu-metrics source is wired into the cost services',
  );
};

/** The source of a cost service built without serving figures: every read is a 503. */
export const unavailableServingSource: ServingUsageSource = {
  entityServing: refuse,
  servers: refuse,
};
