import { AddressInfo } from 'node:net';
import {
  ApprovalPortalOptions,
  startApprovalPortal,
} from './startApprovalPortal';

// The entry point of the backend process that startApprovalPortalProcess
// starts: the portal on the options given as JSON in argv[2], its port sent
// to the parent once it answers.

type Implementation = (...args: unknown[]) => unknown;

/**
 * The part of `jest.fn` that the test utilities' mock services use
 * (`mockImplementation`): they build them with jest's global, which only a
 * process under jest has.
 */
function mockFunction() {
  let implementation: Implementation = () => undefined;
  const mock = (...args: unknown[]) => implementation(...args);
  mock.mockImplementation = (next: Implementation) => {
    implementation = next;
    return mock;
  };
  return mock;
}

if (!('jest' in globalThis)) {
  Object.assign(globalThis, { jest: { fn: mockFunction } });
}

// Nothing outlives the test: when the parent goes, so does this backend.
process.on('disconnect', () => process.exit(1));

startApprovalPortal(JSON.parse(process.argv[2]) as ApprovalPortalOptions).then(
  portal => {
    const { port } = portal.server.address() as AddressInfo;
    process.send?.({ type: 'approval-portal-ready', port });
  },
  error => {
    // eslint-disable-next-line no-console -- the parent shows this output when the start fails
    console.error('The approval portal did not start', error);
    process.exit(1);
  },
);
