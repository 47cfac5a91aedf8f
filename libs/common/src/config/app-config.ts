import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  validateSync,
} from 'class-validator';

const toInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;
const toBool = ({ value }: { value: unknown }) => {
  if (typeof value !== 'string') return value;
  const normal = value.trim().toLowerCase();
  if (['true', '1', 'yes'].includes(normal)) return true;
  if (['false', '0', 'no', ''].includes(normal)) return false;
  return value;
};

const PORT_MESSAGE = 'PORT must be a whole number from 0 to 65535';

/**
 * Every setting of the service, read from the environment once at start and validated, so a bad value
 * stops the process with a message a person can act on instead of failing on first use.
 * The README lists the same variables.
 */
export class AppConfig {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  /** This machine only by default; 0.0.0.0 (every interface) where others must reach it, as in a container. */
  @IsString()
  @MinLength(1, { message: 'HOST must be an address such as 127.0.0.1 or 0.0.0.0' })
  HOST = '127.0.0.1';

  @Transform(toInt)
  @IsInt({ message: PORT_MESSAGE })
  @Min(0, { message: PORT_MESSAGE })
  @Max(65535, { message: PORT_MESSAGE })
  PORT = 3000;

  /** When unset, an embedded PostgreSQL is started with its data in DATA_DIR. */
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/[^\s]+$/, {
    message: 'DATABASE_URL must look like postgres://user:password@host:5432/database',
  })
  DATABASE_URL?: string;

  /**
   * The service's own role for its pool, one that owns no table and is not BYPASSRLS (row-level security
   * applies to it); DATABASE_URL, the owner, then only migrates. When unset, the role `landbridge_app` on
   * DATABASE_URL's server, with a password derived from DATABASE_URL (see docs/pgbouncer.md).
   */
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/[^\s]+$/, {
    message: 'DATABASE_APP_URL must look like postgres://user:password@host:5432/database',
  })
  DATABASE_APP_URL?: string;

  /**
   * Where the connections that stay in LISTEN go (a session each): set it to the server itself when the
   * pool's URL is a transaction-mode PgBouncer. The pool's URL when unset.
   */
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/[^\s]+$/, {
    message: 'DATABASE_LISTEN_URL must look like postgres://user:password@host:5432/database',
  })
  DATABASE_LISTEN_URL?: string;

  /** Named prepared statements for the hot reads: false behind a transaction-mode PgBouncer older than 1.21. */
  @Transform(toBool)
  @IsBoolean({ message: 'DATABASE_PREPARED_STATEMENTS must be true or false' })
  DATABASE_PREPARED_STATEMENTS = true;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(200)
  DATABASE_POOL_SIZE = 10;

  @IsString()
  DATA_DIR = '.data';

  /** Preferred port of the embedded PostgreSQL; a free one is chosen when it is taken. */
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  @Max(65535)
  EMBEDDED_POSTGRES_PORT = 54329;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  @Transform(toBool)
  @IsBoolean({ message: 'METRICS_PUBLIC must be true or false' })
  METRICS_PUBLIC = false;

  /** The first admin, created on a start with no users. Without them: admin@localhost, password logged once. */
  @IsOptional()
  @IsEmail({}, { message: 'ADMIN_EMAIL must be an email address' })
  ADMIN_EMAIL?: string;

  @IsOptional()
  @IsString()
  @MinLength(12, { message: 'ADMIN_PASSWORD must be at least 12 characters' })
  ADMIN_PASSWORD?: string;

  /** HMAC key for access tokens; when unset, one is generated and kept in the database. */
  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'TOKEN_SECRET must be at least 32 characters' })
  TOKEN_SECRET?: string;

  @Transform(toInt)
  @IsInt()
  @Min(60)
  @Max(86_400)
  ACCESS_TOKEN_TTL_SECONDS = 900;

  /**
   * Where people reach the service from outside, without a trailing slash: the start of the public tracking
   * links (`<PUBLIC_BASE_URL>/track/<token>`). Never taken from a request's Host header, which its sender chooses.
   */
  @Matches(/^https?:\/\/[^\s/?#]+(\/[^\s?#]*[^\s/?#])?$/, {
    message: 'PUBLIC_BASE_URL must be an http(s) URL without a trailing slash, such as https://track.example.com',
  })
  PUBLIC_BASE_URL = 'http://localhost:3000';

  /** Requests a minute per principal (user or API key; the client address when anonymous). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  RATE_LIMIT_PER_MINUTE = 3000;

  /** Failed sign-ins to one account within 15 minutes before sign-in to it is refused (429), from any address. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000)
  LOGIN_FAILURES_PER_ACCOUNT = 10;

  /**
   * Which proxies in front of the api may name the client address (X-Forwarded-For): unset trusts none;
   * a whole number trusts that many hops; else a comma-separated list of proxy addresses or CIDRs.
   */
  @IsOptional()
  @Matches(/^(\d{1,2}|[0-9A-Fa-f:.]+(\/\d{1,3})?(\s*,\s*[0-9A-Fa-f:.]+(\/\d{1,3})?)*)$/, {
    message: 'TRUST_PROXY must be a hop count (such as 1) or proxy addresses/CIDRs (such as 10.0.0.0/8,::1)',
  })
  TRUST_PROXY?: string;

  /**
   * Key (≥ 32 characters) that encrypts secrets the service must keep usable, such as webhook signing
   * secrets; when unset, a random one is generated once and kept in the database.
   */
  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'SECRETS_KEY must be at least 32 characters' })
  SECRETS_KEY?: string;

  /** Open event streams (GET /events/stream) per principal; one more is answered 429. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(10_000)
  STREAMS_PER_CALLER = 5;

  /** Open event streams per api process; one more is answered 503. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100_000)
  STREAMS_PER_PROCESS = 1000;

  /** The api also runs the worker's jobs (status-update delivery) in its process; false with a separate worker. */
  @Transform(toBool)
  @IsBoolean({ message: 'RUN_WORKER must be true or false' })
  RUN_WORKER = true;

  /** Webhook URLs may be http: (else https: only). */
  @Transform(toBool)
  @IsBoolean({ message: 'ALLOW_HTTP_WEBHOOKS must be true or false' })
  ALLOW_HTTP_WEBHOOKS = false;

  /** Webhook URLs may resolve to loopback, private, link-local or unspecified addresses. */
  @Transform(toBool)
  @IsBoolean({ message: 'ALLOW_PRIVATE_WEBHOOKS must be true or false' })
  ALLOW_PRIVATE_WEBHOOKS = false;

  /** NATS server with JetStream: when set, every status event is also published there. */
  @IsOptional()
  @Matches(/^(nats|tls):\/\/[^\s]+$/, { message: 'NATS_URL must look like nats://host:4222' })
  NATS_URL?: string;

  /** The JetStream stream (created when missing) and the subject prefix of status events. */
  @Matches(/^[A-Za-z0-9_-]{1,64}$/, { message: 'NATS_STREAM must be letters, digits, _ or -' })
  NATS_STREAM = 'LANDBRIDGE';

  @Matches(/^[a-z0-9_-]+(\.[a-z0-9_-]+)*$/, {
    message: 'NATS_SUBJECT_PREFIX must be dot-separated tokens such as landbridge',
  })
  NATS_SUBJECT_PREFIX = 'landbridge';

  /** Seconds between webhook attempts after a failure; the last repeats until 3 days of failure disable it. */
  @Matches(/^\d+(\.\d+)?(,\d+(\.\d+)?)*$/, {
    message: 'WEBHOOK_RETRY_SECONDS must be a comma-separated list of seconds such as 5,300,1800',
  })
  WEBHOOK_RETRY_SECONDS = '5,300,1800,7200,18000,36000,36000';
}

