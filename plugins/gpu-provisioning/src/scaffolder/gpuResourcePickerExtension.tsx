import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';

/**
 * The `GpuResourcePicker` scaffolder field: GPU class, count and duration with
 * live capacity, the team's quota left and the estimated cost.
 *
 * @alpha
 */
export const gpuResourcePickerExtension = FormFieldBlueprint.make({
  name: 'gpu-resource-picker',
  params: {
    field: () =>
      import('./gpuResourcePickerFormField').then(
        m => m.gpuResourcePickerFormField,
      ),
  },
});
