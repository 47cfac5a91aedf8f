import { calendarDayProblem } from './calendar-day.js';

const check = (value: unknown) => calendarDayProblem(value, '2000-01-01', '2100-12-31');

describe('calendarDayProblem', () => {
  it.each(['2000-01-01', '2024-02-29', '2100-12-31'])('accepts %s', (day) => expect(check(day)).toBeNull());

  it.each([
    ['0000-01-01', 'must be from 2000-01-01 to 2100-12-31'],
    ['9999-12-31', 'must be from 2000-01-01 to 2100-12-31'],
    ['1999-12-31', 'must be from 2000-01-01 to 2100-12-31'],
    ['2023-02-29', 'is not a day of the calendar'],
    ['2024-13-01', 'is not a day of the calendar'],
    ['2024-1-01', 'must be a date such as 2000-01-01'],
    [20240101, 'must be a date such as 2000-01-01'],
  ])('refuses %p: %s', (value, problem) => expect(check(value)).toBe(problem));
});
