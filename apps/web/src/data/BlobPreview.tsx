import { useEffect, useState } from 'react';
import { errorMessage } from '../api/client.ts';
import { type BlobMeta, storeApi } from '../api/store.ts';

/** Text previews read only the start of a blob, by a Range request, whatever its size. */
const TEXT_PREVIEW_BYTES = 64 * 1024;

type Kind = 'image' | 'pdf' | 'json' | 'text' | 'other';

export function previewKind(mime: string): Kind {
  const type = mime.split(';')[0]?.trim().toLowerCase() ?? '';
  if (type.startsWith('image/') && type !== 'image/svg+xml') return 'image';
  if (type === 'application/pdf') return 'pdf';
  if (type === 'application/json' || type.endsWith('+json')) return 'json';
  if (type.startsWith('text/') && type !== 'text/html') return 'text';
  return 'other';
}

function TextPreview({ blob, json }: { blob: BlobMeta; json: boolean }) {
  const [text, setText] = useState<string | undefined>();
  const [error, setError] = useState<string | undefined>();
  useEffect(() => {
    const abort = new AbortController();
    storeApi.blobText(blob.id, TEXT_PREVIEW_BYTES, abort.signal).then(setText, (e) => {
      if (!abort.signal.aborted) setError(errorMessage(e));
    });
    return () => abort.abort();
  }, [blob.id]);
  if (error) return <p className="field-problem">The preview failed: {error}</p>;
  if (text === undefined) return <p className="muted">Loading…</p>;
  const whole = blob.size <= TEXT_PREVIEW_BYTES;
  let shown = text;
  if (json && whole) {
    try {
      shown = JSON.stringify(JSON.parse(text), null, 2);
    } catch {
      // Not valid JSON after all: shown as it is.
    }
  }
  return (
    <>
      <pre className="json-view blob-text" data-testid="blob-text">
        {shown}
      </pre>
      {whole ? null : (
        <p className="muted small">
          The first {TEXT_PREVIEW_BYTES / 1024} KB of {blob.size.toLocaleString()} bytes.
        </p>
      )}
    </>
  );
}

/** What a blob holds, shown as the browser can: images and PDFs by the browser itself, text and JSON as text. */
export function BlobPreview({ blob }: { blob: BlobMeta }) {
  const kind = previewKind(blob.mime);
  const url = storeApi.blobUrl(blob.id);
  if (kind === 'image') return <img className="blob-image" src={url} alt={`Preview of blob ${blob.id}`} />;
  if (kind === 'pdf') {
    return (
      <>
        <iframe className="blob-pdf" src={url} title={`Preview of blob ${blob.id}`} />
        <a href={url} target="_blank" rel="noopener" className="small">
          Open the PDF in a new tab
        </a>
      </>
    );
  }
  if (kind === 'json' || kind === 'text') return <TextPreview blob={blob} json={kind === 'json'} />;
  return <p className="muted">No preview for {blob.mime}; download it to open it.</p>;
}