export class ConfigError extends Error {}

/** Settings without a default (so not among the keys of a fresh AppConfig). */
const OPTIONAL = [
  'DATABASE_URL',
  'DATABASE_APP_URL',
  'DATABASE_LISTEN_URL',
  'ADMIN_EMAIL',
  'ADMIN_PASSWORD',
  'TOKEN_SECRET',
  'NATS_URL',
  'TRUST_PROXY',
  'SECRETS_KEY',
];

/** Reads and validates the environment; throws a ConfigError listing every bad variable. */
export function loadConfig(env: Record<string, string | undefined>): AppConfig {
  const known = Object.keys(new AppConfig());
  const present = Object.fromEntries(
    Object.entries(env).filter(
      // An optional setting set to '' (as compose writes `${VAR:-}`) is unset.
      ([key, value]) => value !== undefined && (known.includes(key) || (OPTIONAL.includes(key) && value !== '')),
    ),
  );
  const config = plainToInstance(AppConfig, present, { exposeDefaultValues: true });
  const errors = validateSync(config, { forbidUnknownValues: true });
  if (errors.length > 0) {
    // One message a variable: the first check written above it (class-validator lists them last first),
    // which is the type check where there is one, so `PORT=abc` is not also said to be too big and too small.
    const lines = errors.map((e) => `  - ${e.property}: ${Object.values(e.constraints ?? {}).at(-1) ?? 'invalid'}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return config;
}
