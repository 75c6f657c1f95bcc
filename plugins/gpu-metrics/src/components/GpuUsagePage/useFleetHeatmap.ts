import { useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import useAsync from 'react-use/esm/useAsync';
import { gpuMetricsApiRef, HeatmapRow, UsageWindow } from '../../api';

/** A node whose GPUs are shown, and the page of nodes to go back to. */
interface NodeView {
  cluster: string;
  hostname: string;
  back: { cluster?: string; offset: number };
}

/** Which part of the heat map is shown, for the window it was chosen in. */
interface HeatmapView {
  window: UsageWindow;
  cluster?: string;
  offset: number;
  node?: NodeView;
}

/**
 * The heat map's state: a page of nodes of one cluster or all, or the GPUs
 * of one node, read from the backend for `window`. A new window starts again
 * at the first page of nodes (of the same cluster).
 */
export function useFleetHeatmap(window: UsageWindow) {
  const api = useApi(gpuMetricsApiRef);
  const [chosen, setView] = useState<HeatmapView>({ window, offset: 0 });
  const view: HeatmapView =
    chosen.window === window
      ? chosen
      : { window, cluster: chosen.cluster, offset: 0 };

  const { node, cluster, offset } = view;
  const state = useAsync(
    () =>
      api.getFleetHeatmap(
        node
          ? { window, cluster: node.cluster, node: node.hostname }
          : { window, cluster, offset },
      ),
    [api, window, cluster, offset, node?.cluster, node?.hostname],
  );

  return {
    ...state,
    /** The cluster filter of the nodes' pages; `undefined` for all. */
    cluster,
    /** The node whose GPUs are shown, if one is. */
    node,
    setCluster: (next: string | undefined) =>
      setView({ window, cluster: next, offset: 0 }),
    setOffset: (next: number) => setView({ ...view, offset: next }),
    selectNode: (row: HeatmapRow) =>
      setView({
        ...view,
        node: {
          cluster: row.cluster,
          hostname: row.hostname,
          back: { cluster, offset },
        },
      }),
    back: () =>
      setView({
        window,
        cluster: node?.back.cluster,
        offset: node?.back.offset ?? 0,
      }),
  };
}

/** What {@link useFleetHeatmap} returns. */
export type FleetHeatmapState = ReturnType<typeof useFleetHeatmap>;
