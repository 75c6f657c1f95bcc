import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// The views render large MUI trees inside a whole test app; on small CI
// machines running suites in parallel they need more than the defaults.
configure({ asyncUtilTimeout: 5_000 });
jest.setTimeout(30_000);
