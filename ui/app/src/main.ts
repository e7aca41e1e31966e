/// <reference lib="dom" />
import { adoptTokenFromLocation } from './api/operator-token.js';
import { interceptLinks } from './router.js';
import './widgets/bar-chart.js';
import './widgets/stat-card.js';
import './widgets/data-table.js';
import './widgets/reason-dialog.js';
import './widgets/simulated-banner.js';
import './widgets/unsandboxed-banner.js';
import './widgets/log-health-banner.js';
import './pages/overview-page.js';
import './pages/tasks-page.js';
import './pages/approvals-page.js';
import './pages/swarm-page.js';
import './pages/chat-page.js';
import './pages/ledger-page.js';
import './pages/replay-page.js';
import './pages/memory-page.js';
import './pages/budgets-page.js';
import './app-shell.js';

adoptTokenFromLocation();
interceptLinks();
