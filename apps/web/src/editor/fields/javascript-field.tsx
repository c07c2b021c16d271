import { useEffect, useRef, useState } from 'react';
import { useEditor } from '../editor-store.ts';
import type { InputHint, JavaScriptEditor, SourceProblem } from './javascript-codemirror.ts';
import './javascript-field.css';

/** The part of the field editors' props (`FieldEditorProps` in index.ts) this editor reads. */
interface JavaScriptFieldProps {
  id: string;
  name: string;
  value: unknown;
  disabled?: boolean;
  describedBy: string;
  config: Record<string, unknown>;
  onChange(value: unknown): void;
}

/** `js: SyntaxError: unexpected token (line 2, column 21)`: where the server found the problem, in the source. */
export function sourceProblem(message: string | undefined): SourceProblem | undefined {
  if (!message) return undefined;
  const match = /\(line (\d+), column (\d+)\)\s*$/.exec(message);
  if (!match) return undefined;
  return { line: Number(match[1]), column: Number(match[2]), message: message.replace(/^[^:]+: (?=[A-Z][A-Za-z]*Error\b|The source)/, '') };
}

function inputHints(config: Record<string, unknown>): InputHint[] {
  const declared = Array.isArray(config.inputs) ? config.inputs : [];
  return declared.flatMap((entry) => {
    if (entry === null || typeof entry !== 'object' || typeof (entry as { name?: unknown }).name !== 'string') return [];
    const { name, schema } = entry as { name: string; schema?: { type?: unknown } };
    return [{ name, type: typeof schema?.type === 'string' ? schema.type : 'any' }];
  });
}

/**
 * A JavaScript source in CodeMirror, loaded on first use so the editor's first load stays small.
 * Until it has loaded, the source shows in a plain text area of the same size.
 */
export function JavaScriptField({ id, name, value, disabled, describedBy, config, onChange }: JavaScriptFieldProps) {
  const source = typeof value === 'string' ? value : '';
  const host = useRef<HTMLDivElement>(null);
  const editor = useRef<JavaScriptEditor | null>(null);
  const [loaded, setLoaded] = useState(false);
  // The server's problem for this field, found by the node whose config this is.
  const problemMessage = useEditor((s) => {
    const node = s.nodes.find((n) => n.data.config === config);
    return node ? s.problemsByNode[node.id]?.find((p) => p.targetPort === name)?.message : undefined;
  });
  const latest = useRef({ onChange, source, disabled, config, problemMessage });
  latest.current = { onChange, source, disabled, config, problemMessage };

  useEffect(() => {
    let cancelled = false;
    void import('./javascript-codemirror.ts').then(({ createJavaScriptEditor }) => {
      if (cancelled || !host.current) return;
      const now = latest.current;
      editor.current = createJavaScriptEditor(host.current, {
        id,
        doc: now.source,
        inputs: inputHints(now.config),
        readOnly: now.disabled === true,
        label: `${name} (JavaScript)`,
        describedBy,
        onChange: (doc) => latest.current.onChange(doc),
      });
      editor.current.setProblem(sourceProblem(now.problemMessage));
      setLoaded(true);
    });
    return () => {
      cancelled = true;
      editor.current?.destroy();
      editor.current = null;
    };
  }, [id, name, describedBy]);

  useEffect(() => editor.current?.setDoc(source), [source]);
  useEffect(() => editor.current?.setReadOnly(disabled === true), [disabled]);
  useEffect(() => editor.current?.setInputs(inputHints(config)), [config]);
  useEffect(() => editor.current?.setProblem(sourceProblem(problemMessage)), [problemMessage]);

  return (
    <div className={`javascript-field${loaded ? ' is-loaded' : ''}`}>
      <div ref={host} className="javascript-host" data-testid="javascript-editor" />
      {loaded ? null : (
        <textarea
          id={id}
          name={name}
          className="javascript-fallback"
          value={source}
          disabled={disabled}
          spellCheck={false}
          aria-describedby={describedBy}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
      <p className="javascript-hint muted">
        The body of <code>function (inputs) {'{ … }'}</code>: read <code>inputs.name</code>, return <code>{'{ output: value }'}</code>.
      </p>
    </div>
  );
}
