import { formatNanos } from '@ai-platform/plugin-ai-platform-common';
import { AuditorService, AuthService } from '@backstage/backend-plugin-api';
import { CallAuditor } from '@ai-platform/plugin-ai-platform-node';
import {
  InferenceUsage,
  InferenceUsageQuery,
  ServerUnitCost,
  ServingCosts,
  ServingCostsList,
  ServingCostsListQuery,
  ServingCostsQuery,
} from '@ai-platform/plugin-cost-common';
import { RateCard } from '../config/rateCard';
import { CostAccess } from '../service/CostAccess';
import { CostSubjects, refKey } from '../service/CostSubjects';
import { toDay } from '../service/dates';
import { CallContext } from '../service/types';
import { priceGpuHours } from './priceGpuHours';
import { SPLIT_METHOD, splitServingCost } from './splitServingCost';
import { ServingError, ServingFigures, ServingUsageSource } from './types';

const decimal = (nanos: bigint) => formatNanos(nanos);
const optionalDecimal = (nanos: bigint | null) =>
  nanos === null ? null : formatNanos(nanos);

/** Serving economics: what a model server costs per token, and who used it. */
export interface ServingCostsService {
  servingCosts(
    query: ServingCostsQuery,
    ctx: CallContext,
  ): Promise<ServingCosts>;
  listServingCosts(
    query: ServingCostsListQuery,
    ctx: CallContext,
  ): Promise<ServingCostsList>;
  inferenceUsage(
    query: InferenceUsageQuery,
    ctx: CallContext,
  ): Promise<InferenceUsage>;
}

/**
 * Prices the serving figures of the gpu-metrics backend with the rate card
 * (`priceGpuHours`) and splits them by tokens (`splitServingCost`). Every
 * answer is audited (it reads cluster data); unit prices are for any
 * signed-in caller, consumers and inference used need `cost.read`.
 */
export class ServingCostServiceImpl implements ServingCostsService {
  static create(options: {
    source: ServingUsageSource;
    rateCard?: RateCard;
    currency: string;
    subjects: CostSubjects;
    access: CostAccess;
    auditor: AuditorService;
    auth: AuthService;
    now?: () => Date;
  }): ServingCostServiceImpl {
    return new ServingCostServiceImpl(options);
  }

  private readonly audit: CallAuditor;

  private constructor(
    private readonly options: {
      source: ServingUsageSource;
      rateCard?: RateCard;
      currency: string;
      subjects: CostSubjects;
      access: CostAccess;
      now?: () => Date;
      auditor: AuditorService;
      auth: AuthService;
    },
  ) {
    this.audit = CallAuditor.create(options);
  }

  private get currency(): string {
    return this.options.rateCard?.currency ?? this.options.currency;
  }

  /** Prices figures with the rate card of today; no rate card prices nothing. */
  private price(figures: ServingFigures) {
    const { rateCard } = this.options;
    const errors: ServingError[] = [];
    if (!rateCard) {
      errors.push({
        cluster: '*',
        message:
          'No GPU rate card configured (cost.gpu.rateCard or cost.gpu.rateCardFile); serving cost is not computed',
      });
      return {
        priced: { gpuCostNanos: 0n, usedGpuCostNanos: 0n },
        split: splitServingCost(0n, figures),
        errors,
      };
    }
    const day = toDay((this.options.now?.() ?? new Date()).getTime());
    const priced = priceGpuHours(figures.totals, rateCard, day);
    errors.push(...priced.unpriced);
    return {
      priced,
      split: splitServingCost(priced.gpuCostNanos, figures),
      errors,
    };
  }

  async servingCosts(
    query: ServingCostsQuery,
    ctx: CallContext,
  ): Promise<ServingCosts> {
    const entityRef = refKey(query.entityRef);
    return this.audit.run(
      ctx,
      {
        eventId: 'serving-costs-read',
        severityLevel: 'low',
        meta: { entityRef, window: query.window },
      },
      async () => {
        const [usage, [consumersVisible]] = await Promise.all([
          this.options.source.entityServing(entityRef, query.window),
          this.options.access.mayRead([entityRef], ctx),
        ]);
        const { priced, split, errors } = this.price(usage);
        return {
          entityRef,
          window: query.window,
          currency: this.currency,
          gpuCost: decimal(priced.gpuCostNanos),
          usedGpuCost: decimal(priced.usedGpuCostNanos),
          inputTokens: Number(split.inputTokens),
          outputTokens: Number(split.outputTokens),
          costPerMillionInputTokens: optionalDecimal(
            split.costPerMillionInputNanos,
          ),
          costPerMillionOutputTokens: optionalDecimal(
            split.costPerMillionOutputNanos,
          ),
          method: SPLIT_METHOD,
          consumersVisible,
          consumers: consumersVisible
            ? usage.consumers.map((c, i) => ({
                caller: c.caller,
                ...(c.entityRef ? { entityRef: c.entityRef } : {}),
                ...(c.ownerRef ? { ownerRef: c.ownerRef } : {}),
                inputTokens: Number(split.consumers[i].inputTokens),
                outputTokens: Number(split.consumers[i].outputTokens),
                cost: decimal(split.consumers[i].costNanos),
              }))
            : [],
          unattributed: consumersVisible
            ? {
                inputTokens: Number(split.unattributed.inputTokens),
                outputTokens: Number(split.unattributed.outputTokens),
                cost: decimal(split.unattributed.costNanos),
              }
            : { inputTokens: 0, outputTokens: 0, cost: '0' },
          errors: [...usage.errors, ...errors],
        };
      },
    );
  }

