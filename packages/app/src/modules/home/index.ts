import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { homeRedirect } from './homeRedirect';

/** The portal's root page. */
export const homeModule = createFrontendModule({
  pluginId: 'app',
  extensions: [homeRedirect],
});
