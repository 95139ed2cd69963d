import { describe, expect, it } from 'vitest';
import { buildBundledEvents } from './bundledEvents.js';
import { parseCsvText, type CsvTable } from '../csv/csvText.js';
import { dayFromIso, isoFromDay } from '../../time/day.js';

function table(name: string, text: string): CsvTable {
  const parsed = parseCsvText(name, text);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.value;
}

describe('buildBundledEvents', () => {
  const events = buildBundledEvents(
    {
      fomcMeetings: table('m.csv', 'announcement_date,meeting_start,scheduled,label,source\n1989-12-19,1989-12-18,True,Dec 1989,x\n2020-03-03,2020-03-03,False,3 March 2020,x\n2020-03-18,2020-03-17,True,March 2020,x\n'),
      fomcActions: table(
        'a.csv',
        'date,type,press_conference,scheduled_fomc,unscheduled_fomc,sep,dotplot,monetary_policy_report,minutes_released\n1991-01-08,Open Market Operation,0,0,1,0,0,0,0\n2003-03-25,FOMC Statement,0,0,1,0,0,0,0\n2008-10-07,Minutes,0,0,1,0,0,0,1\n',
      ),
      econCalendar: table(
        'e.csv',
        'date,event,detail,ref_period,time_et,source_tag,date_fixed\n2020-03-03,fomc_intermeeting,emergency 50bp cut,,,manual,0\n2020-03-11,cpi,CPI release,February 2020,08:30,bls,0\n2020-03-20,opex,opex,,,computed,0\n',
      ),
    },
    dayFromIso('1990-01-01'),
  );

  it('takes rate actions from the research file but not statements or minutes, and dedupes by day and kind', () => {
    expect(events.records.map((e) => [isoFromDay(e.day), e.kind, e.scheduled])).toEqual([
      ['1991-01-08', 'fomc', false],
      ['1994-04-18', 'fomc', false],
      ['1998-10-15', 'fomc', false],
      ['2020-03-03', 'fomc', false],
      ['2020-03-11', 'cpi', true],
      ['2020-03-18', 'fomc', true],
    ]);
  });

  it('records per-kind coverage (no PPI or NFP rows here, so no coverage for them)', () => {
    expect(events.coverage.map((c) => [c.kind, isoFromDay(c.firstDay), isoFromDay(c.lastDay)])).toEqual([
      ['fomc', '1990-01-01', '2020-03-18'],
      ['cpi', '2020-03-11', '2020-03-11'],
    ]);
    expect(events.issues).toEqual([]);
  });
});
