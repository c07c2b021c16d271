/** What went wrong, announced as an alert; nothing when nothing did. */
export function ErrorBanner({ error }: { error: string | undefined }) {
  if (!error) return null;
  return (
    <div className="banner banner-error" role="alert">
      {error}
    </div>
  );
}
