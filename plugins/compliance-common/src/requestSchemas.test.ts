import { historyQuerySchema, waiverInputSchema } from './requestSchemas';
import { compliancePermissions } from './permissions';

describe('waiverInputSchema', () => {
  const valid = {
    entityRef: 'component:default/assistant-api',
    checkId: 'k8s-default-deny-network-policy',
    justification: 'The mesh restricts ingress until Q1',
    expiresAt: '2026-12-31T23:59:59Z',
  };

  it('accepts a complete waiver and trims the justification', () => {
    expect(
      waiverInputSchema.parse({
        ...valid,
        justification: '  The mesh restricts ingress  ',
      }).justification,
    ).toBe('The mesh restricts ingress');
  });

  it.each([
    [{ justification: 'short' }, 'justification'],
    [{ expiresAt: 'next week' }, 'expiresAt'],
    [{ entityRef: '' }, 'entityRef'],
  ])('rejects %j naming the field', (change, field) => {
    const result = waiverInputSchema.safeParse({ ...valid, ...change });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map(i => i.path.join('.'))).toEqual([field]);
  });
});

describe('historyQuerySchema', () => {
  it('defaults to 90 days and bounds the range', () => {
    expect(
      historyQuerySchema.parse({ subjectRef: 'group:default/a' }).days,
    ).toBe(90);
    expect(
      historyQuerySchema.safeParse({
        subjectRef: 'group:default/a',
        days: '400',
      }).success,
    ).toBe(false);
  });
});

describe('compliancePermissions', () => {
  it('names every permission once', () => {
    expect(compliancePermissions.map(p => p.name)).toEqual([
      'compliance.score.read',
      'compliance.waiver.create',
      'compliance.waiver.delete',
      'compliance.evaluation.run',
      'compliance.entity.evaluate',
    ]);
  });
});
