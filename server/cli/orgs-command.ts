import { type Command, InvalidArgumentError } from 'commander';
import type { FastifyInstance } from 'fastify';
import Type, { type TSchema } from 'typebox';
import { type OrgKind, type Role, type TokenScope, requiresTwoFactor } from '../../contracts/orgs';
import { type Config, loadConfig } from '../config';
import type { Locale } from '../http/locale';
import { ProblemError, fieldProblemsFromValidation, renderProblem } from '../http/problem';
import { compileSchema, createAjv } from '../http/validation';
import type { SystemActor } from '../modules/auth/principal';
import type { Organization } from '../modules/orgs/orgs.repository';
import { presentApiToken, presentOrganization, presentUser } from '../modules/orgs/orgs.presenter';
import { NewApiTokenBody, NewOrganizationBody, NewUserBody } from '../modules/orgs/orgs.schemas';

/** The operator at the command line; passes every policy, and is named `cli` in the audit log. */
export const OPERATOR: SystemActor = { kind: 'system', name: 'cli' };

/** Where a command writes, and the language its problems are told in. */
export interface CliOutput {
  out: NodeJS.WritableStream;
  err: NodeJS.WritableStream;
  locale: Locale;
}

/** Standard output and error, in the language of the environment. */
export function processOutput(): CliOutput {
  return { out: process.stdout, err: process.stderr, locale: localeFromEnv(process.env) };
}

/**
 * The language of problems printed at the command line, from `LC_ALL`, `LC_MESSAGES` or `LANG` as
 * POSIX orders them: Chinese for `zh*`, otherwise English, since the rest of the tool speaks English.
 */
export function localeFromEnv(env: Record<string, string | undefined>): Locale {
  const tag = [env.LC_ALL, env.LC_MESSAGES, env.LANG].find((value) => value && value.trim() !== '') ?? '';
  return /^zh/i.test(tag.trim()) ? 'zh-CN' : 'en';
}

/** Builds the app on the configured database (applying pending migrations), runs `use`, and closes the app. */
export async function withApp<T>(config: Config, use: (app: FastifyInstance) => Promise<T>): Promise<T> {
  // Loaded here, not at the top, so commands that need no app (`indicators extract`) start quickly.
  const { buildApp } = await import('../app');
  const app = await buildApp(config, { logger: false });
  try {
    await app.ready();
    return await use(app);
  } finally {
    await app.close();
  }
}

/** Writes one line. */
export function writeLine(stream: NodeJS.WritableStream, text = ''): void {
  stream.write(`${text}\n`);
}

/**
 * Prints a problem the way the API would answer it, in the output's language: the title, the detail,
 * then one line per field, named by the command-line option that carries it.
 */
function printProblem(io: CliOutput, error: ProblemError, optionOf: (field: string) => string = (field) => field): void {
  const body = renderProblem(error.code, io.locale, error.options);
  writeLine(io.err, body.detail ? `${body.title}: ${body.detail}` : body.title);
  for (const field of body.errors ?? []) writeLine(io.err, `  ${optionOf(field.field)}: ${field.message}`);
}

/** Runs a command; a problem the input caused is printed and answered with exit code 1. */
async function answering(io: CliOutput, optionOf: (field: string) => string, run: () => Promise<number>): Promise<number> {
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof ProblemError)) throw error;
    printProblem(io, error, optionOf);
    return 1;
  }
}

/** Names a field of the API body by the option that carries it, and the value when it is one of several (`domains.1`: `--domain "b.cn"`). */
function optionNamer(options: Record<string, string>, values: Record<string, readonly string[] | undefined> = {}) {
  return (field: string): string => {
    const [name = field, index] = field.split('.');
    const option = options[name] ?? field;
    const value = index === undefined ? undefined : values[name]?.[Number(index)];
    return value === undefined ? option : `${option} ${JSON.stringify(value)}`;
  };
}

let ajv: ReturnType<typeof createAjv> | undefined;

