'use client';

import { FileJson, Plus } from 'lucide-react';
import Link from 'next/link';
import { Button } from '@/components/ui/button';
import { useCan } from '@/lib/client/session';

const SCHEMA_URL = '/schemas/procedure.schema.json';

/** The published definition format, for people's own editors. */
export function SchemaLink() {
  return (
    <Button asChild variant="ghost" size="sm">
      <a href={SCHEMA_URL} target="_blank" rel="noreferrer">
        <FileJson className="size-4" aria-hidden="true" />
        JSON Schema
      </a>
    </Button>
  );
}

/** New procedure for leads; the published JSON Schema for everyone. */
export function HeaderActions() {
  const lead = useCan('editProcedures').allowed;
  return (
    <>
      <SchemaLink />
      {lead ? (
        <Button asChild size="sm">
          <Link href="/procedures/new">
            <Plus className="size-4" aria-hidden="true" />
            New procedure
          </Link>
        </Button>
      ) : null}
    </>
  );
}
