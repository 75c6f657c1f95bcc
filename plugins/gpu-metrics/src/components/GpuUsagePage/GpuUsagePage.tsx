import { Header, Page } from '@backstage/core-components';
import { GpuUsageContent } from './GpuUsageContent';

/**
 * The page for apps on the legacy frontend system, with its own header. The
 * new frontend system renders {@link GpuUsageContent} under the header of
 * its page extension instead.
 */
export function GpuUsagePage() {
  return (
    <Page themeId="tool">
      <Header
        title="GPU usage"
        subtitle="Utilisation of the GPU fleet and the GPUs that sit idle"
      />
      <GpuUsageContent />
    </Page>
  );
}
