// The form and the template field ask the same way: the hook lives in -react.
export { useStartEstimate } from '@ai-platform/plugin-gpu-provisioning-react';
