import { createExtensionTester } from '@backstage/frontend-test-utils';
import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';
import plugin from '../alpha';
import { gpuResourcePickerExtension } from './gpuResourcePickerExtension';
import {
  GpuResourcePicker,
  validateGpuResource,
} from '@ai-platform/plugin-gpu-provisioning-react';

describe('GpuResourcePicker extensions', () => {
  it('is one of the plugin’s extensions in the new frontend system', () => {
    expect(
      plugin.getExtension(
        'scaffolder-form-field:gpu-provisioning/gpu-resource-picker',
      ),
    ).toBeDefined();
  });

  it('loads the GpuResourcePicker field', async () => {
    const tester = createExtensionTester(gpuResourcePickerExtension);
    const load = tester.get(FormFieldBlueprint.dataRefs.formFieldLoader);
    const field = await load!();
    // The scaffolder reads the field's name, component and validation.
    expect(field).toMatchObject({
      $$type: '@backstage/scaffolder/FormField',
      name: 'GpuResourcePicker',
      component: GpuResourcePicker,
      validation: validateGpuResource,
    });
  });
});
