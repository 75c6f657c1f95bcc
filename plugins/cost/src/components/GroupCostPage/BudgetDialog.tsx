import { useState } from 'react';
import TextField from '@material-ui/core/TextField';
import { ActionDialog } from '@ai-platform/plugin-ai-platform-react';
import { budgetInputSchema } from '@ai-platform/plugin-cost-common';

/** Props of {@link BudgetDialog}. */
export interface BudgetDialogProps {
  /** The group's name, for the title. */
  groupName: string;
  /** The amount now, when changing a budget. */
  initialAmount?: number;
  initialCurrency?: string;
  onCancel(): void;
  /** Saves; a rejection is shown in the dialog. */
  onSave(budget: { amount: number; currency: string }): Promise<void>;
}

/** Sets or changes a group's monthly budget. */
export function BudgetDialog(props: BudgetDialogProps) {
  const { groupName, initialAmount, initialCurrency = 'USD' } = props;
  const [amount, setAmount] = useState(
    initialAmount === undefined ? '' : String(initialAmount),
  );
  const [currency, setCurrency] = useState(initialCurrency);

  const parsed = Number(amount);
  // The API's own rule (greater than 0, at most what the store can hold).
  const amountCheck = budgetInputSchema.shape.amount.safeParse(parsed);
  let amountError: string | undefined;
  if (amount.trim() === '') amountError = 'Enter the monthly amount';
  else if (!Number.isFinite(parsed))
    amountError = 'The amount must be a number';
  else if (!amountCheck.success)
    amountError = `The amount ${
      amountCheck.error.issues[0]?.message ?? 'is not valid'
    }`;
  const currencyError = /^[A-Z]{3}$/.test(currency)
    ? undefined
    : 'An ISO 4217 code such as USD';

  return (
    <ActionDialog
      titleId="budget-dialog-title"
      title={`Monthly budget of ${groupName}`}
      confirmLabel="Save"
      confirmDisabled={amountError !== undefined || currencyError !== undefined}
      onConfirm={() => props.onSave({ amount: parsed, currency })}
      onClose={props.onCancel}
    >
      <TextField
        fullWidth
        margin="dense"
        id="budget-amount"
        label="Amount per month"
        type="number"
        inputProps={{ min: 0, step: 100 }}
        value={amount}
        onChange={e => setAmount(e.target.value)}
        error={amount !== '' && amountError !== undefined}
        helperText={
          amount !== '' && amountError
            ? amountError
            : 'A notification goes out when the forecast passes it'
        }
      />
      <TextField
        fullWidth
        margin="dense"
        id="budget-currency"
        label="Currency"
        value={currency}
        onChange={e => setCurrency(e.target.value.toLocaleUpperCase('en-US'))}
        error={currencyError !== undefined}
        helperText={currencyError}
      />
    </ActionDialog>
  );
}
