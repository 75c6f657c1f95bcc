import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// The pages render several tables and charts, and the machines that run the
// tests are shared: give findBy* and waitFor room, and each test with them.
configure({ asyncUtilTimeout: 10_000 });
jest.setTimeout(30_000);
