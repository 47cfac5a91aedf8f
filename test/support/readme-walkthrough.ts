import { spawn } from 'node:child_process';

export const WALKTHROUGH_START = '<!-- walkthrough:start -->';
export const WALKTHROUGH_END = '<!-- walkthrough:end -->';

/** A fenced shell block of a Markdown document. */
export interface ShellBlock {
  /** 1 for the first block of the walkthrough. */
  number: number;
  /** The line of its opening fence in the document (1 for the first line). */
  line: number;
  /** The bold lead-in of the paragraph before it (`**Sign in.**` → `Sign in.`), else empty. */
  title: string;
  code: string;
}

export interface WalkthroughRun {
  exitCode: number | null;
  /** What the blocks wrote, stdout and stderr together, in order. */
  output: string;
  /** The blocks that started, in order: the last one is the one that failed when exitCode is not 0. */
  started: ShellBlock[];
}

const FENCE = /^```(\S*)\s*$/;
const LEAD_IN = /^\*\*(.+?)\*\*/;

/** Says which block it is, in a message: `block 3 "The admin sets up…" (README.md line 57)`. */
export function describeBlock(block: ShellBlock, file = 'README.md'): string {
  return `block ${block.number}${block.title ? ` "${block.title}"` : ''} (${file} line ${block.line})`;
}

/**
 * The shell blocks between the walkthrough markers, in order. Every fenced block there must be ```sh:
 * a block in another language would silently not run, so it is refused.
 */
export function walkthroughBlocks(markdown: string): ShellBlock[] {
  const lines = markdown.split('\n');
  const start = lines.findIndex((line) => line.trim() === WALKTHROUGH_START);
  const end = lines.findIndex((line) => line.trim() === WALKTHROUGH_END);
  if (start < 0 || end < start) throw new Error(`expected ${WALKTHROUGH_START} and then ${WALKTHROUGH_END}`);
  if (lines.filter((line) => line.trim() === WALKTHROUGH_START).length > 1) {
    throw new Error(`expected a single ${WALKTHROUGH_START}`);
  }
  const blocks: ShellBlock[] = [];
  let title = '';
  for (let i = start + 1; i < end; i++) {
    const lead = LEAD_IN.exec(lines[i]!);
    if (lead) title = lead[1]!;
    const fence = FENCE.exec(lines[i]!);
    if (!fence) continue;
    if (fence[1] !== 'sh')
      throw new Error(`line ${i + 1}: the walkthrough's blocks must be \`\`\`sh, not "${fence[1]}"`);
    const close = lines.findIndex((line, j) => j > i && line.trim() === '```');
    if (close < 0 || close > end) throw new Error(`line ${i + 1}: the block is not closed before ${WALKTHROUGH_END}`);
    blocks.push({ number: blocks.length + 1, line: i + 1, title, code: lines.slice(i + 1, close).join('\n') });
    title = '';
    i = close;
  }
  return blocks;
}

/** Printed before each block, to tell from the output which block was running when the shell stopped. */
const marker = (block: ShellBlock) => `@@walkthrough-block ${block.number}@@`;

/**
 * Runs the blocks in order in one bash process, as a reader pasting them into one terminal would, but
 * with `set -euo pipefail`: the first command that fails (an HTTP error through `curl --fail-with-body`,
 * an unset variable, a jq error) stops the run. `env` is the whole environment: nothing else leaks in.
 * `beforeEachBlock`, a command of the harness's own, runs before each block (not part of the README).
 */
export function runShellBlocks(
  blocks: ShellBlock[],
  env: Record<string, string>,
  timeoutMs: number,
  beforeEachBlock?: string,
) {
  const script = [
    'set -euo pipefail',
    'exec 2>&1',
    ...blocks.flatMap((block) => [
      ...(beforeEachBlock ? [beforeEachBlock] : []),
      `printf '\\n%s\\n' '${marker(block)}'`,
      block.code,
    ]),
  ].join('\n');
  const child = spawn('bash', ['--noprofile', '--norc', '-c', script], {
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
    timeout: timeoutMs,
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise<WalkthroughRun>((done, fail) => {
    child.once('error', fail);
    child.once('close', (code) => {
      const started = blocks.filter((block) => output.includes(marker(block)));
      done({ exitCode: code, output, started });
    });
  });
}

/** The output of one block of a run (what it printed before the next block began, or the run ended). */
export function outputOf(run: WalkthroughRun, block: ShellBlock): string {
  const from = run.output.indexOf(marker(block));
  if (from < 0) return '';
  const next = run.output.indexOf('@@walkthrough-block ', from + marker(block).length);
  return run.output.slice(from + marker(block).length, next < 0 ? undefined : next).trim();
}
