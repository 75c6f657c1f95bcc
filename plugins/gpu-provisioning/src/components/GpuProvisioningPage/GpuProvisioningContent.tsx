import { TabbedLayout } from '@backstage/core-components';
import { ApprovalsView } from '../ApprovalsView/ApprovalsView';
import { CapacityView } from '../CapacityView/CapacityView';
import { RequestGpusView } from '../RequestGpusView/RequestGpusView';
import { RequestsView } from '../RequestsView/RequestsView';
import { useIsGpuApprover } from '@ai-platform/plugin-gpu-provisioning-react';

/**
 * The page's tabs: capacity, the request form, the user's requests, and, for
 * approvers (as the permission policy says; no tab until it answers),
 * approvals. Each tab has its own path below the page (`/gpu/request`, ...).
 */
export function GpuProvisioningContent() {
  const { approver } = useIsGpuApprover();
  return (
    <TabbedLayout>
      <TabbedLayout.Route path="/capacity" title="Capacity">
        <CapacityView />
      </TabbedLayout.Route>
      <TabbedLayout.Route path="/request" title="Request GPUs">
        <RequestGpusView />
      </TabbedLayout.Route>
      <TabbedLayout.Route path="/requests" title="My requests">
        <RequestsView />
      </TabbedLayout.Route>
      {approver && (
        <TabbedLayout.Route path="/approvals" title="Approvals">
          <ApprovalsView />
        </TabbedLayout.Route>
      )}
    </TabbedLayout>
  );
}
