// Declares the commands and options (and nothing else): each action lazy-loads its handler from src/commands.
import { Command, Help, Option } from 'commander';
import { isLang, loadCatalogue, type Lang, type Translate } from '../i18n/index.js';
import type { Context, GlobalOptions } from './context.js';

const VERSION = '0.1.0';

type Handler = (ctx: Context, ...args: unknown[]) => Promise<void> | void;

/** `invokedAs`: how the user types huifang where she is, for the hints of every message (io/invocation.ts). */
export function buildProgram(t: Translate, lang: Lang, env: NodeJS.ProcessEnv, invokedAs = 'huifang'): Command {
  const program = new Command('huifang');

  /** Wrap a handler: resolve the context from the global options once, then call it. */
  const run =
    (load: () => Promise<Handler>) =>
    async (...args: unknown[]) => {
      const command = args[args.length - 1] as Command;
      const globals = command.optsWithGlobals() as GlobalOptions;
      // Loaded here, not at the top: --help, --version and usage errors need none of it (start-up time).
      const [{ makeContext }, { warnIfStoreShared }, handler] = await Promise.all([
        import('./context.js'),
        import('./store-warning.js'),
        load(),
        // main.ts loaded the language it found in argv; load the one commander parsed too, should they differ.
        globals.lang !== undefined && isLang(globals.lang) ? loadCatalogue(globals.lang) : undefined,
      ]);
      const ctx = makeContext(
        globals,
        env,
        {
          stdout: { write: (s) => process.stdout.write(s), isTTY: Boolean(process.stdout.isTTY), columns: process.stdout.columns, rows: process.stdout.rows },
          stderr: { write: (s) => process.stderr.write(s), isTTY: Boolean(process.stderr.isTTY), columns: process.stderr.columns },
          stdinIsTTY: Boolean(process.stdin.isTTY),
          clock: new Date(),
          command: invokedAs,
        },
        lang,
      );
      warnIfStoreShared(ctx);
      // Commander passes (...positional, options, command); handlers take (ctx, ...positional, options).
      await handler(ctx, ...args.slice(0, -1));
    };

  program
    .description(t('help.program'))
    .version(VERSION, '-V, --version', t('help.version'))
    .addOption(new Option('--db <path>', t('help.db')))
    .addOption(new Option('--today <YYYY-MM-DD>', t('help.today')))
    .addOption(new Option('--lang <zh|en>', t('help.lang')))
    .addOption(new Option('--user <name>', t('help.user')))
    .addOption(new Option('--no-color', t('help.noColor')))
    .addOption(new Option('--debug', t('help.debug')))
    .showSuggestionAfterError(true)
    // Commander's own English error line is not printed: main.ts says it in the user's language.
    .configureOutput({ outputError: () => undefined })
    .exitOverride();

  program
    .command('init')
    .description(t('help.init'))
    .action(run(async () => (await import('../commands/init.js')).initCommand as Handler));

  program
    .command('demo')
    .description(t('help.demo'))
    .action(run(async () => (await import('../commands/demo.js')).demoCommand as Handler));

  program
    .command('import')
    .description(t('help.import'))
    .argument('<kind>', t('help.importKind'))
    .argument('<file>', t('help.importFile'))
    .option('--dry-run', t('help.dryRun'))
    .option('--encoding <auto|utf8|gbk>', t('help.encoding'), 'auto')
    .option('--rejects <file>', t('help.rejects'))
    .option('--sheet <name>', t('help.sheet'))
    .option('--json', t('help.json'))
    .addHelpText('after', `\n${t('help.importPlan')}`)
    .action(run(async () => (await import('../commands/import-command.js')).importCommand as Handler));

  const customer = program.command('customer').description(t('help.customer'));
  customer
    .command('list')
    .description(t('help.customerList'))
    .option('--tier <T>', t('help.tier'))
    .option('--staff <name>', t('help.staffFilter'))
    .option('--status <status>', t('help.status'))
    .option('--search <text>', t('help.search'))
    .option('--json', t('help.json'))
    .option('--reveal', t('help.reveal'))
    .action(run(async () => (await import('../commands/customer.js')).customerList as Handler));
  customer
    .command('show')
    .description(t('help.customerShow'))
    .argument('<code>', t('help.code'))
    .option('--json', t('help.json'))
    .option('--reveal', t('help.reveal'))
    .action(run(async () => (await import('../commands/customer.js')).customerShow as Handler));
  const customerFields = (cmd: Command, nameRequired: boolean) => {
    if (nameRequired) cmd.requiredOption('--name <name>', t('help.name'));
    else cmd.option('--name <name>', t('help.name'));
    return cmd
      .option('--tier <T>', t('help.tier'))
      .option('--annual-purchase <amount>', t('help.annualPurchase'))
      .option('--industry <text>', t('help.industry'))
      .option('--owner <name>', t('help.owner'))
      .option('--since <date>', t('help.since'))
      .option('--birthday <date>', t('help.birthday'))
      .option('--tags <list>', t('help.tags'))
      .option('--contact <name>', t('help.contact'))
      .option('--phone <phone>', t('help.phone'))
      .option('--notes <text>', t('help.notes'));
  };
  customerFields(customer.command('add').description(t('help.customerAdd')).argument('<code>', t('help.code')), true)
    .option('--json', t('help.json'))
    .action(run(async () => (await import('../commands/customer.js')).customerAdd as Handler));
  customerFields(customer.command('set').description(t('help.customerSet')).argument('<code>', t('help.code')), false)
    .option('--status <status>', t('help.status'))
    .option('--json', t('help.json'))
    .action(run(async () => (await import('../commands/customer.js')).customerSet as Handler));
  customer
    .command('remove')
    .description(t('help.customerRemove'))
    .argument('<code>', t('help.code'))
    .action(run(async () => (await import('../commands/customer.js')).customerRemove as Handler));

  const event = program.command('event').description(t('help.event'));
  event
    .command('add')
    .description(t('help.eventAdd'))
    .argument('<code>', t('help.code'))
    .requiredOption('--type <type>', t('help.eventType'))
    .requiredOption('--date <date>', t('help.eventDate'))
    .option('--amount <amount>', t('help.amount'))
    .option('--ref <ref>', t('help.ref'))
    .option('--note <text>', t('help.note'))
    .option('--json', t('help.json'))
    .action(run(async () => (await import('../commands/event.js')).eventAdd as Handler));

  program
    .command('due')
    .description(t('help.due'))
    .option('--days <N>', t('help.days'))
    .option('--staff <name>', t('help.staffDue'))
    .option('--tier <T>', t('help.tier'))
    .option('--channel <C>', t('help.channelFilter'))
    .option('--limit <N>', t('help.limit'))
    .option('--greetings', t('help.greetings'))
    .option('--json', t('help.json'))
    .option('--csv', t('help.csv'))
    .option('--xlsx', t('help.xlsx'))
    .option('--out <file>', t('help.outXlsx'))
    .option('--reveal', t('help.reveal'))
    .option('--explain <code>', t('help.explain'))
    .option('--wide', t('help.wide'))
    .option('--all', t('help.allStaff'))
    .option('--no-pager', t('help.noPager'))
    .option('--print [file]', t('help.print'))
    .action(run(async () => (await import('../commands/due.js')).dueCommand as Handler));

  const collect = (value: string, previous: string[] = []) => [...previous, value];
  program
    .command('log')
    .description(t('help.log'))
    .argument('[code]', t('help.code'))
    .option('--task <id>', t('help.logTask'), collect)
    .option('--channel <C>', t('help.channel'))
    .option('--outcome <O>', t('help.outcome'))
    .option('--respondent <R>', t('help.respondent'))
    .option('--score <1-5>', t('help.score'))
    .option('--feedback <text>', t('help.feedback'))
    .option('--issue <LEVEL:CATEGORY:DESCRIPTION[:DEPARTMENT]>', t('help.issue'), collect)
    .option('--need <text>', t('help.need'), collect)
    .option('--signatory <name>', t('help.signatory'))
    .option('--next <YYYY-MM-DD>', t('help.next'))
    .option('--at <"YYYY-MM-DD HH:mm">', t('help.at'))
    .option('--staff <name>', t('help.staffLog'))
    .option('--contact <name>', t('help.contactLog'))
    .option('--amend <visit-id>', t('help.amend'))
    .option('--yes', t('help.yes'))
    .option('--json', t('help.json'))
    .action(run(async () => (await import('../commands/log.js')).logCommand as Handler));

  const issue = program.command('issue').description(t('help.issueCmd'));
  issue
    .command('list')
    .description(t('help.issueList'))
    .option('--open', t('help.issueOpen'))
    .option('--level <L>', t('help.issueLevel'))
    .option('--overdue', t('help.issueOverdue'))
    .option('--json', t('help.json'))
    .action(run(async () => (await import('../commands/issue.js')).issueList as Handler));
  issue
    .command('show')
    .description(t('help.issueShow'))
    .argument('<id>', t('help.issueId'))
    .option('--json', t('help.json'))
    .action(run(async () => (await import('../commands/issue.js')).issueShow as Handler));
  for (const [name, fn, help] of [
    ['respond', 'issueRespond', 'help.issueRespond'],
    ['resolve', 'issueResolve', 'help.issueResolve'],
    ['confirm', 'issueConfirm', 'help.issueConfirm'],
    ['reopen', 'issueReopen', 'help.issueReopen'],
  ] as const) {
    issue
      .command(name)
      .description(t(help))
      .argument('<id>', t('help.issueId'))
      .option('--note <text>', t('help.issueNote'))
      .option('--at <"YYYY-MM-DD HH:mm">', t('help.issueAt'))
      .action(run(async () => (await import('../commands/issue.js'))[fn] as Handler));
  }

  program
    .command('report')
    .description(t('help.report'))
    .option('--month <YYYY-MM>', t('help.month'))
    .option('--from <date>', t('help.from'))
    .option('--to <date>', t('help.toDate'))
    .option('--by <staff|tier|channel|week>', t('help.by'), 'staff')
    .option('--compare', t('help.compare'))
    .option('--json', t('help.json'))
    .option('--csv', t('help.csv'))
    .option('--html', t('help.html'))
    .option('--xlsx', t('help.xlsxReport'))
    .option('--detail', t('help.detail'))
    .option('--weekly', t('help.weekly'))
    .option('--out <file>', t('help.out'))
    .option('--reveal', t('help.reveal'))
    .action(run(async () => (await import('../commands/report.js')).reportCommand as Handler));

  const audit = program.command('audit').description(t('help.audit'));
  audit
    .command('sample')
    .description(t('help.auditSample'))
    .option('--month <YYYY-MM>', t('help.month'))
    .option('--rate <0-1>', t('help.rate'))
    .option('--seed <N>', t('help.seed'))
    .option('--json', t('help.json'))
    .option('--reveal', t('help.reveal'))
    .action(run(async () => (await import('../commands/audit.js')).auditSample as Handler));
  audit
    .command('record')
    .description(t('help.auditRecord'))
    .argument('<visit-id>', t('help.visitId'))
    .requiredOption('--result <confirmed|mismatch|unreachable>', t('help.result'))
    .option('--note <text>', t('help.issueNote'))
    .action(run(async () => (await import('../commands/audit.js')).auditRecord as Handler));

  program
    .command('plan')
    .description(t('help.plan'))
    .option('--month <YYYY-MM>', t('help.month'))
    .option('--staff <name>', t('help.staffFilter'))
    .option('--json', t('help.json'))
    .option('--csv', t('help.csv'))
    .option('--xlsx', t('help.xlsx'))
    .option('--out <file>', t('help.outXlsx'))
    .option('--sync', t('help.planSync'))
    .action(run(async () => (await import('../commands/plan.js')).planCommand as Handler));

  const task = program.command('task').description(t('help.task'));
  task
    .command('reschedule')
    .description(t('help.taskReschedule'))
    .argument('<id>', t('help.taskId'))
    .requiredOption('--to <YYYY-MM-DD>', t('help.to'))
    .requiredOption('--reason <text>', t('help.reason'))
    .action(run(async () => (await import('../commands/task.js')).taskReschedule as Handler));
  task
    .command('cancel')
    .description(t('help.taskCancel'))
    .argument('<id>', t('help.taskId'))
    .requiredOption('--reason <text>', t('help.reason'))
    .action(run(async () => (await import('../commands/task.js')).taskCancel as Handler));

  const policy = program.command('policy').description(t('help.policy'));
  policy
    .command('show')
    .description(t('help.policyShow'))
    .action(run(async () => (await import('../commands/policy.js')).policyShow as Handler));
  policy
    .command('export')
    .description(t('help.policyExport'))
    .argument('[file]', t('help.file'))
    .action(run(async () => (await import('../commands/policy.js')).policyExport as Handler));
  policy
    .command('import')
    .description(t('help.policyImport'))
    .argument('<file>', t('help.file'))
    .action(run(async () => (await import('../commands/policy.js')).policyImport as Handler));

  const calendar = program.command('calendar').description(t('help.calendar'));
  calendar
    .command('show')
    .description(t('help.calendarShow'))
    .option('--year <Y>', t('help.year'))
    .option('--json', t('help.json'))
    .action(run(async () => (await import('../commands/calendar.js')).calendarShow as Handler));
  calendar
    .command('import')
    .description(t('help.calendarImport'))
    .argument('<file>', t('help.file'))
    .action(run(async () => (await import('../commands/calendar.js')).calendarImport as Handler));

  const staff = program.command('staff').description(t('help.staff'));
  staff
    .command('list')
    .description(t('help.staffList'))
    .option('--json', t('help.json'))
    .action(run(async () => (await import('../commands/staff.js')).staffList as Handler));
  staff
    .command('set')
    .description(t('help.staffSet'))
    .argument('<name>', t('help.staffName'))
    .option('--role <clerk|supervisor>', t('help.role'))
    .option('--capacity <N|none>', t('help.capacity'))
    .option('--login <login|none>', t('help.login'))
    .action(run(async () => (await import('../commands/staff.js')).staffSet as Handler));

  program
    .command('backup')
    .description(t('help.backup'))
    .argument('<file>', t('help.backupFile'))
    .action(run(async () => (await import('../commands/backup.js')).backupCommand as Handler));

  // issue 14: copy
  program
    .command('copy')
    .description(t('help.copy'))
    .argument('<from>', t('help.copyFrom'))
    .argument('<to>', t('help.copyTo'))
    .action(run(async () => (await import('../commands/copy.js')).copyCommand as Handler));

  program
    .command('doctor')
    .description(t('help.doctor'))
    .option('--json', t('help.json'))
    .action(run(async () => (await import('../commands/doctor.js')).doctorCommand as Handler));

  localiseHelp(program, t);
  return program;
}

/** Commander's own words (headings, the help option) in the user's language, on every command. */
function localiseHelp(root: Command, t: Translate): void {
  const titles: Record<string, string> = {
    'Usage:': t('help.titleUsage'),
    'Options:': t('help.titleOptions'),
    'Commands:': t('help.titleCommands'),
    'Arguments:': t('help.titleArguments'),
    'Global Options:': t('help.titleGlobalOptions'),
  };
  const visit = (cmd: Command) => {
    cmd.helpOption('-h, --help', t('help.help'));
    cmd.helpCommand('help [command]', t('help.helpCommand'));
    cmd.exitOverride();
    cmd.configureHelp({
      styleTitle: (s: string) => titles[s] ?? s,
      // Commander appends an English "(default: …)"; say it in the user's language.
      optionDescription: (o: Option) =>
        o.defaultValue !== undefined && (o.required || o.optional) ? `${o.description}${t('help.default', { value: String(o.defaultValue) })}` : o.description,
      showGlobalOptions: cmd !== root,
    } as Partial<Help>);
    cmd.commands.forEach(visit);
  };
  visit(root);
}
