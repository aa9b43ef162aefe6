'use client';

import { Plus } from 'lucide-react';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import type * as z from 'zod/mini';
import { RoleBadge } from '@/components/auth/role-badge';
import { Button } from '@/components/ui/button';
import { Callout } from '@/components/ui/callout';
import { Badge, SkeletonList } from '@/components/ui/card';
import { CopyButton } from '@/components/ui/copy-button';
import { Field } from '@/components/ui/field';
import { FormFailure, useFormSubmit } from '@/components/ui/form';
import { SubmitButton } from '@/components/ui/submit-button';
import { lazyZodResolver } from '@/components/ui/lazy-resolver';
import { Input, Select } from '@/components/ui/input';
import { LoadFailed } from '@/components/ui/load-failed';
import { RelativeTime } from '@/components/ui/relative-time';
import { RevokeButton } from '@/components/ui/revoke-button';
import { Table } from '@/components/ui/table';
import { useCreateToken, useRevokeToken, useTokens, type ApiToken } from '@/lib/client/queries/tokens';
import type { newTokenSchema, TOKEN_LIFETIMES } from './schemas';

type NewToken = z.input<typeof newTokenSchema>;

const LIFETIME_LABEL: Record<(typeof TOKEN_LIFETIMES)[number], string> = {
  '30': '30 days',
  '90': '90 days',
  '365': '1 year',
  never: 'No expiry',
};

const resolver = lazyZodResolver<NewToken, NewToken>(() => import('./schemas').then((m) => m.newTokenSchema));

/** The panel's body: the create form for leads and the token list (see `TokensPanel`). */
export function TokensPanelContent({ lead }: { lead: boolean }) {
  return (
    <div className="space-y-4">
      {lead ? <CreateToken /> : null}
      <TokenList lead={lead} />
    </div>
  );
}

function CreateToken() {
  const create = useCreateToken();
  const [secret, setSecret] = useState<{ name: string; value: string } | null>(null);
  const form = useForm<NewToken>({ resolver, defaultValues: { name: '', expires: '90' } });
  const submit = useFormSubmit(form, { name: 'name' }, async ({ name, expires }) => {
    const res = await create.mutateAsync({
      name: name.trim(),
      expires_in_days: expires === 'never' ? null : Number(expires),
    });
    setSecret({ name: res.token.name, value: res.secret });
    form.reset();
  });
  return (
    <div className="space-y-3">
      {secret ? (
        <Callout
          tone="warning"
          role="status"
          title={`Copy the secret of “${secret.name}” now`}
          actions={
            <>
              <CopyButton text={secret.value} label="Copy secret" copiedMessage="Token secret copied" />
              <Button size="sm" variant="ghost" onClick={() => setSecret(null)}>
                I have saved it
              </Button>
            </>
          }
        >
          <p>The console stores only a hash: this is the only time it shows the secret.</p>
          <code
            data-testid="token-secret"
            className="mt-2 block rounded-md border border-amber-300 bg-white px-2.5 py-1.5 font-mono text-xs break-all text-zinc-900 select-all dark:border-amber-800 dark:bg-zinc-950 dark:text-zinc-100"
          >
            {secret.value}
          </code>
        </Callout>
      ) : null}
      <form
        noValidate
        aria-label="Create an API token"
        className="flex max-w-2xl flex-wrap items-start gap-2"
        onSubmit={(e) => void submit.onSubmit(e)}
      >
        <Field
          id="token-name"
          label="Token name"
          className="min-w-48 flex-1"
          error={form.formState.errors.name?.message}
          hint="e.g. nightly export"
        >
          <Input autoComplete="off" {...form.register('name')} />
        </Field>
        <Field id="token-expires" label="Expires" className="w-36">
          <Select {...form.register('expires')}>
            {(Object.keys(LIFETIME_LABEL) as (keyof typeof LIFETIME_LABEL)[]).map((k) => (
              <option key={k} value={k}>
                {k === 'never' ? LIFETIME_LABEL[k] : `In ${LIFETIME_LABEL[k]}`}
              </option>
            ))}
          </Select>
        </Field>
        <SubmitButton className="mt-7" pending={submit.pending} icon={Plus}>
          Create token
        </SubmitButton>
      </form>
      <FormFailure title="The token was not created" message={submit.failure?.message} />
    </div>
  );
}

function TokenList({ lead }: { lead: boolean }) {
  const tokens = useTokens();
  if (tokens.isPending) return <SkeletonList label="Loading API tokens" rows={2} rowClassName="h-10" />;
  if (tokens.isError)
    return (
      <LoadFailed title="The API tokens could not be loaded" error={tokens.error} onRetry={tokens.refetch} />
    );
  if (tokens.data.length === 0)
    return (
      <p className="rounded-md border border-dashed border-zinc-300 px-3 py-4 text-center text-sm text-zinc-600 dark:border-zinc-700 dark:text-zinc-400">
        {lead ? 'No API tokens yet.' : 'You have no API tokens.'}
      </p>
    );
  return (
    <Table
      caption="API tokens"
      columns={[
        'Token',
        'Owner',
        'Expires',
        'Last used',
        ...(lead ? [{ label: 'Actions', srOnly: true }] : []),
      ]}
    >
      {tokens.data.map((t) => (
        <TokenRow key={t.id} token={t} lead={lead} />
      ))}
    </Table>
  );
}

function TokenRow({ token: t, lead }: { token: ApiToken; lead: boolean }) {
  const revoked = t.revoked_at !== null;
  const expired = t.expired;
  return (
    <tr className={revoked || expired ? 'text-zinc-600 dark:text-zinc-400' : undefined}>
      <td className="px-3 py-2.5 align-top">
        <div className="flex flex-wrap items-center gap-1.5 font-medium">
          <span className={revoked ? 'line-through' : undefined}>{t.name}</span>
          {revoked ? (
            <Badge tone="red">Revoked</Badge>
          ) : expired ? (
            <Badge tone="neutral">Expired</Badge>
          ) : null}
        </div>
        <div className="font-mono text-xs text-zinc-600 dark:text-zinc-400">{t.prefix}…</div>
      </td>
      <td className="px-3 py-2.5 align-top">
        <div className="flex flex-wrap items-center gap-1.5">
          {t.created_by}
          <RoleBadge role={t.role} />
        </div>
        <div className="text-xs text-zinc-600 dark:text-zinc-400">
          created <RelativeTime iso={t.created_at} />
        </div>
      </td>
      <td className="px-3 py-2.5 align-top text-zinc-600 dark:text-zinc-400" data-testid="token-expires">
        {t.expires_at ? <RelativeTime iso={t.expires_at} /> : 'No expiry'}
      </td>
      <td className="px-3 py-2.5 align-top text-zinc-600 dark:text-zinc-400">
        {t.last_used_at ? <RelativeTime iso={t.last_used_at} /> : 'Never'}
      </td>
      {lead ? (
        <td className="px-3 py-2.5 text-right align-top">{revoked ? null : <RevokeToken token={t} />}</td>
      ) : null}
    </tr>
  );
}

function RevokeToken({ token }: { token: ApiToken }) {
  const revoke = useRevokeToken();
  return (
    <RevokeButton
      id={token.id}
      name={`“${token.name}”`}
      buttonLabel={`Revoke ${token.name}`}
      what="token"
      consequence="Anything using it is refused (401) from now on."
      revoke={revoke}
    />
  );
}
