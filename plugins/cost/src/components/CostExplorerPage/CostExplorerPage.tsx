import { Header, Page } from '@backstage/core-components';
import { CostExplorerContent } from './CostExplorerContent';

/**
 * The explorer for apps on the legacy frontend system, with its own header.
 * The new frontend system renders {@link CostExplorerContent} under the
 * header of its page extension instead.
 */
export function CostExplorerPage() {
  return (
    <Page themeId="tool">
      <Header
        title="Cost"
        subtitle="What teams spend on the cloud and on GPUs, and what they waste"
      />
      <CostExplorerContent />
    </Page>
  );
}
