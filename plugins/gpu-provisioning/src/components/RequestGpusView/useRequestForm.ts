import { useCallback, useMemo, useRef, useState } from 'react';
import {
  describeIssues,
  GpuRequestInput,
  gpuRequestInputSchema,
} from '@ai-platform/plugin-gpu-provisioning-common';
import { createIdempotencyKey } from '../../utils/createIdempotencyKey';
import { fromLocalInputValue, startAtErrorOf } from '../../utils/schedule';

/** The form's fields, as typed: every value a string. */
export interface RequestFormValues {
  team: string;
  entityRef: string;
  cluster: string;
  gpuClass: string;
  migProfile: string;
  count: string;
  durationHours: string;
  purpose: string;
  dataClassification: string;
  justification: string;
  /** `now`, or `later` to book a window starting at `startAt`. */
  startMode: 'now' | 'later';
  /** The start in the user's local time, as a `datetime-local` input holds it. */
  startAt: string;
}

/** A field of the form. */
export type RequestField = keyof RequestFormValues;

/** The fields in the order they appear, for focusing the first error. */
export const REQUEST_FIELDS: RequestField[] = [
  'team',
  'entityRef',
  'cluster',
  'gpuClass',
  'migProfile',
  'count',
  'durationHours',
  'startAt',
  'purpose',
  'dataClassification',
  'justification',
];

function toNumber(value: string): number | undefined {
  return value.trim() === '' ? undefined : Number(value);
}

/**
 * The request body the values make, without the start (the shared schema is
 * strict and does not know it); optional fields left empty are left out.
 */
export function toRequestInput(
  values: RequestFormValues,
): Record<string, unknown> {
  return {
    team: values.team,
    entityRef: values.entityRef || undefined,
    cluster: values.cluster,
    gpuClass: values.gpuClass,
    migProfile: values.migProfile || undefined,
    count: toNumber(values.count),
    durationHours: toNumber(values.durationHours),
    purpose: values.purpose,
    dataClassification: values.dataClassification,
    justification: values.justification,
  };
}

/**
 * State of the request form: values, touched fields, live validation with
 * the shared schema, and the idempotency key of the next submission. The key
 * changes whenever the values change or a submission fails, so a double click
 * sends one key and a corrected request sends a new one.
 */
export function useRequestForm(initialValues: RequestFormValues) {
  const [values, setValuesState] = useState(initialValues);
  const [touched, setTouched] = useState<
    Partial<Record<RequestField, boolean>>
  >({});
  const idempotencyKey = useRef(createIdempotencyKey());

  const parsed = useMemo(
    () => gpuRequestInputSchema.safeParse(toRequestInput(values)),
    [values],
  );
  // The start is checked against the clock whenever the values change; the
  // backend checks it again on submission.
  const startAtError = useMemo(
    () =>
      values.startMode === 'later'
        ? startAtErrorOf(values.startAt, Date.now())
        : undefined,
    [values],
  );
  const errors = useMemo(() => {
    const result: Partial<Record<RequestField, string>> = {};
    if (startAtError) result.startAt = startAtError;
    if (!parsed.success) {
      for (const issue of describeIssues(parsed.error)) {
        const field = issue.field as RequestField;
        if (!result[field]) {
          result[field] = issue.message;
        }
      }
    }
    return result;
  }, [parsed, startAtError]);

  /**
   * Changes values; the fields the user changed (by default all of those
   * given) count as touched, so their errors show while typing.
   */
  const setValues = useCallback(
    (
      change: Partial<RequestFormValues>,
      touchedFields: RequestField[] = Object.keys(change) as RequestField[],
    ) => {
      idempotencyKey.current = createIdempotencyKey();
      setValuesState(previous => ({ ...previous, ...change }));
      if (touchedFields.length > 0) {
        setTouched(previous => {
          const next = { ...previous };
          for (const field of touchedFields) {
            next[field] = true;
          }
          return next;
        });
      }
    },
    [],
  );

  const touch = useCallback((field: RequestField) => {
    setTouched(previous =>
      previous[field] ? previous : { ...previous, [field]: true },
    );
  }, []);

  const touchAll = useCallback(() => {
    setTouched(Object.fromEntries(REQUEST_FIELDS.map(f => [f, true])));
  }, []);

  const reset = useCallback((next: RequestFormValues) => {
    idempotencyKey.current = createIdempotencyKey();
    setValuesState(next);
    setTouched({});
  }, []);

  const renewIdempotencyKey = useCallback(() => {
    idempotencyKey.current = createIdempotencyKey();
  }, []);

  return {
    values,
    setValues,
    touched,
    touch,
    touchAll,
    reset,
    errors,
    /** The valid request, when the values make one. */
    input:
      parsed.success && !startAtError
        ? ({
            ...parsed.data,
            ...(values.startMode === 'later'
              ? {
                  startAt: new Date(
                    fromLocalInputValue(values.startAt),
                  ).toISOString(),
                }
              : {}),
          } as GpuRequestInput)
        : undefined,
    idempotencyKey,
    renewIdempotencyKey,
  };
}

/** What {@link useRequestForm} returns. */
export type RequestFormState = ReturnType<typeof useRequestForm>;
