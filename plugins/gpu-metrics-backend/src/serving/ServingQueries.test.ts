import { ServingQueries } from './ServingQueries';

describe('ServingQueries', () => {
  const q = ServingQueries.forCluster({
    cluster: 'gpu-"prod',
    clusterLabel: 'cluster',
  });

  it('selects pods only through escaped strings and alternations', () => {
    const expr = q.counterIncrease(
      'promptTokens',
      3600,
      new Map([['ml-platform', ['a.b', 'x"} or vector(1) #']]]),
    );
    expect(expr).toBe(
      'sum by (namespace, pod) (increase(vllm:prompt_tokens_total{job="vllm",cluster="gpu-\\"prod",namespace="ml-platform",pod=~"a\\\\.b|x\\"\\\\} or vector\\\\(1\\\\) #"}[3600s]))',
    );
  });

  it('reads callers from results only: no user_id matcher in the gateway query', () => {
    const expr = q.gatewayTokens(3600, ['llm.ml-platform.svc']);
    expect(expr).toBe(
      'sum by (server_address, user_id, gen_ai_token_type) (increase(gen_ai_client_token_usage_sum{job="ai-gateway",cluster="gpu-\\"prod",server_address=~"llm\\\\.ml-platform\\\\.svc"}[3600s]))',
    );
    expect(expr).not.toMatch(/user_id\s*[=!~]/);
  });

  it('joins namespaces with or, each its own selector', () => {
    const expr = q.bucketIncrease(
      'ttftBucket',
      60,
      new Map([
        ['b', ['p2']],
        ['a', ['p1']],
      ]),
    );
    expect(expr).toContain(' or ');
    expect(expr.indexOf('namespace="a"')).toBeLessThan(
      expr.indexOf('namespace="b"'),
    );
  });
});
