import { autocompletion, type Completion, type CompletionContext, type CompletionResult, closeBrackets } from '@codemirror/autocomplete';
import { javascript, javascriptLanguage } from '@codemirror/lang-javascript';
import { bracketMatching, HighlightStyle, indentOnInput, syntaxHighlighting } from '@codemirror/language';
import { type Diagnostic, lintGutter, setDiagnostics } from '@codemirror/lint';
import { Compartment, EditorState } from '@codemirror/state';
import { EditorView, highlightActiveLine, highlightActiveLineGutter, lineNumbers, placeholder } from '@codemirror/view';
import { tags } from '@lezer/highlight';
import { minimalSetup } from 'codemirror';

/** A declared input, offered after `inputs.` as the code is typed. */
export interface InputHint {
  name: string;
  type: string;
}

export interface SourceProblem {
  line: number;
  column: number;
  message: string;
}

export interface JavaScriptEditor {
  setDoc(doc: string): void;
  setInputs(inputs: InputHint[]): void;
  setProblem(problem: SourceProblem | undefined): void;
  setReadOnly(readOnly: boolean): void;
  destroy(): void;
}

export interface JavaScriptEditorOptions {
  /** The field's id, so the inspector's label names the editor. */
  id: string;
  doc: string;
  inputs: InputHint[];
  readOnly: boolean;
  label: string;
  describedBy: string;
  onChange(doc: string): void;
}

/** Colours come from CSS variables (javascript-field.css), so the light and dark themes follow the app's. */
const highlight = HighlightStyle.define([
  { tag: [tags.keyword, tags.controlKeyword, tags.moduleKeyword, tags.operatorKeyword], color: 'var(--cm-keyword)' },
  { tag: [tags.string, tags.special(tags.string), tags.regexp], color: 'var(--cm-string)' },
  { tag: [tags.number, tags.bool, tags.null, tags.atom], color: 'var(--cm-number)' },
  { tag: [tags.lineComment, tags.blockComment], color: 'var(--cm-comment)', fontStyle: 'italic' },
  { tag: [tags.function(tags.variableName), tags.function(tags.propertyName)], color: 'var(--cm-function)' },
  { tag: [tags.propertyName, tags.definition(tags.propertyName)], color: 'var(--cm-property)' },
  { tag: [tags.variableName, tags.definition(tags.variableName)], color: 'var(--cm-variable)' },
  { tag: [tags.operator, tags.punctuation, tags.bracket], color: 'var(--cm-punctuation)' },
]);

const theme = EditorView.theme({
  '&': { fontSize: '12.5px', backgroundColor: 'var(--surface)', color: 'var(--text)' },
  '.cm-content': { fontFamily: 'var(--mono)', padding: '6px 0', caretColor: 'var(--text)' },
  '.cm-gutters': { backgroundColor: 'var(--surface-2)', color: 'var(--text-2)', border: 'none', borderRight: '1px solid var(--border)' },
  '.cm-activeLine': { backgroundColor: 'var(--cm-active-line)' },
  '.cm-activeLineGutter': { backgroundColor: 'var(--cm-active-line)', color: 'var(--text)' },
  '&.cm-focused .cm-cursor': { borderLeftColor: 'var(--text)' },
  '&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection': { backgroundColor: 'var(--cm-selection)' },
  '.cm-tooltip': { backgroundColor: 'var(--surface)', color: 'var(--text)', border: '1px solid var(--border-strong)', borderRadius: '6px' },
  '.cm-tooltip-autocomplete > ul > li[aria-selected]': { backgroundColor: 'var(--accent-soft)', color: 'var(--text)' },
  '.cm-diagnostic-error': { borderLeftColor: 'var(--error)' },
  '.cm-placeholder': { color: 'var(--text-2)' },
});

/**
 * The CodeMirror editor behind the `javascript` field, loaded only when such a field is shown:
 * JavaScript highlighting, the node's declared inputs as completions after `inputs.`, and the
 * server's save-time problem drawn at its line.
 */
export function createJavaScriptEditor(parent: HTMLElement, options: JavaScriptEditorOptions): JavaScriptEditor {
  let inputs = options.inputs;
  const editable = new Compartment();
  const completeInputs = (context: CompletionContext): CompletionResult | null => {
    const member = context.matchBefore(/\binputs\.\w*$/);
    if (member) {
      return {
        from: member.from + 'inputs.'.length,
        options: inputs.map((input): Completion => ({ label: input.name, type: 'property', detail: input.type })),
        validFor: /^\w*$/,
      };
    }
    const word = context.matchBefore(/\w+$/);
    if (!word && !context.explicit) return null;
    return { from: word?.from ?? context.pos, options: [{ label: 'inputs', type: 'variable', detail: 'the declared inputs' }], validFor: /^\w*$/ };
  };
  const readOnlyExtensions = (readOnly: boolean) => [EditorState.readOnly.of(readOnly), EditorView.editable.of(!readOnly)];

  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc: options.doc,
      extensions: [
        minimalSetup,
        lineNumbers(),
        highlightActiveLine(),
        highlightActiveLineGutter(),
        bracketMatching(),
        closeBrackets(),
        indentOnInput(),
        javascript(),
        javascriptLanguage.data.of({ autocomplete: completeInputs }),
        autocompletion(),
        lintGutter(),
        syntaxHighlighting(highlight),
        theme,
        // The inspector is narrow: long lines wrap rather than hide behind a scroll bar.
        EditorView.lineWrapping,
        placeholder('return { result: inputs.value };'),
        EditorView.contentAttributes.of({ id: options.id, 'aria-label': options.label, 'aria-describedby': options.describedBy }),
        editable.of(readOnlyExtensions(options.readOnly)),
        EditorView.updateListener.of((update) => {
          if (update.docChanged) options.onChange(update.state.doc.toString());
        }),
      ],
    }),
  });

  return {
    setDoc(doc) {
      if (doc === view.state.doc.toString()) return;
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: doc } });
    },
    setInputs(next) {
      inputs = next;
    },
    setProblem(problem) {
      view.dispatch(setDiagnostics(view.state, problem ? [diagnosticAt(view.state, problem)] : []));
    },
    setReadOnly(readOnly) {
      view.dispatch({ effects: editable.reconfigure(readOnlyExtensions(readOnly)) });
    },
    destroy() {
      view.destroy();
    },
  };
}

/** A 1-based line and column as a range in the document, clamped to it (a missing brace is reported past the end). */
function diagnosticAt(state: EditorState, problem: SourceProblem): Diagnostic {
  const lineNumber = Math.min(Math.max(problem.line, 1), state.doc.lines);
  const line = state.doc.line(lineNumber);
  const from = Math.min(line.from + Math.max(problem.column - 1, 0), line.to);
  const to = from < line.to ? from + 1 : from;
  return { from, to, severity: 'error', message: problem.message };
}
