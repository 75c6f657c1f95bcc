/** A state file that cannot be used, named in the message with what is wrong. */
export class FleetStateError extends Error {
  constructor(readonly file: string, problem: string) {
    super(
      `the fleet state file ${file} cannot be used: ${problem}. Move it away or delete it to start the fleet afresh (what was created on the fleet since its first start is then gone)`,
    );
    this.name = 'FleetStateError';
  }
}