/** Checks input against the schema the HTTP API uses for the same body, and answers the same problem. */
function validate(schema: TSchema, body: Record<string, unknown>): void {
  ajv ??= createAjv();
  const check = compileSchema(ajv, schema);
  if (!check(body)) throw new ProblemError('validation', { fields: fieldProblemsFromValidation(check.errors ?? []) });
}

/**
 * The API's body for a new organization, with two differences: the parent may be left out (a
 * top-level organization, which only the operator may create), and the region code and credit code
 * are left to the service, whose messages say what a valid one looks like.
 */
const OrganizationInput = Type.Object(
  {
    ...NewOrganizationBody.properties,
    parentId: Type.Optional(NewOrganizationBody.properties.parentId),
    regionCode: Type.String(),
    uscc: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);

/** Options of `qinglang org create`. */
export interface OrgCreateOptions {
  name: string;
  kind: string;
  region: string;
  parent?: string;
  domain?: string[];
  icp?: string[];
  uscc?: string;
  json?: boolean;
}

/**
 * `qinglang org create`: creates an organization and prints its id (or, with `json`, the
 * organization as the API presents it).
 *
 * @returns the exit code: 0, or 1 when the input was refused (the problem is printed).
 */
export async function runOrgCreate(app: FastifyInstance, options: OrgCreateOptions, io: CliOutput): Promise<number> {
  const optionOf = optionNamer(
    {
      name: '--name',
      kind: '--kind',
      regionCode: '--region',
      parentId: '--parent',
      domains: '--domain',
      icpNumbers: '--icp',
      uscc: '--uscc',
    },
    { domains: options.domain, icpNumbers: options.icp },
  );
  return answering(io, optionOf, async () => {
    const input = {
      name: options.name,
      kind: options.kind,
      regionCode: options.region,
      ...(options.parent !== undefined && { parentId: options.parent }),
      ...(options.domain?.length && { domains: options.domain }),
      ...(options.icp?.length && { icpNumbers: options.icp }),
      ...(options.uscc !== undefined && { uscc: options.uscc }),
    };
    validate(OrganizationInput, input);
    const org = await app.qinglang.orgs.createOrganization(OPERATOR, { ...input, kind: input.kind as OrgKind });
    if (options.json) {
      writeLine(io.out, JSON.stringify(presentOrganization(org)));
      return 0;
    }
    writeLine(io.out, org.id);
    writeLine(io.err, `Created ${org.name} (${org.kind}, region ${org.region_code})${org.parent_id ? '' : ' at the top level'}.`);
    return 0;
  });
}

/**
 * `qinglang org list`: every organization as a tree, children indented under their parent, with
 * kind, region and id; with `json`, `{"items": [...]}` as the API answers.
 */
export async function runOrgList(app: FastifyInstance, options: { json?: boolean }, io: CliOutput): Promise<number> {
  const orgs = await app.qinglang.orgs.listOrganizations(OPERATOR);
  if (options.json) {
    writeLine(io.out, JSON.stringify({ items: orgs.map(presentOrganization) }));
    return 0;
  }
  if (orgs.length === 0) {
    writeLine(io.err, 'No organizations yet; create the first with `qinglang org create` (or try `qinglang seed-demo`).');
    return 0;
  }
  for (const line of organizationTree(orgs)) writeLine(io.out, line);
  return 0;
}

/**
 * Lines of an aligned table of organizations, children indented under their parent. Paths
 * (`/root/child/`) sort a tree depth-first, and ids are time-ordered, so children keep the order they
 * were created in.
 */
export function organizationTree(orgs: readonly Organization[]): string[] {
  const sorted = [...orgs].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const depthOf = (org: Organization) => org.path.split('/').filter(Boolean).length - 1;
  const shallowest = Math.min(...sorted.map(depthOf));
  return table(
    ['Organization', 'Kind', 'Region', 'Id'],
    sorted.map((org) => [
      `${'  '.repeat(depthOf(org) - shallowest)}${org.name}${org.status === 'active' ? '' : ` (${org.status})`}`,
      org.kind,
      org.region_code,
      org.id,
    ]),
  );
}

/** Options of `qinglang user invite`. */
export interface UserInviteOptions {
  org: string;
  email: string;
  name: string;
  role: string[];
  json?: boolean;
}

/**
 * `qinglang user invite`: creates an invited account and prints its one-time invitation link (the
 * expiry goes to standard error); with `json`, the user and the invitation as the API answers them.
 */
export async function runUserInvite(app: FastifyInstance, options: UserInviteOptions, io: CliOutput): Promise<number> {
  const optionOf = optionNamer({ orgId: '--org', email: '--email', displayName: '--name', roles: '--role' }, { roles: options.role });
  return answering(io, optionOf, async () => {
    const input = { orgId: options.org, email: options.email, displayName: options.name, roles: options.role };
    validate(NewUserBody, input);
    const { user, invitation } = await app.qinglang.orgs
      .inviteUser(OPERATOR, { ...input, roles: input.roles as Role[] })
      .catch(naming('--org', options.org));
    if (options.json) {
      writeLine(io.out, JSON.stringify({ user: presentUser(user), invitation }));
      return 0;
    }
    writeLine(io.out, invitation.url);
    writeLine(
      io.err,
      `Invited ${user.display_name} <${user.email}> as ${user.roles.join(', ')} at ${user.org_name}. ` +
        `The link works once and expires at ${invitation.expiresAt}; send it to them through a channel only they read. ` +
        (requiresTwoFactor(user.roles as Role[])
          ? 'They choose a password and enrol an authenticator app when they open it.'
          : 'They choose a password when they open it.'),
    );
    return 0;
  });
}

/** The API's body for a new token; a number of days comes from the command line, never null. */
const ApiTokenInput = Type.Object(
  { ...NewApiTokenBody.properties, expiresInDays: Type.Optional(NewApiTokenBody.properties.expiresInDays.anyOf[0]) },
  { additionalProperties: false },
);

/** Options of `qinglang token create`. */
export interface TokenCreateOptions {
  org: string;
  name: string;
  scope: string[];
  expiresInDays?: number;
  json?: boolean;
}

/**
 * `qinglang token create`: creates an API token for an organization's systems and prints it, the
 * one time it is ever shown; with `json`, the token and its description as the API answers them.
 */
export async function runTokenCreate(app: FastifyInstance, options: TokenCreateOptions, io: CliOutput): Promise<number> {
  const optionOf = optionNamer(
    { orgId: '--org', name: '--name', scopes: '--scope', expiresInDays: '--expires-in-days' },
    { scopes: options.scope },
  );
  return answering(io, optionOf, async () => {
    const input = {
      name: options.name,
      scopes: options.scope,
      ...(options.expiresInDays !== undefined && { expiresInDays: options.expiresInDays }),
    };
    validate(ApiTokenInput, input);
    const { token, apiToken } = await app.qinglang.orgs
      .createApiToken(OPERATOR, options.org, { ...input, scopes: input.scopes as TokenScope[] })
      .catch(naming('--org', options.org));
    const presented = presentApiToken(apiToken);
    writeLine(io.out, options.json ? JSON.stringify({ token, apiToken: presented }) : token);
    writeLine(
      io.err,
      'This token is shown only now: store it in the system that will use it (or a secret manager). Qinglang keeps only its hash, ' +
        'so a lost token cannot be shown again; create a new one and revoke the old. ' +
        `Scopes: ${presented.scopes.join(', ')}; ${presented.expiresAt ? `expires at ${presented.expiresAt}` : 'does not expire'}.`,
    );
    return 0;
  });
}

/** Says which option named the record that was not found, since "not found" alone does not. */
function naming(option: string, value: string) {
  return (error: unknown): never => {
    if (error instanceof ProblemError && error.code === 'not_found' && !error.options.detail)
      throw new ProblemError('not_found', { detail: `${option} ${value}` });
    throw error;
  };
}

/** A whole number given as an option. */
function wholeNumber(value: string): number {
  if (!/^\s*-?\d+\s*$/.test(value)) throw new InvalidArgumentError('Expected a whole number.');
  return Number(value);
}

/** Collects a repeatable option. */
function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** Collects a repeatable option that also takes comma-separated lists (`--role admin,auditor`). */
function collectList(value: string, previous: string[] = []): string[] {
  return [
    ...previous,
    ...value
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean),
  ];
}

