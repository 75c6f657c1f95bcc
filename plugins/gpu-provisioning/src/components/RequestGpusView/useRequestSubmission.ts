import { useCallback, useRef, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import { GpuRequest } from '@ai-platform/plugin-gpu-provisioning-common';
import { gpuProvisioningApiRef } from '@ai-platform/plugin-gpu-provisioning-react';
import {
  describeError,
  ErrorDescription,
} from '@ai-platform/plugin-ai-platform-react';
import { fieldErrorsOf, ownershipErrorOf } from './fieldErrorsOf';
import {
  REQUEST_FIELDS,
  RequestField,
  RequestFormState,
} from './useRequestForm';

/**
 * Submitting the form once at a time: the backend's refusal as a title and
 * message, its field errors (400, and the 403 for an entity the team does not
 * own) under the fields, and the created request.
 */
export function useRequestSubmission(form: RequestFormState) {
  const api = useApi(gpuProvisioningApiRef);
  const [submitting, setSubmitting] = useState(false);
  const submittingRef = useRef(false);
  const [submitError, setSubmitError] = useState<ErrorDescription>();
  const [serverErrors, setServerErrors] = useState<
    Partial<Record<RequestField, string>>
  >({});
  const [created, setCreated] = useState<GpuRequest>();

  /** Forgets the server's error of a field the user changed, and the refusal. */
  const clearError = useCallback((field: RequestField) => {
    setServerErrors(previous => {
      if (!(field in previous)) return previous;
      const next = { ...previous };
      delete next[field];
      return next;
    });
    setSubmitError(undefined);
  }, []);

  const submit = async (extraErrors: Partial<Record<RequestField, string>>) => {
    if (submittingRef.current) return;
    form.touchAll();
    const invalid = REQUEST_FIELDS.find(f => form.errors[f] ?? extraErrors[f]);
    if (!form.input || invalid) {
      if (invalid) {
        document.getElementById(`gpu-request-${invalid}`)?.focus();
      }
      return;
    }
    submittingRef.current = true;
    setSubmitting(true);
    setSubmitError(undefined);
    try {
      const request = await api.createRequest(form.input, {
        idempotencyKey: form.idempotencyKey.current,
      });
      setCreated(request);
    } catch (e) {
      const description = describeError(e);
      if (description.statusCode === 409) {
        description.title = 'Quota exceeded';
      } else if (description.statusCode === 400) {
        description.title = 'Please correct the request';
        setServerErrors(fieldErrorsOf(description.message));
      } else if (description.statusCode === 403) {
        const ownership = ownershipErrorOf(
          description.message,
          form.input?.entityRef,
        );
        if (ownership) {
          // Costs and findings of a grant land on its entity: only the team's own.
          description.title = 'Choose something your team owns';
          setServerErrors({ entityRef: ownership });
        }
      }
      setSubmitError(description);
      form.renewIdempotencyKey();
    } finally {
      submittingRef.current = false;
      setSubmitting(false);
    }
  };

  return {
    submitting,
    submitError,
    serverErrors,
    created,
    clearError,
    submit,
    /** Back to the form after a request was made. */
    clearCreated: () => setCreated(undefined),
  };
}