  async listServingCosts(
    query: ServingCostsListQuery,
    ctx: CallContext,
  ): Promise<ServingCostsList> {
    return this.audit.run(
      ctx,
      {
        eventId: 'serving-costs-list',
        severityLevel: 'low',
        meta: { window: query.window },
      },
      async () => {
        const fleet = await this.options.source.servers({
          window: query.window,
        });
        const errors = [...fleet.errors];
        const servers = fleet.servers.map(server => {
          const { priced, split, errors: priceErrors } = this.price(server);
          errors.push(...priceErrors);
          const item: ServerUnitCost & { nanos: bigint } = {
            ...(server.entityRef ? { entityRef: server.entityRef } : {}),
            ...(server.ownerRef ? { ownerRef: server.ownerRef } : {}),
            cluster: server.cluster,
            namespace: server.namespace,
            serverAddress: server.serverAddress,
            models: server.models,
            gpuCost: decimal(priced.gpuCostNanos),
            usedGpuCost: decimal(priced.usedGpuCostNanos),
            inputTokens: Number(split.inputTokens),
            outputTokens: Number(split.outputTokens),
            costPerMillionInputTokens: optionalDecimal(
              split.costPerMillionInputNanos,
            ),
            costPerMillionOutputTokens: optionalDecimal(
              split.costPerMillionOutputNanos,
            ),
            nanos: priced.gpuCostNanos,
          };
          return item;
        });
        servers.sort(
          (a, b) =>
            Number(b.nanos > a.nanos) - Number(b.nanos < a.nanos) ||
            a.serverAddress.localeCompare(b.serverAddress),
        );
        return {
          window: query.window,
          currency: this.currency,
          method: SPLIT_METHOD,
          servers: servers.map(({ nanos: _nanos, ...item }) => item),
          errors: dedupe(errors),
        };
      },
    );
  }

  async inferenceUsage(
    query: InferenceUsageQuery,
    ctx: CallContext,
  ): Promise<InferenceUsage> {
    const raw = (query.groupRef ?? query.entityRef)!;
    return this.audit.run(
      ctx,
      {
        eventId: 'inference-usage-read',
        severityLevel: 'low',
        meta: { subjectRef: raw, window: query.window },
      },
      async () => {
        const subject = await this.options.subjects.resolve(raw);
        await this.options.access.requireRead(subject.ref, ctx);
        const teams = new Set(subject.filter.teams ?? []);
        const isSubject = (c: { entityRef?: string; ownerRef?: string }) =>
          subject.kind === 'group'
            ? Boolean(c.ownerRef && teams.has(refKey(c.ownerRef)))
            : Boolean(c.entityRef && refKey(c.entityRef) === subject.ref);
        const fleet = await this.options.source.servers({
          window: query.window,
        });
        const errors = [...fleet.errors];
        const items = [];
        let total = { inputTokens: 0n, outputTokens: 0n, costNanos: 0n };
        for (const server of fleet.servers) {
          const mine = server.consumers
            .map((c, i) => ({ c, i }))
            .filter(({ c }) => isSubject(c));
          if (!mine.length) continue;
          const { split, errors: priceErrors } = this.price(server);
          errors.push(...priceErrors);
          const sum = { inputTokens: 0n, outputTokens: 0n, costNanos: 0n };
          for (const { i } of mine) {
            const part = split.consumers[i];
            sum.inputTokens += part.inputTokens;
            sum.outputTokens += part.outputTokens;
            sum.costNanos += part.costNanos;
          }
          total = {
            inputTokens: total.inputTokens + sum.inputTokens,
            outputTokens: total.outputTokens + sum.outputTokens,
            costNanos: total.costNanos + sum.costNanos,
          };
          items.push({
            serverEntityRef: server.entityRef ?? null,
            cluster: server.cluster,
            namespace: server.namespace,
            serverAddress: server.serverAddress,
            models: server.models,
            inputTokens: Number(sum.inputTokens),
            outputTokens: Number(sum.outputTokens),
            cost: decimal(sum.costNanos),
            nanos: sum.costNanos,
          });
        }
        items.sort(
          (a, b) => Number(b.nanos > a.nanos) - Number(b.nanos < a.nanos),
        );
        return {
          subjectRef: subject.ref,
          window: query.window,
          currency: this.currency,
          items: items.map(({ nanos: _nanos, ...item }) => item),
          total: {
            inputTokens: Number(total.inputTokens),
            outputTokens: Number(total.outputTokens),
            cost: decimal(total.costNanos),
          },
          errors: dedupe(errors),
        };
      },
    );
  }
}

/** Errors once each (many servers can lack the same rate). */
function dedupe(errors: ServingError[]): ServingError[] {
  const seen = new Set<string>();
  return errors.filter(e => {
    const key = `${e.cluster}\n${e.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
