import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ActionDialog } from './ActionDialog';

describe('ActionDialog', () => {
  it('runs the action once while it is under way', async () => {
    let finish: () => void = () => {};
    const onConfirm = jest.fn(
      () => new Promise<void>(resolve => (finish = resolve)),
    );
    render(
      <ActionDialog
        titleId="t"
        title="Release these GPUs?"
        confirmLabel="Release GPUs"
        onConfirm={onConfirm}
        onClose={jest.fn()}
      >
        Running pods stop.
      </ActionDialog>,
    );
    expect(
      screen.getByRole('dialog', { name: 'Release these GPUs?' }),
    ).toHaveTextContent('Running pods stop.');
    const button = screen.getByRole('button', { name: 'Release GPUs' });
    await userEvent.click(button);
    expect(button).toBeDisabled();
    expect(onConfirm).toHaveBeenCalledTimes(1);
    finish();
  });

  it('shows the failure in the dialog and lets the user retry', async () => {
    const onConfirm = jest
      .fn()
      .mockRejectedValueOnce(new Error('quota exceeded'))
      .mockResolvedValueOnce(undefined);
    render(
      <ActionDialog
        titleId="t"
        title="Extend grant"
        confirmLabel="Extend"
        onConfirm={onConfirm}
        onClose={jest.fn()}
        describeError={e => `Refused: ${(e as Error).message}`}
      />,
    );
    await userEvent.click(screen.getByRole('button', { name: 'Extend' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Refused: quota exceeded',
    );
    await userEvent.click(screen.getByRole('button', { name: 'Extend' }));
    await waitFor(() => expect(screen.queryByRole('alert')).toBeNull());
    expect(onConfirm).toHaveBeenCalledTimes(2);
  });

  it('stays usable when the action declines to run', async () => {
    const onConfirm = jest.fn(() => false as const);
    render(
      <ActionDialog
        titleId="t"
        title="Reject request"
        confirmLabel="Reject"
        onConfirm={onConfirm}
        onClose={jest.fn()}
      />,
    );
    await userEvent.click(screen.getByRole('button', { name: 'Reject' }));
    expect(screen.getByRole('button', { name: 'Reject' })).toBeEnabled();
  });

  it('keeps the confirming button disabled until the fields are valid, and cancels', async () => {
    const onClose = jest.fn();
    render(
      <ActionDialog
        titleId="t"
        title="Monthly budget"
        confirmLabel="Save"
        confirmDisabled
        onConfirm={jest.fn()}
        onClose={onClose}
      />,
    );
    expect(screen.getByRole('button', { name: 'Save' })).toBeDisabled();
    await userEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(onClose).toHaveBeenCalled();
  });
});
