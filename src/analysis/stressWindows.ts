/** The stress windows every backtest report measures separately (inclusive ISO date ranges). */
export interface StressWindow {
  readonly id: string;
  readonly label: string;
  readonly from: string;
  readonly to: string;
}

export const STRESS_WINDOWS: readonly StressWindow[] = [
  { id: '2008-gfc', label: 'Global financial crisis (2008-09 .. 2009-03)', from: '2008-09-01', to: '2009-03-31' },
  { id: '2010-flash', label: 'Flash crash (2010-05)', from: '2010-05-01', to: '2010-05-31' },
  { id: '2011-08', label: 'US downgrade (2011-08)', from: '2011-08-01', to: '2011-08-31' },
  { id: '2015-08', label: 'China devaluation (2015-08)', from: '2015-08-01', to: '2015-08-31' },
  { id: '2018-02', label: 'Volmageddon (2018-02)', from: '2018-02-01', to: '2018-02-28' },
  { id: '2018-q4', label: 'Q4 2018 sell-off', from: '2018-10-01', to: '2018-12-31' },
  { id: '2020-covid', label: 'COVID crash (2020-02 .. 2020-04)', from: '2020-02-01', to: '2020-04-30' },
  { id: '2022', label: 'Inflation bear market (2022)', from: '2022-01-01', to: '2022-12-31' },
  { id: '2025-04', label: 'Tariff shock (2025-04)', from: '2025-04-01', to: '2025-04-30' },
];
