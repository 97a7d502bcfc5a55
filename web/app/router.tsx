import { lazy } from 'react';
import { createBrowserRouter } from 'react-router-dom';
import { HomePage } from '../public-portal/HomePage';
import { NotFoundPage } from '../public-portal/NotFoundPage';
import { PortalLayout } from '../public-portal/PortalLayout';
import { RouteErrorPage } from '../public-portal/RouteErrorPage';
import { workbenchRoutes } from '../workbench/routes';

// The form (with the date picker and the proof-of-work widget) and the tracking page load on demand,
// so the home page stays light on a phone.
const ReportFormPage = lazy(() => import('../features/reports/ReportFormPage').then((m) => ({ default: m.ReportFormPage })));
const ReceiptPage = lazy(() => import('../features/reports/ReceiptPage').then((m) => ({ default: m.ReceiptPage })));
const GuidanceListPage = lazy(() => import('../features/guidance/GuidanceListPage').then((m) => ({ default: m.GuidanceListPage })));
const GuidanceArticlePage = lazy(() =>
  import('../features/guidance/GuidanceArticlePage').then((m) => ({ default: m.GuidanceArticlePage })),
);
const TransparencyPage = lazy(() => import('../features/transparency/TransparencyPage').then((m) => ({ default: m.TransparencyPage })));
const TrackPage = lazy(() => import('../features/reports/TrackPage').then((m) => ({ default: m.TrackPage })));

/** The public portal's and the staff workbench's routes; the server answers `index.html` for each of them. */
export const router = createBrowserRouter([
  {
    path: '/',
    element: <PortalLayout />,
    errorElement: <RouteErrorPage />,
    children: [
      { index: true, element: <HomePage /> },
      { path: 'report', element: <ReportFormPage /> },
      { path: 'report/receipt', element: <ReceiptPage /> },
      { path: 'track/:trackingCode?', element: <TrackPage /> },
      { path: 'guidance', element: <GuidanceListPage /> },
      { path: 'guidance/:slug', element: <GuidanceArticlePage /> },
      { path: 'transparency', element: <TransparencyPage /> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
  ...workbenchRoutes,
]);
