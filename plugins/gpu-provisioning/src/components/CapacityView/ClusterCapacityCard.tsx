import { InfoCard, Link, Table, TableColumn } from '@backstage/core-components';
import { GpuClassCapacity } from '@ai-platform/plugin-gpu-provisioning-common';
import { CapacityChart, capacityLabel } from './CapacityChart';
import { formatMemory } from '../../utils/format';
import { useGpuPageLink } from '../shared/useGpuPageLink';
import {
  formatCurrency,
  formatNumber,
} from '@ai-platform/plugin-ai-platform-react';

/** Props of {@link ClusterCapacityCard}. */
export interface ClusterCapacityCardProps {
  cluster: string;
  /** The cluster's classes and MIG profiles. */
  items: GpuClassCapacity[];
}

/** One cluster: charts of whole GPUs and MIG instances, and the numbers. */
export function ClusterCapacityCard(props: ClusterCapacityCardProps) {
  const { cluster, items } = props;
  const link = useGpuPageLink();
  const whole = items.filter(i => !i.migProfile);
  const mig = items.filter(i => i.migProfile);
  const total = whole.reduce((sum, i) => sum + i.total, 0);
  const free = whole.reduce((sum, i) => sum + i.free, 0);

  const columns: TableColumn<GpuClassCapacity>[] = [
    {
      title: 'GPU',
      field: 'displayName',
      render: row => capacityLabel(row),
      customSort: (a, b) => capacityLabel(a).localeCompare(capacityLabel(b)),
    },
    {
      title: 'Memory',
      field: 'memoryMiB',
      render: row => formatMemory(row.memoryMiB),
    },
    { title: 'Total', field: 'total', type: 'numeric' },
    { title: 'In use', field: 'inUse', type: 'numeric' },
    { title: 'Granted', field: 'granted', type: 'numeric' },
    { title: 'Free', field: 'free', type: 'numeric' },
    {
      title: 'Rate',
      field: 'hourlyRate',
      type: 'numeric',
      render: row => `${formatCurrency(row.hourlyRate)}/h`,
    },
    {
      title: 'Request',
      sorting: false,
      render: row => (
        <Link
          to={link('request', {
            cluster,
            gpuClass: row.gpuClass,
            migProfile: row.migProfile,
          })}
          aria-label={`Request ${capacityLabel(row)} on ${cluster}`}
        >
          Request
        </Link>
      ),
    },
  ];

  return (
    <InfoCard
      title={cluster}
      subheader={`${formatNumber(free)} of ${formatNumber(total)} GPUs free`}
    >
      {whole.length > 0 && (
        <CapacityChart
          title={`Whole GPUs on ${cluster}`}
          unit="GPUs"
          items={whole}
        />
      )}
      {mig.length > 0 && (
        <CapacityChart
          title={`MIG instances on ${cluster}`}
          unit="MIG instances"
          items={mig}
        />
      )}
      <Table<GpuClassCapacity>
        title={`Capacity of ${cluster}`}
        columns={columns}
        data={items}
        options={{
          paging: false,
          search: false,
          toolbar: false,
          padding: 'dense',
        }}
      />
    </InfoCard>
  );
}
