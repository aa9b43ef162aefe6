'use client';

import { MessagesSquare, RotateCw, Search, SearchX } from 'lucide-react';
import Link from 'next/link';
import { usePathname, useSearchParams } from 'next/navigation';
import { useEffect, useMemo, useState } from 'react';
import { Button } from '@/components/ui/button';
import { Badge, Card, EmptyState, Skeleton } from '@/components/ui/card';
import { Input, Select } from '@/components/ui/input';
import { RelativeTime } from '@/components/ui/relative-time';
import { useConversations, type ConversationFilters } from '@/lib/client/queries/conversations';
import { STATUSES, STATUS_LABEL, conversationTitle } from './status';
import { StatusBadge } from './status-badge';

function FilterSelect({
  id,
  label,
  className,
  value,
  all,
  options,
  onChange,
}: {
  id: string;
  label: string;
  className: string;
  value: string | undefined;
  all: string;
  options: readonly (readonly [value: string, label: string])[];
  onChange: (value: string | undefined) => void;
}) {
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-xs font-medium text-zinc-600 dark:text-zinc-400">
        {label}
      </label>
      <Select
        id={id}
        className={className}
        value={value ?? ''}
        onChange={(e) => onChange(e.target.value || undefined)}
      >
        <option value="">{all}</option>
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </Select>
    </div>
  );
}

type FilterPatch = { status?: string | undefined; procedure_id?: string | undefined; q?: string | undefined };

/** Filters live in the URL (shareable, survive a reload); updates patch the URL as it is then,
 * so a debounced search never brings back a filter cleared in the meantime. */
function useFilters(): [ConversationFilters, (patch: FilterPatch) => void] {
  const params = useSearchParams();
  const pathname = usePathname();
  const status = params.get('status');
  const filters: ConversationFilters = {
    status: STATUSES.find((s) => s === status),
    procedure_id: params.get('procedure_id') ?? undefined,
    q: params.get('q') ?? undefined,
  };
  const update = (patch: FilterPatch) => {
    const qs = new URLSearchParams(window.location.search);
    for (const [k, v] of Object.entries(patch)) {
      if (v) qs.set(k, v);
      else qs.delete(k);
    }
    const s = qs.toString();
    // Not router.replace: it waits for a server round trip, and a filter changed meanwhile would be lost.
    window.history.replaceState(null, '', s ? `${pathname}?${s}` : pathname);
  };
  return [filters, update];
}

