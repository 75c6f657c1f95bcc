import { randomUUID } from 'node:crypto';
import { AuthService } from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  complianceWaiverCreatePermission,
  complianceWaiverDeletePermission,
  Waiver,
  WaiverInput,
} from '@ai-platform/plugin-compliance-common';
import { ComplianceStore } from '../database/types';
import { FrameworkRegistry } from '../frameworks/FrameworkRegistry';
import { CallAuditor } from '@ai-platform/plugin-ai-platform-node';
import { ComplianceAccess } from './ComplianceAccess';
import { DAY_MS } from './days';
import { normalizeEntityRef } from './normalizeEntityRef';
import { StoredFactsScorer } from './StoredFactsScorer';
import { CallContext, WaiverService } from './types';

/** Waivers: granted and revoked by approvers, audited, re-scoring the entity at once. */
export class DefaultWaiverService implements WaiverService {
  static create(options: {
    store: ComplianceStore;
    registry: FrameworkRegistry;
    scorer: StoredFactsScorer;
    access: ComplianceAccess;
    audit: CallAuditor;
    auth: AuthService;
    maxWaiverDays: number;
    now: () => Date;
  }) {
    return new DefaultWaiverService(options);
  }

  private constructor(
    private readonly options: Parameters<typeof DefaultWaiverService.create>[0],
  ) {}

  createWaiver(ctx: CallContext, input: WaiverInput): Promise<Waiver> {
    return this.options.audit.run(
      ctx,
      {
        eventId: 'waiver-create',
        severityLevel: 'medium',
        meta: {
          entityRef: input.entityRef,
          checkId: input.checkId,
          expiresAt: input.expiresAt,
        },
        successMeta: waiver => ({ waiverId: waiver.id }),
      },
      () => this.create(ctx, input),
    );
  }

  revokeWaiver(ctx: CallContext, id: string): Promise<Waiver> {
    return this.options.audit.run(
      ctx,
      {
        eventId: 'waiver-revoke',
        severityLevel: 'medium',
        meta: { waiverId: id },
      },
      () => this.revoke(ctx, id),
    );
  }

  private async create(ctx: CallContext, input: WaiverInput): Promise<Waiver> {
    const { access, auth, store, registry, scorer, maxWaiverDays } =
      this.options;
    await access.require(
      ctx,
      complianceWaiverCreatePermission,
      'grant compliance waivers',
    );
    if (!auth.isPrincipal(ctx.credentials, 'user'))
      throw new NotAllowedError('Only a signed-in approver can grant a waiver');
    const entityRef = normalizeEntityRef(input.entityRef, 'entityRef');
    const entity = await store.getEntity(entityRef);
    if (!entity?.evaluatedAt)
      throw new NotFoundError(
        `${entityRef} has not been evaluated for compliance yet`,
      );
    const check = registry.check(input.checkId);
    if (!check)
      throw new InputError(`checkId '${input.checkId}' is not a known check`);
    if (!check.kinds.includes(entity.kind))
      throw new InputError(
        `checkId '${input.checkId}' does not apply to ${entity.kind} entities`,
      );
    const now = this.options.now();
    const expires = Date.parse(input.expiresAt);
    if (expires <= now.getTime())
      throw new InputError('expiresAt must be in the future');
    if (expires > now.getTime() + maxWaiverDays * DAY_MS)
      throw new InputError(
        `expiresAt must be at most ${maxWaiverDays} days ahead`,
      );
    const waiver: Waiver = {
      id: randomUUID(),
      entityRef,
      checkId: check.id,
      justification: input.justification.trim(),
      approver: ctx.credentials.principal.userEntityRef,
      createdAt: now.toISOString(),
      expiresAt: new Date(expires).toISOString(),
      active: true,
    };
    const { active, ...row } = waiver;
    void active;
    await store.createWaiver(row);
    await scorer.rescore(entityRef);
    return waiver;
  }

  private async revoke(ctx: CallContext, id: string): Promise<Waiver> {
    const { access, auth, store, scorer } = this.options;
    await access.require(
      ctx,
      complianceWaiverDeletePermission,
      'revoke compliance waivers',
    );
    const waiver = await store.getWaiver(id);
    if (!waiver) throw new NotFoundError(`No waiver '${id}'`);
    const by = auth.isPrincipal(ctx.credentials, 'user')
      ? ctx.credentials.principal.userEntityRef
      : 'service';
    await store.revokeWaiver(id, by, this.options.now().toISOString());
    await scorer.rescore(waiver.entityRef);
    const revoked = (await store.getWaiver(id))!;
    return { ...revoked, active: false };
  }
}
