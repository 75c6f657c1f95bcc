import { Header, Page } from '@backstage/core-components';
import { GpuProvisioningContent } from './GpuProvisioningContent';

/**
 * The page for apps on the legacy frontend system, with its own header. The
 * new frontend system renders {@link GpuProvisioningContent} under the
 * header of its page extension instead.
 */
export function GpuProvisioningPage() {
  return (
    <Page themeId="tool">
      <Header
        title="GPU provisioning"
        subtitle="See free GPUs, request them for your team, and manage your grants"
      />
      <GpuProvisioningContent />
    </Page>
  );
}
