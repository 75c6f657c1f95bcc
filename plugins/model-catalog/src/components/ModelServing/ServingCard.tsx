import { useState } from 'react';
import { InfoCard } from '@backstage/core-components';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  USAGE_WINDOWS,
  type UsageWindow,
} from '@ai-platform/plugin-gpu-metrics-common';
import { ServingView } from './ServingView';
import {
  WINDOW_LABELS,
  WindowToggle,
} from '@ai-platform/plugin-ai-platform-react';

/**
 * Props of {@link EntityServingCard}, the serving card.
 *
 * @public
 */
export interface ServingCardProps {
  /** The model server entity; the entity of the page when not given. */
  entityRef?: string;
  /** The card's title. */
  title?: string;
  /** The window shown first; `24h` when not given. */
  initialWindow?: UsageWindow;
}

/**
 * The serving economics of one model server entity (a KServe
 * InferenceService or any Component with vLLM pods) over a chosen window.
 *
 * @public
 */
export function ServingCard(props: ServingCardProps) {
  const { entity } = useEntity();
  const entityRef = props.entityRef ?? stringifyEntityRef(entity);
  const [window, setWindow] = useState<UsageWindow>(
    props.initialWindow ?? '24h',
  );
  return (
    <InfoCard
      title={props.title ?? 'Serving'}
      subheader={`Tokens, latency, GPUs and callers, ${WINDOW_LABELS[window]}`}
      action={
        <WindowToggle
          windows={USAGE_WINDOWS}
          value={window}
          onChange={setWindow}
        />
      }
    >
      <ServingView entityRef={entityRef} window={window} />
    </InfoCard>
  );
}
