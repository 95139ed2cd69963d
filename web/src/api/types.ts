/**
 * The API's shapes, taken from the server's zod schemas as types only (nothing of zod reaches the
 * bundle), so the app and the server cannot drift apart.
 */
export type {
  BacktestCreated,
  BacktestListResponse,
  BookAcceptResponse,
  BookEditResponse,
  BookTriggersResponse,
  BrokerImportResponse,
  UserPosition,
  BacktestProgressEvent,
  BacktestResultResponse,
  BookGreeks,
  BookPayoffResponse,
  BookPosition,
  BookResponse,
  BookRiskResponse,
  BookSwitchResponse,
  DecisionRow,
  DecisionsResponse,
  ErrorResponse,
  HealthResponse,
  PresetsResponse,
  SignalResponse,
  SignalsResponse,
  StatusResponse,
  StrategyConfigSchemaResponse,
  TermStructureResponse,
  ValidationChart,
  ValidationResponse,
} from '../../../src/server/schemas.js';
export type { DailySignal } from '../../../src/book/dailySignal.js';
export type { DailySignals } from '../../../src/signals/dailySignals.js';
