import { useParams } from 'react-router';
import { RunList } from './RunList.tsx';
import { RunView } from './RunView.tsx';
import './runs.css';

/** `/runs`: every run; `/runs/:id`: one run, with its graph, timings and values. */
export function RunsPage() {
  const { id } = useParams();
  return id ? <RunView key={id} id={id} /> : <RunList />;
}
