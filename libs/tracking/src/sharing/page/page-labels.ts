import type { ConsignmentStatus } from '@landbridge/operations';
import type { StationDisplay } from '@landbridge/reference-data';
import type { PageLanguage } from './page-language.js';

/** Everything the page says in words, in one language. */
export interface PageLabels {
  /** BCP 47 locale for dates and numbers. */
  locale: string;
  languageName: string;
  title: string;
  languages: string;
  waybill: string;
  consignee: string;
  status: string;
  statuses: Record<ConsignmentStatus, string>;
  currentStation: string;
  eta: string;
  etaRange: string;
  unknown: string;
  route: string;
  stops: string;
  mapTitle: (origin: string, destination: string) => string;
  /** Also called with placeholders ({0}, {1}, {2}) for the page's script to fill in. */
  mapDesc: (stops: number | string, passed: number | string, current: string) => string;
  milestones: string;
  station: string;
  planned: string;
  actual: string;
  expected: string;
  passed: string;
  ahead: string;
  trainHere: string;
  borderCrossing: string;
  gaugeChange: string;
  vehicles: string;
  vin: string;
  make: string;
  model: string;
  linkValid: string;
  live: string;
  updated: string;
  offline: string;
  gone: string;
  notFound: string;
  tooMany: string;
}

const EN: PageLabels = {
  locale: 'en-GB',
  languageName: 'English',
  title: 'Consignment tracking',
  languages: 'Language',
  waybill: 'Waybill',
  consignee: 'Consignee',
  status: 'Status',
  statuses: {
    booked: 'Booked',
    loaded: 'Loaded',
    in_transit: 'In transit',
    customs_hold: 'Held by customs',
    arrived: 'Arrived',
    delivered: 'Delivered',
    cancelled: 'Cancelled',
  },
  currentStation: 'Current station',
  eta: 'Estimated arrival',
  etaRange: 'Likely between',
  unknown: 'not known yet',
  route: 'Route',
  stops: 'Stops',
  mapTitle: (origin, destination) => `Route map from ${origin} to ${destination}`,
  mapDesc: (stops, passed, current) => `${stops} stops, ${passed} passed; the train is at ${current}.`,
  milestones: 'Milestones',
  station: 'Station',
  planned: 'Planned',
  actual: 'Actual or expected',
  expected: 'expected',
  passed: 'passed',
  ahead: 'ahead',
  trainHere: 'the train is here',
  borderCrossing: 'Border crossing',
  gaugeChange: 'Gauge change 1435 → 1520 mm',
  vehicles: 'Vehicles',
  vin: 'VIN',
  make: 'Make',
  model: 'Model',
  linkValid: 'This link works until',
  live: 'This page updates itself.',
  updated: 'Updated',
  offline: 'No connection: showing the last known state.',
  gone: 'This tracking link no longer works. Ask the sender for a new one.',
  notFound: 'There is no tracking link at this address. Check the link you were sent.',
  tooMany: 'Too many wrong links from your address. Try again in a minute.',
};

const ZH: PageLabels = {
  locale: 'zh-CN',
  languageName: '中文',
  title: '货物跟踪',
  languages: '语言',
  waybill: '运单号',
  consignee: '收货人',
  status: '状态',
  statuses: {
    booked: '已订舱',
    loaded: '已装车',
    in_transit: '运输中',
    customs_hold: '海关扣留',
    arrived: '已到达',
    delivered: '已交付',
    cancelled: '已取消',
  },
  currentStation: '当前车站',
  eta: '预计到达',
  etaRange: '可能到达区间',
  unknown: '暂未确定',
  route: '路线',
  stops: '停靠站',
  mapTitle: (origin, destination) => `从${origin}到${destination}的路线图`,
  mapDesc: (stops, passed, current) => `共${stops}站，已通过${passed}站；列车位于${current}。`,
  milestones: '里程碑',
  station: '车站',
  planned: '计划',
  actual: '实际或预计',
  expected: '预计',
  passed: '已通过',
  ahead: '未到达',
  trainHere: '列车当前位置',
  borderCrossing: '过境',
  gaugeChange: '换轨 1435 → 1520 毫米',
  vehicles: '车辆',
  vin: '车架号',
  make: '品牌',
  model: '车型',
  linkValid: '此链接有效期至',
  live: '本页面自动更新。',
  updated: '更新于',
  offline: '网络连接中断：显示最后已知状态。',
  gone: '此跟踪链接已失效，请向发送方索取新链接。',
  notFound: '此地址没有跟踪链接，请检查您收到的链接。',
  tooMany: '来自您地址的错误链接过多，请一分钟后再试。',
};

