import { ResponseError } from '@backstage/errors';
import { describeError, isForbidden } from './describeError';

async function responseError(status: number, message: string) {
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: { name: 'NotAllowedError', message },
        response: { statusCode: status },
      }),
      { status, headers: { 'Content-Type': 'application/json' } },
    ) as any,
  );
}

describe('describeError', () => {
  it('titles a refused call and keeps the backend’s own message', async () => {
    const error = await responseError(403, 'only approvers may approve');
    expect(describeError(error)).toEqual({
      statusCode: 403,
      title: 'You are not allowed to do this',
      message: 'only approvers may approve',
    });
    expect(isForbidden(error)).toBe(true);
  });

  it('titles an unexpected status by its number', async () => {
    const error = await responseError(502, 'bad gateway');
    expect(describeError(error).title).toBe('Request failed (502)');
    expect(isForbidden(error)).toBe(false);
  });

  it('describes anything else by its message', () => {
    expect(describeError(new Error('offline'))).toEqual({
      title: 'Something went wrong',
      message: 'offline',
    });
    expect(describeError('boom').message).toBe('boom');
    expect(isForbidden(undefined)).toBe(false);
    expect(
      isForbidden(Object.assign(new Error('no'), { statusCode: 403 })),
    ).toBe(true);
  });
});
