import type { ValidationOptions } from 'class-validator';
import { problemDecorator } from './problem-decorator.js';

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Why `value` is not a calendar day (YYYY-MM-DD) from `min` to `max` inclusive, or null. */
export function calendarDayProblem(value: unknown, min: string, max: string): string | null {
  const match = typeof value === 'string' ? DAY.exec(value) : null;
  if (!match) return `must be a date such as ${min}`;
  if (value! < min || value! > max) return `must be from ${min} to ${max}`;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return 'is not a day of the calendar';
  }
  return null;
}

/** A calendar day (YYYY-MM-DD, one that exists) within [min, max]: the message names the bound broken. */
export function IsCalendarDay(min: string, max: string, options?: ValidationOptions) {
  return problemDecorator('isCalendarDay', (value) => calendarDayProblem(value, min, max))(options);
}
