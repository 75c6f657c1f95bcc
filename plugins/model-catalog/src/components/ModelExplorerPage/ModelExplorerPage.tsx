import { Header, Page } from '@backstage/core-components';
import { ModelExplorerContent } from './ModelExplorerContent';

/**
 * The model explorer for apps on the legacy frontend system, with its own
 * header. The new frontend system renders {@link ModelExplorerContent} under
 * its page extension's header.
 *
 * @public
 */
export function ModelExplorerPage() {
  return (
    <Page themeId="tool">
      <Header
        title="Models"
        subtitle="Find the right model: who owns it, what it needs and whether you may use it"
      />
      <ModelExplorerContent />
    </Page>
  );
}
