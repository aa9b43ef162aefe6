'use client';

import { Check, Eye, EyeOff } from 'lucide-react';
import Link from 'next/link';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { Button } from '@/components/ui/button';
import { Card, SkeletonList } from '@/components/ui/card';
import { KeyValueFields } from '@/components/ui/key-value-fields';
import { lazyZodResolver } from '@/components/ui/lazy-resolver';
import { LoadFailed } from '@/components/ui/load-failed';
import { rowsToRecord, type KeyValueRow } from '@/components/ui/key-value';
import { useAudience } from '@/lib/client/queries/procedures';
import type { AudienceRequest } from '@/lib/procedures/api';
import { LIMITS } from '@/lib/fin/limits';
import type { WhoSeesItInput, WhoSeesItOutput } from './who-sees-it-form';

const resolver = lazyZodResolver<WhoSeesItInput, WhoSeesItOutput>(() =>
  import('./who-sees-it-form').then((m) => m.whoSeesItSchema),
);

const PRESETS: Array<{ label: string; rows: KeyValueRow[] }> = [
  { label: 'Starter', rows: [{ key: 'plan_type', value: 'Starter' }] },
  { label: 'Pro', rows: [{ key: 'plan_type', value: 'Pro' }] },
  {
    label: 'VIP',
    rows: [
      { key: 'plan_type', value: 'Enterprise' },
      { key: 'vip', value: 'true' },
    ],
  },
];

/** Which procedures the catalogue lists for a user with these attributes, and why not the others. */
export function WhoSeesIt() {
  const [body, setBody] = useState<AudienceRequest>({ attributes: {} });
  const form = useForm<WhoSeesItInput, unknown, WhoSeesItOutput>({
    resolver,
    defaultValues: { attributes: [] },
  });
  const { control, register, handleSubmit, reset, formState } = form;
  const show = (rows: KeyValueRow[]) => setBody({ attributes: rowsToRecord(rows) ?? {} });

  return (
    <Card className="space-y-4 p-5">
      <div>
        <h2 className="flex items-center gap-2 text-base font-semibold">
          <Eye className="size-4 text-zinc-500" aria-hidden="true" />
          Who sees it
        </h2>
        <p className="mt-0.5 text-sm text-zinc-600 dark:text-zinc-400">
          Enter an end user&apos;s attributes to see which procedures the{' '}
          <Link href="/" className="text-brand-700 dark:text-brand-100 underline underline-offset-2">
            catalogue
          </Link>{' '}
          would list for them, and why the others are left out.
        </p>
      </div>
      <form
        noValidate
        aria-label="Who sees it"
        className="space-y-3"
        onSubmit={(e) => void handleSubmit((v) => show(v.attributes))(e)}
      >
        <div className="flex flex-wrap items-center gap-2 text-sm">
          <span className="text-zinc-600 dark:text-zinc-400">Try:</span>
          {PRESETS.map((p) => (
            <Button
              key={p.label}
              size="sm"
              variant="secondary"
              onClick={() => {
                reset({ attributes: p.rows });
                show(p.rows);
              }}
            >
              {p.label}
            </Button>
          ))}
        </div>
        <KeyValueFields
          control={control}
          register={register}
          name="attributes"
          legend="Attributes"
          hint="true, false and numbers are compared typed, as the catalogue does."
          max={LIMITS.attributes}
          errors={formState.errors.attributes}
          idPrefix="audience-attr"
        />
        <Button type="submit" size="sm">
          Show who sees what
        </Button>
      </form>
      <AudienceResult body={body} />
    </Card>
  );
}

function AudienceResult({ body }: { body: AudienceRequest }) {
  const query = useAudience(body);
  if (query.isPending) return <SkeletonList label="Checking audiences" rows={4} rowClassName="h-10" />;
  if (query.isError)
    return <LoadFailed title="Could not check the audiences" error={query.error} onRetry={query.refetch} />;
  const listed = query.data.filter((p) => p.listed);
  const hidden = query.data.filter((p) => !p.listed);
  const given = Object.entries(body.attributes);
  return (
    <section
      aria-label="Audience result"
      className="space-y-3 border-t border-zinc-100 pt-4 dark:border-zinc-800"
    >
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        For a user with{' '}
        {given.length ? given.map(([k, v]) => `${k} = ${String(v)}`).join(', ') : 'no attributes'}:
      </p>
      <div>
        <h3 className="text-sm font-semibold">Listed ({listed.length})</h3>
        <ul aria-label="Listed procedures" className="mt-1.5 space-y-1">
          {listed.map((p) => (
            <li key={p.id} className="flex items-center gap-2 text-sm">
              <Check className="size-4 shrink-0 text-emerald-600" aria-hidden="true" />
              <Link href={`/procedures/${encodeURIComponent(p.id)}`} className="hover:underline">
                {p.name}
              </Link>
            </li>
          ))}
          {listed.length === 0 ? (
            <li className="text-sm text-zinc-500 dark:text-zinc-400">None: this user sees no procedures.</li>
          ) : null}
        </ul>
      </div>
      {hidden.length ? (
        <div>
          <h3 className="text-sm font-semibold">Not listed ({hidden.length})</h3>
          <ul aria-label="Procedures not listed" className="mt-1.5 space-y-1.5">
            {hidden.map((p) => (
              <li key={p.id} className="flex items-start gap-2 text-sm">
                <EyeOff className="mt-0.5 size-4 shrink-0 text-zinc-400" aria-hidden="true" />
                <span>
                  <Link href={`/procedures/${encodeURIComponent(p.id)}`} className="hover:underline">
                    {p.name}
                  </Link>
                  <span className="text-zinc-600 dark:text-zinc-400">: {p.reasons.join('; ')}</span>
                </span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}