/** Every conversation, newest first, filterable by status and procedure and searchable by id; refreshes itself. */
export function ConversationsList() {
  const [filters, setFilters] = useFilters();
  const [search, setSearch] = useState(filters.q ?? '');
  const query = useConversations(filters);
  // Procedure choices come from the unfiltered list so a filter never hides its own option.
  const all = useConversations({});

  useEffect(() => {
    const t = setTimeout(() => {
      const current = new URLSearchParams(window.location.search).get('q') ?? '';
      if (current !== search.trim()) setFilters({ q: search.trim() || undefined });
    }, 250);
    return () => clearTimeout(t);
  }, [search]); // eslint-disable-line react-hooks/exhaustive-deps -- only typing should schedule a search

  const procedures = useMemo(() => {
    const map = new Map<string, string>();
    for (const c of all.data ?? [])
      if (c.procedure_id) map.set(c.procedure_id, c.procedure_name ?? c.procedure_id);
    if (filters.procedure_id && !map.has(filters.procedure_id))
      map.set(filters.procedure_id, filters.procedure_id);
    return [...map].sort((a, b) => a[1].localeCompare(b[1]));
  }, [all.data, filters.procedure_id]);

  const filtered = Boolean(filters.status || filters.procedure_id || filters.q);

  return (
    <div className="space-y-4">
      <form
        role="search"
        aria-label="Filter conversations"
        className="flex flex-wrap items-end gap-3"
        onSubmit={(e) => e.preventDefault()}
      >
        <div className="space-y-1">
          <label htmlFor="conv-search" className="block text-xs font-medium text-zinc-600 dark:text-zinc-400">
            Search by id
          </label>
          <div className="relative">
            <Search
              className="pointer-events-none absolute top-2.5 left-2.5 size-4 text-zinc-400"
              aria-hidden="true"
            />
            <Input
              id="conv-search"
              type="search"
              placeholder="conv-… or Intercom id"
              className="w-64 pl-8"
              value={search}
              onChange={(e) => setSearch(e.target.value)}
            />
          </div>
        </div>
        <FilterSelect
          id="conv-status"
          label="Status"
          className="w-48"
          value={filters.status}
          all="All statuses"
          options={STATUSES.map((s) => [s, STATUS_LABEL[s]] as const)}
          onChange={(status) => setFilters({ status })}
        />
        <FilterSelect
          id="conv-procedure"
          label="Procedure"
          className="w-52"
          value={filters.procedure_id}
          all="All procedures"
          options={procedures}
          onChange={(procedure_id) => setFilters({ procedure_id })}
        />
        {filtered ? (
          <Button
            variant="ghost"
            onClick={() => {
              setSearch('');
              setFilters({ status: undefined, procedure_id: undefined, q: undefined });
            }}
          >
            Clear filters
          </Button>
        ) : null}
        <p className="ml-auto text-xs text-zinc-500 dark:text-zinc-400" aria-live="polite">
          {query.data ? `${query.data.length} conversation${query.data.length === 1 ? '' : 's'}` : ''}
          {query.isFetching && query.data ? ' · refreshing' : ''}
        </p>
      </form>

      {query.isPending ? (
        <Card
          className="divide-y divide-zinc-200 dark:divide-zinc-800"
          role="status"
          aria-busy="true"
          aria-label="Loading conversations"
        >
          {Array.from({ length: 5 }, (_, i) => (
            <div key={i} className="flex items-center gap-4 px-4 py-3">
              <Skeleton className="h-4 w-40" />
              <Skeleton className="h-5 w-24 rounded-full" />
              <Skeleton className="h-4 w-32" />
              <Skeleton className="ml-auto h-4 w-20" />
            </div>
          ))}
        </Card>
      ) : query.isError ? (
        <EmptyState
          tone="error"
          title="Conversations could not be loaded"
          action={
            <Button variant="secondary" onClick={() => void query.refetch()}>
              <RotateCw className="size-4" aria-hidden="true" />
              Retry
            </Button>
          }
        >
          {query.error.message}
        </EmptyState>
      ) : query.data.length === 0 ? (
        filtered ? (
          <EmptyState
            icon={<SearchX className="size-8" aria-hidden="true" />}
            title="No conversations match these filters"
          >
            Change or clear the filters to see more.
          </EmptyState>
        ) : (
          <EmptyState
            icon={<MessagesSquare className="size-8" aria-hidden="true" />}
            title="No conversations yet"
            action={
              <Button asChild>
                <Link href="/">Open the catalogue</Link>
              </Button>
            }
          >
            Run a procedure or ask Fin a question from the catalogue; it will show here, live.
          </EmptyState>
        )
      ) : (
        <Card className="overflow-x-auto">
          <table className="w-full text-sm">
            <caption className="sr-only">Conversations, newest first</caption>
            <thead className="border-b border-zinc-200 text-left text-xs text-zinc-500 uppercase dark:border-zinc-800 dark:text-zinc-400">
              <tr>
                {['Conversation', 'Status', 'Procedure', 'User', 'Started', 'Updated'].map((h) => (
                  <th key={h} scope="col" className="px-4 py-2.5 font-medium">
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
              {query.data.map((c) => (
                <tr key={c.id} className="group relative hover:bg-zinc-50 dark:hover:bg-zinc-800/50">
                  <td className="px-4 py-2.5">
                    <Link
                      href={`/conversations/${encodeURIComponent(c.id)}`}
                      className="text-brand-700 focus-visible:after:ring-brand-500 dark:text-brand-100 font-mono whitespace-nowrap after:absolute after:inset-0 hover:underline focus-visible:outline-none focus-visible:after:ring-2"
                    >
                      {c.id}
                    </Link>
                    {c.intercom_conversation_id ? (
                      <span className="block text-xs text-zinc-500 dark:text-zinc-400">
                        Intercom {c.intercom_conversation_id}
                      </span>
                    ) : null}
                  </td>
                  <td className="px-4 py-2.5">
                    <StatusBadge status={c.status} />
                  </td>
                  <td className="px-4 py-2.5">
                    {c.procedure_id ? conversationTitle(c) : <Badge>{conversationTitle(c)}</Badge>}
                  </td>
                  <td className="px-4 py-2.5">
                    {c.user.name ?? c.user.id}
                    {c.user.name ? (
                      <span className="block font-mono text-xs text-zinc-500 dark:text-zinc-400">
                        {c.user.id}
                      </span>
                    ) : null}
                  </td>
                  <td className="px-4 py-2.5 whitespace-nowrap text-zinc-600 dark:text-zinc-400">
                    <RelativeTime iso={c.created_at} />
                  </td>
                  <td className="px-4 py-2.5 whitespace-nowrap text-zinc-600 dark:text-zinc-400">
                    <RelativeTime iso={c.updated_at} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </Card>
      )}
    </div>
  );
}
