export interface Config {
  /** Settings of the portal's app itself. */
  portal?: {
    /**
     * The sign-in page the app shows. `guest` (the default) is the embedded
     * default's; `oauth2Proxy` is for a deployment behind oauth2-proxy, which
     * has signed the user in before the app loads (the backend needs
     * `auth.providers.oauth2Proxy` too). The backend's provider settings are
     * not visible to the app, hence this key.
     * @visibility frontend
     */
    signInPage?: 'guest' | 'oauth2Proxy';
  };
}