/** Adds `org create`, `org list`, `user invite` and `token create`: setting up an installation without the web front end. */
export function registerOrgCommands(program: Command): void {
  const run = async (command: (app: FastifyInstance, io: CliOutput) => Promise<number>) => {
    process.exitCode = await withApp(loadConfig(), (app) => command(app, processOutput()));
  };

  const org = program.command('org').description('Organizations (机构): agencies, websites and enterprises');
  org
    .command('create')
    .description(
      'Create an organization and print its id. Without --parent it is a top-level organization, which only this tool can create',
    )
    .requiredOption('--name <name>', 'name, e.g. 浙江省网信办')
    .requiredOption(
      '--kind <kind>',
      'reporting_centre, regulator, police, telecom_regulator, press_regulator, website, enterprise or supervisory_body',
    )
    .requiredOption('--region <code>', 'six-digit administrative division code (GB/T 2260), e.g. 330000')
    .option('--parent <id>', 'id of the organization it belongs under (see `qinglang org list`)')
    .option('--domain <domain>', 'a domain of a website (repeatable)', collect)
    .option('--icp <number>', 'an ICP filing number of a website, e.g. 浙ICP备2024000001号 (repeatable)', collect)
    .option('--uscc <code>', 'unified social credit code (18 characters)')
    .option('--json', 'print the organization as JSON')
    .action((options: OrgCreateOptions) => run((app, io) => runOrgCreate(app, options, io)));

  org
    .command('list')
    .description('Print every organization as a tree: name, kind, region, id')
    .option('--json', 'print {"items": [...]} as JSON')
    .action((options: { json?: boolean }) => run((app, io) => runOrgList(app, options, io)));

  program
    .command('user')
    .description('People who sign in to the workbench')
    .command('invite')
    .description(
      'Create an invited account and print its one-time invitation link (expiry on standard error); ' +
        'links start with QINGLANG_PUBLIC_URL (default http://localhost:PORT)',
    )
    .requiredOption('--org <id>', 'id of their organization')
    .requiredOption('--email <email>', 'their e-mail address, which they sign in with')
    .requiredOption('--name <name>', 'display name, e.g. 张伟')
    .requiredOption(
      '--role <role>',
      'admin, triage_officer, case_officer, agency_lead, analyst, website_compliance, enterprise_liaison, supervisor or auditor ' +
        '(repeatable, or comma-separated); it must fit the kind of organization',
      collectList,
    )
    .option('--json', 'print the user and the invitation as JSON')
    .action((options: UserInviteOptions) => run((app, io) => runUserInvite(app, options, io)));

  program
    .command('token')
    .description('API tokens of organizations’ systems (websites, partner agencies)')
    .command('create')
    .description('Create an API token and print it; it is shown only this once (the warning goes to standard error)')
    .requiredOption('--org <id>', 'id of the organization whose systems use it')
    .requiredOption('--name <name>', 'what it is for, e.g. "钱塘论坛 disposal connector"')
    .requiredOption(
      '--scope <scope>',
      'reports:read, cases:read, orders:write, deletion_requests:write or protection:verify (repeatable, or comma-separated)',
      collectList,
    )
    .option('--expires-in-days <days>', 'days until it stops working (1 to 3650); without it, it works until revoked', wholeNumber)
    .option('--json', 'print the token and its description as JSON')
    .action((options: TokenCreateOptions) => run((app, io) => runTokenCreate(app, options, io)));
}

// --- Tables ----------------------------------------------------------------------------------

/** Wide (CJK, full-width) characters take two columns in a terminal. */
const WIDE = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u;

/** Columns a text takes in a terminal. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) width += WIDE.test(char) ? 2 : 1;
  return width;
}

/** Lines of a table whose columns line up in a terminal, Chinese included; the last column is not padded. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = header.map((title, i) => Math.max(displayWidth(title), ...rows.map((row) => displayWidth(row[i] ?? ''))));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell + ' '.repeat((widths[i] ?? 0) - displayWidth(cell))))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)];
}
