import {
  Content,
  Header,
  Page,
  Progress,
  ResponseErrorPanel,
  TabbedLayout,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import useAsync from 'react-use/esm/useAsync';
import { complianceApiRef } from '../../api';
import { ComplianceOverview } from '../GroupComplianceContent';
import { FrameworkView } from '../FrameworkView';

/** The tabs of the compliance page: teams, then one per framework. */
export function ComplianceContent() {
  const api = useApi(complianceApiRef);
  const { value, loading, error } = useAsync(() => api.getFrameworks(), [api]);
  if (loading) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  return (
    <TabbedLayout>
      <TabbedLayout.Route path="/" title="Teams">
        <ComplianceOverview />
      </TabbedLayout.Route>
      {(value?.frameworks ?? []).map(f => (
        <TabbedLayout.Route
          key={f.id}
          path={`/frameworks/${f.id}`}
          title={f.title}
        >
          <FrameworkView frameworkId={f.id} />
        </TabbedLayout.Route>
      ))}
    </TabbedLayout>
  );
}

/** The compliance page with its header, for the legacy frontend system. */
export function CompliancePage() {
  return (
    <Page themeId="tool">
      <Header
        title="Compliance"
        subtitle="SOC 2, HIPAA and ISO/IEC 27001 controls checked over the catalog and the clusters"
      />
      <Content>
        <ComplianceContent />
      </Content>
    </Page>
  );
}
