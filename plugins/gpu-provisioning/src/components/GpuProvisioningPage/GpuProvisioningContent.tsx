import { TabbedLayout } from '@backstage/core-components';
import { ApprovalsView } from '../ApprovalsView/ApprovalsView';
import { CapacityView } from '../CapacityView/CapacityView';
import { RequestGpusView } from '../RequestGpusView/RequestGpusView';
import { RequestsView } from '../RequestsView/RequestsView';
import { useCanSeeApprovals } from './useCanSeeApprovals';

/**
 * The page's tabs: capacity, the request form, the user's requests, and, for
 * approvers, approvals. Each tab has its own path below the page
 * (`/gpu/request`, ...).
 */
export function GpuProvisioningContent() {
  const canSeeApprovals = useCanSeeApprovals();
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
      {canSeeApprovals && (
        <TabbedLayout.Route path="/approvals" title="Approvals">
          <ApprovalsView />
        </TabbedLayout.Route>
      )}
    </TabbedLayout>
  );
}
