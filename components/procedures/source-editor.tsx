'use client';

import { json } from '@codemirror/lang-json';
import { yaml } from '@codemirror/lang-yaml';
import { lintGutter, setDiagnostics, type Diagnostic } from '@codemirror/lint';
import { Compartment, EditorState } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { basicSetup } from 'codemirror';
import { useEffect, useRef } from 'react';
import type { SourceFormat, SourceIssue } from './source';

const theme = EditorView.theme({
  '&': { fontSize: '13px', height: '100%', backgroundColor: 'transparent' },
  '.cm-scroller': { fontFamily: 'var(--font-mono, ui-monospace, monospace)', lineHeight: '1.55' },
  '.cm-gutters': { backgroundColor: 'transparent', borderRight: '1px solid rgb(228 228 231 / 0.8)' },
  '&.cm-focused': { outline: 'none' },
});

const language = (format: SourceFormat) => (format === 'json' ? json() : yaml());

/** CodeMirror over a procedure's JSON or YAML text; `issues` are marked in the text and gutter. */
export function SourceEditor({
  value,
  onChange,
  format,
  issues,
  label,
  readOnly = false,
  jumpTo = null,
}: {
  value: string;
  onChange: (text: string) => void;
  format: SourceFormat;
  issues: SourceIssue[];
  label: string;
  readOnly?: boolean;
  /** Moves the cursor to this issue and scrolls it into view; a new object jumps again. */
  jumpTo?: SourceIssue | null;
}) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const lang = useRef(new Compartment());
  const changed = useRef(onChange);
  useEffect(() => {
    changed.current = onChange;
  }, [onChange]);

  useEffect(() => {
    const v = new EditorView({
      parent: host.current!,
      state: EditorState.create({
        doc: value,
        extensions: [
          basicSetup,
          lintGutter(),
          theme,
          lang.current.of(language(format)),
          EditorState.readOnly.of(readOnly),
          EditorView.contentAttributes.of({ 'aria-label': label }),
          EditorView.updateListener.of((u) => {
            if (u.docChanged) changed.current(u.state.doc.toString());
          }),
        ],
      }),
    });
    // axe asks that a scrolling region be reachable by keyboard; CodeMirror's content alone is not counted.
    v.scrollDOM.tabIndex = 0;
    view.current = v;
    return () => {
      v.destroy();
      view.current = null;
    };
    // The editor is made once; later props reach it through the effects below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    const v = view.current;
    if (v && v.state.doc.toString() !== value)
      v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: value } });
  }, [value]);

  useEffect(() => {
    view.current?.dispatch({ effects: lang.current.reconfigure(language(format)) });
  }, [format]);

  useEffect(() => {
    const v = view.current;
    if (!v) return;
    const length = v.state.doc.length;
    const diagnostics: Diagnostic[] = issues.map((i) => ({
      from: Math.min(i.from, length),
      to: Math.min(i.to, length),
      severity: 'error',
      message: i.path ? `${i.path}: ${i.message}` : i.message,
    }));
    v.dispatch(setDiagnostics(v.state, diagnostics));
  }, [issues, value]);

  useEffect(() => {
    const v = view.current;
    if (!v || !jumpTo) return;
    const at = Math.min(jumpTo.from, v.state.doc.length);
    v.dispatch({ selection: { anchor: at }, effects: EditorView.scrollIntoView(at, { y: 'center' }) });
    v.focus();
  }, [jumpTo]);

  return (
    <div
      ref={host}
      data-testid="source-editor"
      className="h-[32rem] overflow-hidden rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-950 dark:[&_.cm-activeLine]:bg-zinc-900 dark:[&_.cm-activeLineGutter]:bg-zinc-900 dark:[&_.cm-content]:text-zinc-100"
    />
  );
}