const RU: PageLabels = {
  locale: 'ru-RU',
  languageName: 'Русский',
  title: 'Отслеживание груза',
  languages: 'Язык',
  waybill: 'Номер накладной',
  consignee: 'Получатель',
  status: 'Статус',
  statuses: {
    booked: 'Забронирован',
    loaded: 'Погружен',
    in_transit: 'В пути',
    customs_hold: 'Задержан таможней',
    arrived: 'Прибыл',
    delivered: 'Доставлен',
    cancelled: 'Отменён',
  },
  currentStation: 'Текущая станция',
  eta: 'Ожидаемое прибытие',
  etaRange: 'Вероятно в интервале',
  unknown: 'пока неизвестно',
  route: 'Маршрут',
  stops: 'Остановки',
  mapTitle: (origin, destination) => `Карта маршрута: ${origin} — ${destination}`,
  mapDesc: (stops, passed, current) => `Остановок: ${stops}, пройдено: ${passed}; поезд: ${current}.`,
  milestones: 'Этапы пути',
  station: 'Станция',
  planned: 'По плану',
  actual: 'Фактически или ожидается',
  expected: 'ожидается',
  passed: 'пройдена',
  ahead: 'впереди',
  trainHere: 'поезд здесь',
  borderCrossing: 'Пересечение границы',
  gaugeChange: 'Смена колеи 1435 → 1520 мм',
  vehicles: 'Автомобили',
  vin: 'VIN',
  make: 'Марка',
  model: 'Модель',
  linkValid: 'Ссылка действует до',
  live: 'Страница обновляется сама.',
  updated: 'Обновлено',
  offline: 'Нет связи: показано последнее известное состояние.',
  gone: 'Эта ссылка для отслеживания больше не действует. Попросите отправителя прислать новую.',
  notFound: 'По этому адресу нет ссылки для отслеживания. Проверьте полученную ссылку.',
  tooMany: 'Слишком много неверных ссылок с вашего адреса. Попробуйте через минуту.',
};

export const PAGE_LABELS: Record<PageLanguage, PageLabels> = { en: EN, zh: ZH, ru: RU };

const CYRILLIC = /[\u0400-\u04ff]/;
const HAN = /[\u4e00-\u9fff]/;

/**
 * A station's name for a reader of `language`: the name given in that language; else its local name when
 * written in the reader's script (a Chinese station's 中文 name, a Russian or Kazakh one's Cyrillic);
 * else the English name.
 */
export function stationName(station: StationDisplay | undefined, code: string, language: PageLanguage): string {
  if (!station) return code;
  if (language === 'zh') return station.nameZh ?? (HAN.test(station.localName) ? station.localName : station.name);
  if (language === 'ru') {
    return station.nameRu ?? (CYRILLIC.test(station.localName) ? station.localName : station.name);
  }
  return station.name;
}

/**
 * A moment on the clock of `timeZone`, with its UTC offset shown (`22 Mar 2024, 15:10 GMT+8`); `short`
 * leaves the year out (the milestones of one trip, which the ETA above dates).
 */
export function formatAt(iso: string, timeZone: string, labels: PageLabels, short = false): string {
  const key = `${labels.locale} ${timeZone} ${short}`;
  let format = formats.get(key);
  if (!format) {
    // Building a formatter costs far more than using one: each page would otherwise build dozens.
    format = new Intl.DateTimeFormat(labels.locale, { ...(short ? SHORT_TIME_FORMAT : TIME_FORMAT), timeZone });
    formats.set(key, format);
  }
  return format.format(new Date(iso));
}

/** Formatters by locale, zone and length: three locales × the stations' few zones × two. */
const formats = new Map<string, Intl.DateTimeFormat>();

/** The same options as the page's script (TIME_FORMAT is handed to it), so both write times alike. */
export const TIME_FORMAT: Intl.DateTimeFormatOptions = {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
  timeZoneName: 'shortOffset',
};

export const SHORT_TIME_FORMAT: Intl.DateTimeFormatOptions = { ...TIME_FORMAT, year: undefined };
