import { configApiRef, useApi } from '@backstage/core-plugin-api';
import {
  ProxiedSignInPage,
  SignInPage as CoreSignInPage,
} from '@backstage/core-components';
import {
  SignInPageBlueprint,
  SignInPageProps,
} from '@backstage/plugin-app-react';

/**
 * The portal's sign-in page, as `portal.signInPage` says: behind oauth2-proxy
 * the proxy has signed the user in and there is no page of our own; otherwise
 * guest sign-in, the embedded default (the backend refuses guest in
 * production).
 */
export function PortalSignInPage(props: SignInPageProps) {
  const config = useApi(configApiRef);
  if (config.getOptionalString('portal.signInPage') === 'oauth2Proxy') {
    return <ProxiedSignInPage {...props} provider="oauth2Proxy" />;
  }
  return <CoreSignInPage {...props} providers={['guest']} />;
}

/** Replaces the app's default sign-in page (guest only) with {@link PortalSignInPage}. */
export const signInPage = SignInPageBlueprint.make({
  params: {
    loader: async () => PortalSignInPage,
  },
});
