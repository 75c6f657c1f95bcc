import { ChangeEvent, ReactNode } from 'react';
import { TextFieldProps } from '@material-ui/core/TextField';
import { RequestField, RequestFormState } from './useRequestForm';

/**
 * The props every field of the request form shares: its id (for focusing
 * the first error), value, change and blur, and its error once touched,
 * prefixed with the field's name as the backend names it.
 */
export function fieldPropsOf(
  form: RequestFormState,
  extraErrors: Partial<Record<RequestField, string>>,
  onChange: (field: RequestField, value: string) => void,
) {
  const { values, touched } = form;
  const errorOf = (name: RequestField) =>
    touched[name] ? form.errors[name] ?? extraErrors[name] : undefined;

  const field = (
    name: RequestField,
    label: string,
    help?: ReactNode,
  ): TextFieldProps => {
    const error = errorOf(name);
    return {
      id: `gpu-request-${name}`,
      name,
      label,
      value: values[name],
      onChange: (e: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) =>
        onChange(name, e.target.value),
      onBlur: () => form.touch(name),
      error: Boolean(error),
      helperText: error ? `${name}: ${error}` : help ?? ' ',
      variant: 'outlined',
      fullWidth: true,
      margin: 'dense',
    };
  };

  const select = (
    name: RequestField,
    label: string,
    help?: ReactNode,
  ): TextFieldProps => ({
    ...field(name, label, help),
    select: true,
    SelectProps: { native: true },
    InputLabelProps: { shrink: true },
  });

  return { errorOf, field, select };
}
