'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { FlaskConical } from 'lucide-react';
import Link from 'next/link';
import { useForm, useWatch } from 'react-hook-form';
import * as z from 'zod/mini';
import { Field } from '@/components/ui/field';
import { useFormSubmit } from '@/components/ui/form';
import { DialogForm, FormDialog, type DialogProps } from '@/components/ui/form-dialog';
import { Input, Select } from '@/components/ui/input';
import { notify } from '@/components/ui/notify';
import { RadioCard } from '@/components/ui/radio-card';
import { useSaveAsScenario, useSuites } from '@/lib/client/queries/scenarios';

// SCENARIO_LIMITS.name, written here so the suite format's zod and yaml stay out of this dialog's chunk.
const NAME_MAX = 200;
const name = z
  .string()
  .check(z.trim(), z.maxLength(NAME_MAX, { error: `Keep it to ${NAME_MAX} characters` }));

const saveFormSchema = z
  .object({ into: z.enum(['existing', 'new']), suite_id: z.string(), new_suite: name, scenario_name: name })
  .check(
    z.superRefine((v, ctx) => {
      if (v.into === 'existing' && !v.suite_id)
        ctx.addIssue({ code: 'custom', message: 'Pick a suite', path: ['suite_id'] });
      if (v.into === 'new' && !v.new_suite)
        ctx.addIssue({ code: 'custom', message: 'Name the new suite', path: ['new_suite'] });
    }),
  );
type SaveForm = z.input<typeof saveFormSchema>;

/** Turns a finished conversation's real inputs and milestones into a scenario, in a suite old or new. */
export function SaveScenarioDialog({ conversationId, ...dialog }: { conversationId: string } & DialogProps) {
  return (
    <FormDialog
      {...dialog}
      title="Save as scenario"
      description="Its user, trigger message, replies and HITL answers become the scenario's inputs; the milestones it reached become what the scenario expects."
      className="max-w-lg"
    >
      <SaveForm conversationId={conversationId} onDone={() => dialog.onOpenChange(false)} />
    </FormDialog>
  );
}

function SaveForm({ conversationId, onDone }: { conversationId: string; onDone: () => void }) {
  const suites = useSuites();
  const save = useSaveAsScenario(conversationId);
  const list = suites.data?.suites ?? [];
  const form = useForm<SaveForm, unknown, z.output<typeof saveFormSchema>>({
    resolver: zodResolver(saveFormSchema),
    values: {
      into: list.length ? 'existing' : 'new',
      suite_id: list[0]?.id ?? '',
      new_suite: '',
      scenario_name: '',
    },
    resetOptions: { keepDirtyValues: true },
  });
  const { register, control, formState } = form;
  const into = useWatch({ control, name: 'into' });
  const submit = useFormSubmit(
    form,
    { suite_id: 'suite_id', new_suite: 'new_suite', scenario_name: 'scenario_name' },
    async (v) => {
      const scenario_name = v.scenario_name || undefined;
      const saved = await save.mutateAsync(
        v.into === 'existing'
          ? { suite_id: v.suite_id, scenario_name }
          : { new_suite: v.new_suite, scenario_name },
      );
      const suiteName = v.into === 'new' ? v.new_suite : list.find((s) => s.id === saved.suite_id)?.name;
      notify.success(`Saved “${saved.scenario_name}” as a scenario`, {
        description: (
          <Link
            href={`/scenarios/${encodeURIComponent(saved.suite_id)}`}
            className="underline underline-offset-2"
          >
            Open {suiteName ? `“${suiteName}”` : 'the suite'}
          </Link>
        ),
      });
      onDone();
    },
  );

  return (
    <DialogForm
      label="Save as scenario"
      submit={submit}
      failureTitle="The scenario was not saved"
      submitLabel="Save scenario"
      pendingLabel="Saving…"
      icon={FlaskConical}
    >
      <fieldset>
        <legend className="mb-1.5 text-sm font-medium text-zinc-800 dark:text-zinc-200">Save into</legend>
        <div className="flex flex-wrap gap-2">
          <RadioCard
            id="save-into-existing"
            value="existing"
            label="An existing suite"
            disabled={!list.length}
            {...register('into')}
          />
          <RadioCard id="save-into-new" value="new" label="A new suite" {...register('into')} />
        </div>
      </fieldset>
      {into === 'existing' ? (
        <Field
          id="save-suite"
          label="Suite"
          error={formState.errors.suite_id?.message}
          hint={suites.isPending ? 'Loading the suites…' : undefined}
        >
          <Select {...register('suite_id')}>
            {list.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </Select>
        </Field>
      ) : (
        <Field
          id="save-new-suite"
          label="New suite name"
          required
          error={formState.errors.new_suite?.message}
        >
          <Input autoComplete="off" {...register('new_suite')} />
        </Field>
      )}
      <Field
        id="save-scenario-name"
        label="Scenario name"
        hint="Left empty: the procedure's name and the conversation id."
        error={formState.errors.scenario_name?.message}
      >
        <Input autoComplete="off" {...register('scenario_name')} />
      </Field>
    </DialogForm>
  );
}
