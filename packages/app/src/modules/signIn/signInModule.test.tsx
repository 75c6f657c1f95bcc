import { render, screen, waitFor } from '@testing-library/react';
import App from '../../App';

describe('signInModule', () => {
  afterEach(() => jest.restoreAllMocks());

  it('signs in through oauth2-proxy when portal.signInPage says so', async () => {
    const fetchSpy = jest.spyOn(global, 'fetch').mockResolvedValue(
      new Response(
        JSON.stringify({
          error: { name: 'AuthenticationError', message: 'No proxy headers' },
        }),
        { status: 401, headers: { 'content-type': 'application/json' } },
      ),
    );
    process.env = {
      NODE_ENV: 'test',
      APP_CONFIG: [
        {
          data: {
            app: { title: 'AI Platform Portal' },
            backend: { baseUrl: 'http://localhost:7007' },
            portal: { signInPage: 'oauth2Proxy' },
          },
          context: 'test',
        },
      ] as any,
    };

    render(App.createRoot());

    await waitFor(
      () =>
        expect(fetchSpy).toHaveBeenCalledWith(
          'http://localhost:7007/api/auth/oauth2Proxy/refresh',
          expect.anything(),
        ),
      { timeout: 10_000 },
    );
    expect(
      screen.queryByRole('button', { name: 'Enter' }),
    ).not.toBeInTheDocument();
  }, 30_000);
});
