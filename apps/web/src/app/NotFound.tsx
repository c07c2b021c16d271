import { Link } from 'react-router';

export function NotFound() {
  return (
    <div className="page-message">
      <h1>Nothing here</h1>
      <p>This page does not exist.</p>
      <Link to="/">Back to workflows</Link>
    </div>
  );
}
