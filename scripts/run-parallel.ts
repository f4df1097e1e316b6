/**
 * Runs npm scripts at the same time and prints each one's output whole when it ends, so logs do not
 * interleave. Exits non-zero when any of them failed, after all have finished (every failure is shown).
 *   tsx scripts/run-parallel.ts typecheck lint test:unit
 */
import { spawn } from 'node:child_process';

const names = process.argv.slice(2);
if (names.length === 0) {
  console.error('Usage: tsx scripts/run-parallel.ts <npm script> [<npm script> …]');
  process.exit(2);
}

interface Outcome {
  name: string;
  code: number;
  seconds: number;
}

function run(name: string): Promise<Outcome> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', '--silent', name], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' },
    });
    const output: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk));
    child.on('close', (code) => {
      const seconds = (Date.now() - started) / 1000;
      process.stdout.write(`\n──── ${name} (${code === 0 ? 'passed' : `FAILED, exit ${code}`}, ${seconds.toFixed(1)} s) ────\n`);
      process.stdout.write(Buffer.concat(output));
      resolve({ name, code: code ?? 1, seconds });
    });
  });
}

const outcomes = await Promise.all(names.map(run));
const failed = outcomes.filter((o) => o.code !== 0);
console.log(`\n${outcomes.map((o) => `${o.name} ${o.code === 0 ? 'ok' : 'FAILED'} (${o.seconds.toFixed(1)} s)`).join(' · ')}`);
if (failed.length > 0) {
  console.error(`Failed: ${failed.map((o) => o.name).join(', ')}`);
  process.exit(1);
}
