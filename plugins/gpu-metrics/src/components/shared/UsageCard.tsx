import { ReactNode, useState } from 'react';
import { EmptyState, InfoCard, Progress } from '@backstage/core-components';
import useAsync from 'react-use/esm/useAsync';
import { ClusterError, USAGE_WINDOWS, UsageWindow } from '../../api';
import { MetricsErrorPanel } from './MetricsErrorPanel';
import {
  ClusterErrorAlerts,
  WINDOW_LABELS,
  WindowToggle,
} from '@ai-platform/plugin-ai-platform-react';

/** Props of {@link UsageCard}. */
export interface UsageCardProps<T extends { errors: ClusterError[] }> {
  title: string;
  /** The subheader for a window label such as `last 24 hours`. */
  subheader: (windowLabel: string) => string;
  /** Loads the usage over a window; reloaded when the window changes. */
  load: (window: UsageWindow) => Promise<T>;
  /** Whether the answer has nothing to show. */
  isEmpty: (usage: T) => boolean;
  /** Why there is nothing, for a window label. */
  emptyDescription: (windowLabel: string) => string;
  /** What to say above the content and the empty state, e.g. skipped entities. */
  notices?: (usage: T) => ReactNode;
  /** Who may see this card's data, shown when the caller may not (403). */
  forbiddenDetail?: string;
  children: (usage: T) => ReactNode;
}

/**
 * The frame of the entity and group usage cards: the window picker, loading,
 * errors (whole, per cluster, or a refusal), notices, the empty state, then
 * `children`.
 */
export function UsageCard<T extends { errors: ClusterError[] }>(
  props: UsageCardProps<T>,
) {
  const {
    title,
    subheader,
    load,
    isEmpty,
    emptyDescription,
    notices,
    forbiddenDetail,
    children,
  } = props;
  const [window, setWindow] = useState<UsageWindow>('24h');
  const windowLabel = WINDOW_LABELS[window];
  // `load` is rebuilt on every render; the window is what asks for a reload.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const { value, loading, error } = useAsync(() => load(window), [window]);

  let content;
  if (loading) {
    content = <Progress />;
  } else if (error) {
    content = (
      <MetricsErrorPanel error={error} forbiddenDetail={forbiddenDetail} />
    );
  } else if (value) {
    content = (
      <>
        <ClusterErrorAlerts errors={value.errors} />
        {notices?.(value)}
        {isEmpty(value) ? (
          <EmptyState
            missing="data"
            title="No GPUs in use"
            description={emptyDescription(windowLabel)}
          />
        ) : (
          children(value)
        )}
      </>
    );
  }

  return (
    <InfoCard
      title={title}
      subheader={subheader(windowLabel)}
      action={
        <WindowToggle
          windows={USAGE_WINDOWS}
          value={window}
          onChange={setWindow}
        />
      }
    >
      {content}
    </InfoCard>
  );
}
