import { createBrowserRouter, RouterProvider } from 'react-router';
import { DataPage } from '../data/DataPage.tsx';
import { EditorPage } from '../editor/EditorPage.tsx';
import { EventsPage } from '../events/EventsPage.tsx';
import { LivePage } from '../realtime/LivePage.tsx';
import { RunsPage } from '../runs/RunsPage.tsx';
import { SecretsPage } from '../secrets/SecretsPage.tsx';
import { TokensPage } from '../tokens/TokensPage.tsx';
import { WorkflowsPage } from '../workflows/WorkflowsPage.tsx';
import { NotFound } from './NotFound.tsx';
import { Shell } from './Shell.tsx';

const router = createBrowserRouter([
  {
    element: <Shell />,
    children: [
      { path: '/', element: <WorkflowsPage /> },
      { path: '/workflows/:id', element: <EditorPage /> },
      { path: '/runs', element: <RunsPage /> },
      { path: '/runs/:id', element: <RunsPage /> },
      { path: '/data', element: <DataPage /> },
      { path: '/data/events', element: <EventsPage /> },
      { path: '/data/events/:type/:id', element: <EventsPage /> },
      { path: '/live', element: <LivePage /> },
      { path: '/secrets', element: <SecretsPage /> },
      { path: '/tokens', element: <TokensPage /> },
      { path: '*', element: <NotFound /> },
    ],
  },
]);

export function App() {
  return <RouterProvider router={router} />;
}
