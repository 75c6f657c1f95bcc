import { ApiException } from '@kubernetes/client-node';
import { describeApiError, isNotFound, statusCodeOf } from './apiErrors';

describe('apiErrors', () => {
  const notFound = new ApiException(
    404,
    'Unknown API Status Code!',
    JSON.stringify({
      kind: 'Status',
      reason: 'NotFound',
      message: 'namespaces "x" not found',
    }),
    { authorization: 'Bearer secret-token' },
  );

  it('reads the status and message of the apiserver, never the headers', () => {
    expect(statusCodeOf(notFound)).toBe(404);
    expect(isNotFound(notFound)).toBe(true);
    expect(describeApiError(notFound)).toBe(
      '404 NotFound: namespaces "x" not found',
    );
    expect(describeApiError(notFound)).not.toContain('secret-token');
  });

  it.each<[unknown, string]>([
    [
      new ApiException(502, 'Bad Gateway', '<html>bad gateway</html>', {}),
      '502: <html>bad gateway</html>',
    ],
    [new ApiException(500, 'x', undefined, {}), '500: no message'],
    [
      new Error('connect ECONNREFUSED 127.0.0.1:9'),
      'connect ECONNREFUSED 127.0.0.1:9',
    ],
    ['plain', 'plain'],
  ])('describes %p', (error, expected) => {
    expect(describeApiError(error)).toBe(expected);
    expect(isNotFound(error)).toBe(false);
  });
});
