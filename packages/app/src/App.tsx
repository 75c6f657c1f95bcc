import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import { navModule } from './modules/nav';
import { homeModule } from './modules/home';
import { signInModule } from './modules/signIn';

/**
 * The AI Platform Portal. Plugins listed in package.json are discovered
 * (`app.packages: all`); only modules of this package are listed here.
 */
export default createApp({
  features: [catalogPlugin, navModule, homeModule, signInModule],
});
