import { entityRefKey } from '@ai-platform/plugin-ai-platform-node';
import {
  AuditorService,
  AuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  AuthorizeResult,
  BasicPermission,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import { NotificationService } from '@backstage/plugin-notifications-node';
import {
  Budget,
  BudgetInput,
  BudgetStatus,
  BudgetsResponse,
  CostForecast,
  CostGroupsResponse,
  CostQuery,
  CostReport,
  CostSeries,
  FocusExportQuery,
  ForecastQuery,
  IdleWasteItem,
  IdleWasteQuery,
  IdleWasteReport,
  TopSpendersQuery,
  TopSpendersResponse,
  UNALLOCATED,
  costBudgetManagePermission,
  costFocusExportPermission,
  costReadPermission,
  CostMetric,
} from '@ai-platform/plugin-cost-common';
import { GroupHierarchy } from '../catalog/CatalogGroupHierarchy';
import { CostStore, DailyDimension, DailyFilter } from '../database/types';
import { CostSubject } from '../permissions/costSubjectResourceRef';
import { kubernetesFocusCsv } from './kubernetesFocusCsv';
import { toCsv } from './csv';
import {
  addDays,
  bucketOf,
  bucketsOf,
  daysBetween,
  daysInMonth,
  toDay,
} from './dates';
import { CallContext } from './types';

const SPLIT_DIMENSIONS: Record<
  Exclude<CostQuery['splitBy'], undefined | 'childTeam'>,
  DailyDimension
> = {
  service: 'service_name',
  provider: 'provider',
  gpuClass: 'gpu_class',
  subAccount: 'sub_account_id',
  entity: 'entity_ref',
};

const TOP_DIMENSIONS: Record<TopSpendersQuery['by'], DailyDimension> = {
  team: 'team',
  entity: 'entity_ref',
  service: 'service_name',
};

/** An entity ref's comparison key (case-insensitive); a malformed one lower-cased. */
const lower = (ref: string) => {
  try {
    return entityRefKey(ref);
  } catch {
    return ref.toLocaleLowerCase('en-US');
  }
};
const round = (n: number) => Math.round(n * 1e6) / 1e6;

/** A normalised subject of a cost query. */
interface Subject {
  ref: string;
  kind: 'group' | 'entity';
  filter: Omit<DailyFilter, 'from' | 'to'>;
}

/**
 * Answers cost questions from the daily roll-ups, checks `cost.read` for
 * every subject, manages budgets and notifies when a forecast passes one.
 */
export class CostService {
  static create(options: {
    store: CostStore;
    hierarchy: GroupHierarchy;
    permissions: PermissionsService;
    auditor: AuditorService;
    auth: AuthService;
    logger: LoggerService;
    notifications?: NotificationService;
    currency: string;
    now?: () => Date;
  }): CostService {
    return new CostService(options);
  }

  private constructor(
    private readonly options: {
      store: CostStore;
      hierarchy: GroupHierarchy;
      permissions: PermissionsService;
      auditor: AuditorService;
      auth: AuthService;
      logger: LoggerService;
      notifications?: NotificationService;
      currency: string;
      now?: () => Date;
    },
  ) {}

  private today(): string {
    return toDay((this.options.now?.() ?? new Date()).getTime());
  }

  /** The permission framework's view of subjects (for conditional decisions). */
  async permissionSubjects(
    refs: string[],
  ): Promise<Array<CostSubject | undefined>> {
    const { hierarchy } = this.options;
    const [groups, owners] = await Promise.all([
      hierarchy.groups(),
      hierarchy.owners(),
    ]);
    return Promise.all(
      refs.map(async raw => {
        const ref = lower(raw);
        const team = groups.has(ref) ? ref : owners.get(ref) ?? null;
        const ancestors =
          team && team.startsWith('group:')
            ? await hierarchy.ancestors(team)
            : [];
        return { ref, team, ancestors };
      }),
    );
  }

  private async authorize(
    permission: ResourcePermission | BasicPermission,
    ctx: CallContext,
    resourceRef?: string,
  ): Promise<boolean> {
    const [decision] = await this.options.permissions.authorize(
      [
        permission.type === 'resource'
          ? { permission, resourceRef: resourceRef! }
          : { permission: permission as BasicPermission },
      ],
      { credentials: ctx.credentials },
    );
    return decision.result === AuthorizeResult.ALLOW;
  }

  private async requireRead(ref: string, ctx: CallContext) {
    if (!(await this.authorize(costReadPermission, ctx, ref))) {
      throw new NotAllowedError(
        `You may not read the costs of ${ref}: they are visible to the team's members, the members of groups above it, and cost admins`,
      );
    }
  }

  private async subject(rawRef: string): Promise<Subject> {
    let parsed;
    try {
      parsed = parseEntityRef(rawRef);
    } catch (error) {
      throw new InputError(`entityRef: ${String(error)}`);
    }
    const ref = lower(`${parsed.kind}:${parsed.namespace}/${parsed.name}`);
    if (parsed.kind.toLocaleLowerCase('en-US') === 'group') {
      const groups = await this.options.hierarchy.groups();
      if (!groups.has(ref)) {
        throw new NotFoundError(`entityRef: no group ${ref} in the catalog`);
      }
      const teams = await this.options.hierarchy.descendants(ref);
      // The organisation's total includes what could not be allocated, so
      // it matches the bills.
      const group = groups.get(ref)!;
      if (!group.parentRef && group.type === 'organization') {
        teams.push(UNALLOCATED);
      }
      return { ref, kind: 'group', filter: { teams } };
    }
    return { ref, kind: 'entity', filter: { entityRef: ref } };
  }

  private async total(
    filter: DailyFilter,
    metric: CostMetric,
  ): Promise<{ total: number; currency: string }> {
    const rows = await this.options.store.queryDaily({ filter, metric });
    return {
      total: rows.reduce((s, r) => s + r.amount, 0),
      currency: dominantCurrency(rows, this.options.currency),
    };
  }

  /** Cost of an entity or group over a range, bucketed and optionally split. */
  async costs(query: CostQuery, ctx: CallContext): Promise<CostReport> {
    const subject = await this.subject(query.entityRef);
    await this.requireRead(subject.ref, ctx);
    const filter: DailyFilter = {
      ...subject.filter,
      from: query.from,
      to: query.to,
    };
    const buckets = bucketsOf(query.from, query.to, query.granularity);
    const zero = () => new Map(buckets.map(b => [b, 0]));

    let byDimension: DailyDimension | undefined;
    if (query.splitBy === 'childTeam') byDimension = 'team';
    else if (query.splitBy) byDimension = SPLIT_DIMENSIONS[query.splitBy];
    if (query.splitBy === 'childTeam' && subject.kind !== 'group') {
      throw new InputError('splitBy: childTeam applies only to groups');
    }
    const rows = await this.options.store.queryDaily({
      filter,
      groupBy: byDimension,
      metric: query.metric,
    });

    const totals = zero();
    const series = new Map<string, Map<string, number>>();
    const keyOf = await this.splitKey(subject, query.splitBy);
    for (const row of rows) {
      const bucket = bucketOf(row.day, query.granularity);
      totals.set(bucket, (totals.get(bucket) ?? 0) + row.amount);
      if (byDimension) {
        const key = keyOf(row.key);
        if (!series.has(key)) series.set(key, zero());
        const points = series.get(key)!;
        points.set(bucket, (points.get(bucket) ?? 0) + row.amount);
      }
    }
    const total = [...totals.values()].reduce((s, v) => s + v, 0);
    const days = daysBetween(query.from, query.to);
    const previous = await this.total(
      {
        ...subject.filter,
        from: addDays(query.from, -days),
        to: addDays(query.from, -1),
      },
      query.metric,
    );
    const labels = await this.labels(query.splitBy);
    const seriesList: CostSeries[] = [...series.entries()]
      .map(([key, points]) => ({
        key,
        label: labels(key, subject.ref),
        total: round([...points.values()].reduce((s, v) => s + v, 0)),
        points: [...points.entries()].map(([date, amount]) => ({
          date,
          amount: round(amount),
        })),
      }))
      .sort((a, b) => b.total - a.total || a.key.localeCompare(b.key));

    return {
      entityRef: subject.ref,
      subjectKind: subject.kind,
      from: query.from,
      to: query.to,
      granularity: query.granularity,
      metric: query.metric,
      currency: dominantCurrency(rows, this.options.currency),
      total: round(total),
      change: {
        previousTotal: round(previous.total),
        amount: round(total - previous.total),
        ratio:
          previous.total === 0
            ? null
            : round((total - previous.total) / Math.abs(previous.total)),
      },
      points: [...totals.entries()].map(([date, amount]) => ({
        date,
        amount: round(amount),
      })),
      ...(query.splitBy ? { splitBy: query.splitBy } : {}),
      series: seriesList,
    };
  }

  /** The same report as CSV: one line per bucket (and split value). */
  async exportCsv(query: CostQuery, ctx: CallContext): Promise<string> {
    const report = await this.costs(query, ctx);
    const rows = report.splitBy
      ? report.series.flatMap(s =>
          s.points.map(p => [
            p.date,
            s.key,
            s.label,
            p.amount,
            report.currency,
          ]),
        )
      : report.points.map(p => [p.date, '', '', p.amount, report.currency]);
    return toCsv(['date', 'key', 'label', 'amount', 'currency'], rows);
  }

  private async splitKey(
    subject: Subject,
    splitBy: CostQuery['splitBy'],
  ): Promise<(key: string | null) => string> {
    if (splitBy !== 'childTeam') {
      return key => key ?? (splitBy === 'gpuClass' ? 'none' : UNALLOCATED);
    }
    const groups = await this.options.hierarchy.groups();
    const childOf = new Map<string, string>();
    for (const child of groups.get(subject.ref)?.childRefs ?? []) {
      for (const team of await this.options.hierarchy.descendants(child)) {
        childOf.set(team, child);
      }
    }
    return key => {
      if (key === UNALLOCATED) return UNALLOCATED;
      return key ? childOf.get(key) ?? subject.ref : subject.ref;
    };
  }

  private async labels(
    splitBy: CostQuery['splitBy'] | 'team',
  ): Promise<(key: string, subjectRef?: string) => string> {
    if (splitBy !== 'childTeam' && splitBy !== 'team') return key => key;
    const groups = await this.options.hierarchy.groups();
    return (key, subjectRef) => {
      const title = groups.get(key)?.title ?? key;
      return key === subjectRef && splitBy === 'childTeam'
        ? `${title} (direct)`
        : title;
    };
  }

  /** Month-to-date cost, projected linearly to the end of the month. */
  async forecast(
    query: ForecastQuery,
    ctx: CallContext,
  ): Promise<CostForecast> {
    const subject = await this.subject(query.entityRef);
    await this.requireRead(subject.ref, ctx);
    const budgets =
      subject.kind === 'group'
        ? await this.options.store.listBudgets([subject.ref])
        : [];
    return this.forecastFor(subject, query.metric, budgets[0]?.amount ?? null);
  }

  private async forecastFor(
    subject: Subject,
    metric: CostMetric,
    budget: number | null,
  ): Promise<CostForecast> {
    const today = this.today();
    const monthStart = `${today.slice(0, 7)}-01`;
    const filter = { ...subject.filter, from: monthStart, to: today };
    const { total, currency } = await this.total(filter, metric);
    const lastDataDay = await this.options.store.lastDay(filter);
    const elapsed = lastDataDay ? daysBetween(monthStart, lastDataDay) : 0;
    const forecast = elapsed > 0 ? (total / elapsed) * daysInMonth(today) : 0;
    return {
      entityRef: subject.ref,
      month: today.slice(0, 7),
      currency,
      monthToDate: round(total),
      forecast: round(forecast),
      lastDataDay,
      budget,
      overBudget: budget !== null && forecast > budget,
    };
  }

  /** The biggest teams, entities or services within a subject. */
  async topSpenders(
    query: TopSpendersQuery,
    ctx: CallContext,
  ): Promise<TopSpendersResponse> {
    const subject = await this.subject(query.entityRef);
    await this.requireRead(subject.ref, ctx);
    const dimension = TOP_DIMENSIONS[query.by];
    const days = daysBetween(query.from, query.to);
    const sums = async (from: string, to: string) => {
      const rows = await this.options.store.queryDaily({
        filter: { ...subject.filter, from, to },
        groupBy: dimension,
        metric: query.metric,
      });
      const map = new Map<string, number>();
      for (const r of rows) {
        const key = r.key ?? UNALLOCATED;
        map.set(key, (map.get(key) ?? 0) + r.amount);
      }
      return { map, rows };
    };
    const current = await sums(query.from, query.to);
    const previous = await sums(
      addDays(query.from, -days),
      addDays(query.from, -1),
    );
    const labels = await this.labels(query.by === 'team' ? 'team' : undefined);
    const items = [...current.map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, query.limit)
      .map(([key, amount]) => ({
        key,
        label: labels(key),
        amount: round(amount),
        previousAmount: round(previous.map.get(key) ?? 0),
      }));
    return {
      entityRef: subject.ref,
      from: query.from,
      to: query.to,
      by: query.by,
      currency: dominantCurrency(current.rows, this.options.currency),
      items,
    };
  }

  /** Kubernetes GPU cost allocated vs used; the difference is idle waste. */
  async idleWaste(
    query: IdleWasteQuery,
    ctx: CallContext,
  ): Promise<IdleWasteReport> {
    const subject = await this.subject(query.entityRef);
    await this.requireRead(subject.ref, ctx);
    const rows = await this.options.store.queryGpu({
      ...subject.filter,
      from: query.from,
      to: query.to,
    });
    const items = new Map<string, IdleWasteItem>();
    const perDay = new Map(
      bucketsOf(query.from, query.to, 'day').map(d => [d, 0]),
    );
    for (const r of rows) {
      const entityRef = r.entityRef ?? UNALLOCATED;
      const key = `${entityRef}\u0000${r.team}\u0000${r.gpuClass}`;
      const item = items.get(key) ?? {
        entityRef,
        team: r.team,
        gpuClass: r.gpuClass,
        gpuHoursAllocated: 0,
        gpuHoursUsed: 0,
        allocatedCost: 0,
        usedCost: 0,
        idleCost: 0,
      };
      item.gpuHoursAllocated += r.gpuHoursAllocated;
      item.gpuHoursUsed += r.gpuHoursUsed;
      item.allocatedCost += r.allocatedCost;
      item.usedCost += r.usedCost;
      item.idleCost += r.allocatedCost - r.usedCost;
      items.set(key, item);
      perDay.set(
        r.day,
        (perDay.get(r.day) ?? 0) + r.allocatedCost - r.usedCost,
      );
    }
    const list = [...items.values()]
      .map(i => ({
        ...i,
        gpuHoursAllocated: round(i.gpuHoursAllocated),
        gpuHoursUsed: round(i.gpuHoursUsed),
        allocatedCost: round(i.allocatedCost),
        usedCost: round(i.usedCost),
        idleCost: round(i.idleCost),
      }))
      .sort((a, b) => b.idleCost - a.idleCost);
    const sum = (f: (i: IdleWasteItem) => number) =>
      round(list.reduce((s, i) => s + f(i), 0));
    return {
      entityRef: subject.ref,
      from: query.from,
      to: query.to,
      currency: rows[0]?.currency ?? this.options.currency,
      gpuHoursAllocated: sum(i => i.gpuHoursAllocated),
      gpuHoursUsed: sum(i => i.gpuHoursUsed),
      allocatedCost: sum(i => i.allocatedCost),
      usedCost: sum(i => i.usedCost),
      idleCost: sum(i => i.idleCost),
      items: list,
      points: [...perDay.entries()].map(([date, amount]) => ({
        date,
        amount: round(amount),
      })),
    };
  }

  /** The groups whose costs the caller may read. */
  async groups(ctx: CallContext): Promise<CostGroupsResponse> {
    const groups = [...(await this.options.hierarchy.groups()).values()];
    if (groups.length === 0) return { groups: [] };
    const decisions = await this.options.permissions.authorize(
      groups.map(g => ({ permission: costReadPermission, resourceRef: g.ref })),
      { credentials: ctx.credentials },
    );
    return {
      groups: groups
        .filter((_, i) => decisions[i].result === AuthorizeResult.ALLOW)
        .sort((a, b) => a.ref.localeCompare(b.ref)),
    };
  }

  /** Budgets the caller may read, with this month's spend and forecast. */
  async listBudgets(
    entityRef: string | undefined,
    ctx: CallContext,
  ): Promise<BudgetsResponse> {
    let refs: string[] | undefined;
    if (entityRef) {
      const subject = await this.subject(entityRef);
      await this.requireRead(subject.ref, ctx);
      refs = subject.filter.teams ?? [];
    }
    const budgets = await this.options.store.listBudgets(refs);
    if (budgets.length === 0) return { budgets: [] };
    const decisions = await this.options.permissions.authorize(
      budgets.map(b => ({
        permission: costReadPermission,
        resourceRef: b.groupRef,
      })),
      { credentials: ctx.credentials },
    );
    const visible = budgets.filter(
      (_, i) => decisions[i].result === AuthorizeResult.ALLOW,
    );
    return {
      budgets: await Promise.all(
        visible.map(async ({ notifiedMonth: _n, ...b }) => this.statusOf(b)),
      ),
    };
  }

  private async statusOf(budget: Budget): Promise<BudgetStatus> {
    const subject: Subject = {
      ref: budget.groupRef,
      kind: 'group',
      filter: {
        teams: await this.options.hierarchy.descendants(budget.groupRef),
      },
    };
    const f = await this.forecastFor(subject, 'billed', budget.amount);
    return {
      ...budget,
      monthToDate: f.monthToDate,
      forecast: f.forecast,
      overBudget: f.overBudget,
    };
  }

  private async audited<T>(
    ctx: CallContext,
    event: { eventId: string; meta: Record<string, unknown> },
    fn: () => Promise<T>,
  ): Promise<T> {
    const auditorEvent = await this.options.auditor.createEvent({
      eventId: event.eventId,
      severityLevel: 'medium',
      request: ctx.httpRequest,
      meta: {
        ...event.meta,
        ...(this.options.auth.isPrincipal(ctx.credentials, 'user')
          ? { actor: ctx.credentials.principal.userEntityRef }
          : {}),
      },
    });
    try {
      const result = await fn();
      await auditorEvent.success();
      return result;
    } catch (error) {
      await auditorEvent.fail({ error: error as Error });
      throw error;
    }
  }

  private actor(ctx: CallContext): string {
    return this.options.auth.isPrincipal(ctx.credentials, 'user')
      ? ctx.credentials.principal.userEntityRef
      : 'service';
  }

  private async requireManage(groupRef: string, ctx: CallContext) {
    if (!(await this.authorize(costBudgetManagePermission, ctx, groupRef))) {
      throw new NotAllowedError(
        `You may not manage the budget of ${groupRef}: budgets are set by members of the groups above it and cost admins`,
      );
    }
  }

  async createBudget(input: BudgetInput, ctx: CallContext): Promise<Budget> {
    const subject = await this.subject(input.groupRef);
    return this.audited(
      ctx,
      {
        eventId: 'budget-create',
        meta: { groupRef: subject.ref, amount: input.amount },
      },
      async () => {
        await this.requireManage(subject.ref, ctx);
        return this.options.store.createBudget({
          groupRef: subject.ref,
          amount: input.amount,
          currency: input.currency,
          updatedBy: this.actor(ctx),
          updatedAt: new Date().toISOString(),
        });
      },
    );
  }

  async updateBudget(
    id: string,
    input: BudgetInput,
    ctx: CallContext,
  ): Promise<Budget> {
    const subject = await this.subject(input.groupRef);
    return this.audited(
      ctx,
      {
        eventId: 'budget-update',
        meta: { budgetId: id, groupRef: subject.ref, amount: input.amount },
      },
      async () => {
        const existing = await this.options.store.getBudget(id);
        if (!existing) throw new NotFoundError(`No budget with id ${id}`);
        await this.requireManage(existing.groupRef, ctx);
        if (existing.groupRef !== subject.ref) {
          await this.requireManage(subject.ref, ctx);
        }
        return this.options.store.updateBudget(id, {
          groupRef: subject.ref,
          amount: input.amount,
          currency: input.currency,
          updatedBy: this.actor(ctx),
          updatedAt: new Date().toISOString(),
        });
      },
    );
  }

  async deleteBudget(id: string, ctx: CallContext): Promise<void> {
    await this.audited(
      ctx,
      { eventId: 'budget-delete', meta: { budgetId: id } },
      async () => {
        const existing = await this.options.store.getBudget(id);
        if (!existing) throw new NotFoundError(`No budget with id ${id}`);
        await this.requireManage(existing.groupRef, ctx);
        await this.options.store.deleteBudget(id);
      },
    );
  }

  /**
   * Notifies each group whose forecast passes its budget, once a month.
   * Returns the groups notified.
   */
  async checkBudgets(): Promise<string[]> {
    const notified: string[] = [];
    const month = this.today().slice(0, 7);
    for (const budget of await this.options.store.listBudgets()) {
      if (budget.notifiedMonth === month) continue;
      const status = await this.statusOf(budget);
      if (!status.overBudget) continue;
      if (this.options.notifications) {
        await this.options.notifications.send({
          recipients: { type: 'entity', entityRef: budget.groupRef },
          payload: {
            title: `Cost forecast passes the budget of ${budget.groupRef}`,
            description: `Forecast for ${month}: ${status.forecast.toFixed(
              2,
            )} ${budget.currency}, budget ${budget.amount.toFixed(2)} ${
              budget.currency
            } (${status.monthToDate.toFixed(2)} spent so far).`,
            link: `/catalog/${budget.groupRef.replace(
              /^group:([^/]+)\//,
              '$1/group/',
            )}`,
            severity: 'high',
            topic: 'cost-budget',
          },
        });
      }
      await this.options.store.markBudgetNotified(budget.id, month);
      this.options.logger.info('Cost forecast passes budget', {
        groupRef: budget.groupRef,
        forecast: status.forecast,
        budget: budget.amount,
      });
      notified.push(budget.groupRef);
    }
    return notified;
  }

  /** Kubernetes GPU cost of a range as FOCUS 1.2 rows. */
  async focusExport(
    query: FocusExportQuery,
    ctx: CallContext,
  ): Promise<string> {
    if (!(await this.authorize(costFocusExportPermission, ctx))) {
      throw new NotAllowedError('You may not export Kubernetes GPU cost');
    }
    const rows = await this.options.store.queryGpu({
      from: query.from,
      to: query.to,
    });
    return kubernetesFocusCsv(rows);
  }
}

function dominantCurrency(
  rows: Array<{ currency: string; amount: number }>,
  fallback: string,
): string {
  const totals = new Map<string, number>();
  for (const r of rows) {
    totals.set(r.currency, (totals.get(r.currency) ?? 0) + Math.abs(r.amount));
  }
  let best = fallback;
  let max = -1;
  for (const [currency, total] of totals) {
    if (total > max) {
      best = currency;
      max = total;
    }
  }
  return best;
}
