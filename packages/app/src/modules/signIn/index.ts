import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { signInPage } from './signInPage';

/** The portal's sign-in page, in place of the app's default. */
export const signInModule = createFrontendModule({
  pluginId: 'app',
  extensions: [signInPage],
});
