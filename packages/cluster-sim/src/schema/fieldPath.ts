/**
 * Field paths in the apiserver's notation (`field.Path`): fields joined with
 * dots, list indexes and map keys in brackets, as in
 * `spec.containers[0].resources.limits[nvidia.com/gpu]`.
 */
export const fieldPath = {
  /** A declared field. */
  child(parent: string, name: string): string {
    return parent === '' ? name : `${parent}.${name}`;
  },
  /** A map key. */
  key(parent: string, key: string): string {
    return `${parent}[${key}]`;
  },
  /** A list element. */
  index(parent: string, index: number): string {
    return `${parent}[${index}]`;
  },
};
