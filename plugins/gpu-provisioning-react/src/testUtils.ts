/**
 * Test utilities for the GPU provisioning web library: a mock of
 * {@link gpuProvisioningApiRef} for frontend tests, so every plugin that shows
 * grants tests against the same API shape.
 *
 * @packageDocumentation
 */
export { gpuProvisioningApiMock } from './__testUtils__/gpuProvisioningApiMock';
