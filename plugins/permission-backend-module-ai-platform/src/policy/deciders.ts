import { PermissionDecider } from './types';

/**
 * The deciders of the suite's plugin families, in the order they are asked.
 *
 * @remarks
 * A plugin family that adds permissions adds its decider here, built from the
 * permission list and rules in its `-common` package.
 */
export const portalDeciders: PermissionDecider[] = [];
