import { useEditor } from './editor-store.ts';

/** Short messages (saved, refused connection) shown where the user is looking: at the pointer if known. */
export function Notice() {
  const notice = useEditor((s) => s.notice);
  if (!notice) return null;
  const style = notice.at
    ? { left: Math.min(notice.at.x + 12, window.innerWidth - 340), top: notice.at.y + 12, position: 'fixed' as const }
    : undefined;
  return (
    <div key={notice.id} className={`notice notice-${notice.tone}`} style={style} role={notice.tone === 'error' ? 'alert' : 'status'}>
      {notice.message}
    </div>
  );
}
