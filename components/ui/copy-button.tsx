'use client';

import { Check, Copy } from 'lucide-react';
import { useState } from 'react';
import { notify } from './notify';
import { Button, type ButtonProps } from './button';

/** Copies `text` to the clipboard and says so. */
export function CopyButton({
  text,
  label,
  copiedMessage = 'Copied to the clipboard',
  ...props
}: Omit<ButtonProps, 'onClick'> & { text: string; label: string; copiedMessage?: string }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(true);
      notify.success(copiedMessage);
      setTimeout(() => setCopied(false), 1500);
    } catch {
      notify.error(
        'The browser would not let the console use the clipboard; select the text and copy it instead.',
      );
    }
  };
  return (
    <Button variant="secondary" size="sm" {...props} onClick={() => void copy()}>
      {copied ? (
        <Check className="size-4" aria-hidden="true" />
      ) : (
        <Copy className="size-4" aria-hidden="true" />
      )}
      {label}
    </Button>
  );
}
