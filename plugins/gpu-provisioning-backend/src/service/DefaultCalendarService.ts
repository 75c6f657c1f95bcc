import {
  CallAuditor,
  parseInput,
  TeamMembership,
} from '@ai-platform/plugin-ai-platform-node';
import { InputError, ServiceUnavailableError } from '@backstage/errors';
import {
  gpuCapacityReadPermission,
  RequestPolicyRules,
} from '@ai-platform/plugin-gpu-provisioning-common';
import { quotaKeyOf } from '../config/GpuProvisioningConfig';
import { GrantStore } from '../database/types';
import { QuotaRules, quotaLimitOf } from '../policy/quotaLimitOf';
import { calendarHours } from '../scheduling/calendarHours';
import {
  calendarQuerySchema,
  calendarWindow,
} from '../scheduling/calendarQuery';
import { CapacityReader } from '../types';
import { RequestPermissions } from './RequestPermissions';
import {
  CalendarResponse,
  CalendarService,
  GpuRequestCallContext,
} from './types';

interface Options {
  store: GrantStore;
  capacity: CapacityReader;
  rules: RequestPolicyRules;
  quotas: QuotaRules;
  membership: TeamMembership;
  permissions: RequestPermissions;
  audit: CallAuditor;
  now?: () => Date;
}

/**
 * The capacity calendar of one class on one cluster: hour by hour, what the
 * portal's requests and reservations hold at most, against the cluster's
 * capacity and each of the caller's teams' quotas.
 */
export class DefaultCalendarService implements CalendarService {
  static create(options: Options): DefaultCalendarService {
    return new DefaultCalendarService(options);
  }

  private constructor(private readonly options: Options) {}

  calendar(
    context: GpuRequestCallContext & { query: unknown },
  ): Promise<CalendarResponse> {
    return this.options.audit.run(
      context,
      { eventId: 'gpu-calendar-read', severityLevel: 'low' },
      () => this.answer(context),
    );
  }

  private async answer(
    context: GpuRequestCallContext & { query: unknown },
  ): Promise<CalendarResponse> {
    const { permissions, store, capacity, quotas, membership } = this.options;
    await permissions.authorizeBasic(
      context.credentials,
      gpuCapacityReadPermission,
      'read GPU capacity',
    );
    const query = parseInput(calendarQuerySchema, context.query, {
      unknownKey: 'field',
    });
    this.assertKnown(query);
    const window = calendarWindow(query, this.options.now?.() ?? new Date());
    const quotaKey = quotaKeyOf(query);

    const [read, teams] = await Promise.all([
      capacity.read(),
      permissions.isUser(context.credentials)
        ? membership.teamsOf(context.credentials)
        : Promise.resolve([]),
    ]);
    if (read.errors.some(e => e.cluster === query.cluster)) {
      throw new ServiceUnavailableError(
        `cluster ${query.cluster} could not be read; try again shortly`,
      );
    }
    const total =
      read.items.find(
        i =>
          i.cluster === query.cluster &&
          i.gpuClass === query.gpuClass &&
          (i.migProfile ?? '') === (query.migProfile ?? ''),
      )?.total ?? 0;
    const span = { quotaKey, from: window.from, to: window.to };
    const [onCluster, ...ofTeams] = await Promise.all([
      store.heldIntervals({ ...span, cluster: query.cluster }),
      ...teams.map(team => store.heldIntervals({ ...span, team })),
    ]);
    return {
      cluster: query.cluster,
      gpuClass: query.gpuClass,
      ...(query.migProfile ? { migProfile: query.migProfile } : {}),
      from: new Date(window.from).toISOString(),
      to: new Date(window.to).toISOString(),
      capacity: total,
      hours: calendarHours(onCluster, window, total),
      teams: teams.map((team, i) => {
        const limit = quotaLimitOf(quotas, team, quotaKey);
        return { team, limit, hours: calendarHours(ofTeams[i], window, limit) };
      }),
    };
  }

  /** The cluster, class and MIG profile must be configured. */
  private assertKnown(query: {
    cluster: string;
    gpuClass: string;
    migProfile?: string;
  }): void {
    const { capacity, rules } = this.options;
    const names = capacity.clusterNames();
    if (!names.includes(query.cluster)) {
      throw new InputError(
        `cluster: unknown cluster '${query.cluster}'; one of ${names.join(
          ', ',
        )}`,
      );
    }
    const gpuClass = rules.gpuClasses.find(c => c.id === query.gpuClass);
    if (!gpuClass) {
      throw new InputError(
        `gpuClass: unknown GPU class '${
          query.gpuClass
        }'; one of ${rules.gpuClasses.map(c => c.id).join(', ')}`,
      );
    }
    if (
      query.migProfile &&
      !gpuClass.migProfiles.some(m => m.name === query.migProfile)
    ) {
      throw new InputError(
        `migProfile: ${query.migProfile} is not a MIG profile of ${gpuClass.id}`,
      );
    }
  }
}
